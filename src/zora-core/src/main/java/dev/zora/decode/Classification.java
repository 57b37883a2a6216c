package dev.zora.decode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A classifier's answer: the most probable label and the probability of every label, in the
 * manifest's label order.
 */
public record Classification(String label, double confidence, Map<String, Double> probabilities) {
  public Classification {
    probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
  }
}

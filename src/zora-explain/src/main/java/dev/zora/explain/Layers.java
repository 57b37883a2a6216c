package dev.zora.explain;

import java.util.List;

/**
 * Every readable tensor of one model, with the log-mel frame spacing its time axes count in.
 *
 * @param secondsPerFrame time between log-mel frames, which {@link LayerInfo#framesPerStep()}
 *     counts
 */
public record Layers(String model, double secondsPerFrame, List<LayerInfo> layers) {

  public Layers {
    layers = List.copyOf(layers);
  }
}

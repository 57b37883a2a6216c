package dev.zora.explain;

import dev.zora.frontend.LogMelFeatures;
import dev.zora.task.Target;

/**
 * A map that explains one target of a model on one audio file, aligned to its log-mel input.
 *
 * @param prediction the model's answer on the audio (a label or a transcript)
 * @param targetProbability the target's probability on the audio
 * @param faithfulness null unless asked for
 * @param evidence null unless asked for
 * @param attributionMillis the time the map alone took
 * @param segment the utterance the map is of; null for the whole file
 */
public record Attribution(
    String model,
    AttributionMethod method,
    Target target,
    String prediction,
    double targetProbability,
    LogMelFeatures logMel,
    AttributionMap map,
    Faithfulness faithfulness,
    Evidence evidence,
    double attributionMillis,
    SelectedSegment segment) {}

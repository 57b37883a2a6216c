package dev.zora.pipeline;

import dev.zora.decode.Transcript;

/**
 * @param model the id of the model that answered
 * @param durationSeconds the duration of the decoded audio
 */
public record TranscriptionResult(
    String model, Transcript transcript, double durationSeconds, Timings timings) {}

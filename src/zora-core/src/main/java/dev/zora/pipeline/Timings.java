package dev.zora.pipeline;

/**
 * Where one transcription spent its time, in milliseconds.
 *
 * @param decodeMs audio decoding and resampling
 * @param frontendMs log-mel features
 * @param inferenceMs model runs and decoding their outputs into text, including any wait for a slot
 * @param totalMs the whole pipeline
 */
public record Timings(double decodeMs, double frontendMs, double inferenceMs, double totalMs) {}

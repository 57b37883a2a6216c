package dev.zora.explain;

import dev.zora.pipeline.SpeechDetection;

/**
 * Explain one utterance of a file, cut as transcription cuts it: {@code index} counts the
 * utterances the speech detector finds (the transcript's segments), from 0.
 *
 * @param vad the detector transcription was asked to use; null for the default, as a transcription
 *     request that names none
 */
public record SegmentSelection(int index, SpeechDetection vad) {}

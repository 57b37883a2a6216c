package dev.zora.explain;

/**
 * The utterance an explanation is of, when one was selected: which of how many, and where the audio
 * the model was fed lies in the file.
 *
 * @param startSeconds where the explained input's first frame lies in the file; below the
 *     utterance's start (even below 0) where edge context was padded on, as transcription pads it
 * @param durationSeconds how long that input is, edge context included
 */
public record SelectedSegment(int index, int count, double startSeconds, double durationSeconds) {}

package dev.zora.decode;

/**
 * One token of a CTC transcript and the encoder frames it occupies.
 *
 * @param firstFrame encoder frame where the token starts
 * @param endFrame encoder frame after it ends
 * @param confidence the token's mean posterior over those frames, 0..1
 */
public record TokenSpan(int token, int firstFrame, int endFrame, double confidence) {}

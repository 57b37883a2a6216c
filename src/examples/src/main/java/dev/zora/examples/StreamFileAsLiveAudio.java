package dev.zora.examples;

import dev.zora.pipeline.LiveTranscription;
import dev.zora.pipeline.Zora;
import dev.zora.pipeline.ZoraSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plays an audio file into a live transcription in 20 ms pieces at 48 kHz, as a browser's
 * microphone would send it, and prints each utterance's final transcript as the speech detector
 * closes it:
 *
 * <pre>java ... dev.zora.examples.StreamFileAsLiveAudio models digits-ctc recording.wav</pre>
 *
 * <p>One {@code Zora} serves any number of live transcriptions at once: the models are shared, each
 * transcription keeps its own stream state (resampler, speech detector, utterance in progress).
 */
public final class StreamFileAsLiveAudio {
  /** The rate browsers capture at. */
  static final int STREAM_RATE = 48_000;

  private static final int PIECE_SAMPLES = STREAM_RATE / 50;

  private StreamFileAsLiveAudio() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: StreamFileAsLiveAudio <models-folder> <model-id> <audio-file>");
      System.exit(2);
    }
    for (LiveTranscription.Final utterance : finals(Path.of(args[0]), args[1], Path.of(args[2]))) {
      System.out.printf(
          "%6.2f-%6.2f s  %s%n",
          utterance.startSeconds(), utterance.endSeconds(), utterance.transcript().text());
    }
  }

  /** The finals of the file played as a live stream, in order. */
  public static List<LiveTranscription.Final> finals(Path models, String modelId, Path file)
      throws IOException {
    try (Zora zora = Zora.open(ZoraSettings.builder(models).build())) {
      float[] samples = zora.decodeAt(Files.readAllBytes(file), STREAM_RATE).samples();
      List<LiveTranscription.Final> finals = new ArrayList<>();
      try (LiveTranscription live = zora.live(modelId, STREAM_RATE)) {
        for (int at = 0; at < samples.length; at += PIECE_SAMPLES) {
          float[] piece =
              Arrays.copyOfRange(samples, at, Math.min(samples.length, at + PIECE_SAMPLES));
          keepFinals(live.accept(piece), finals);
        }
        keepFinals(live.finish(), finals);
      }
      return finals;
    }
  }

  private static void keepFinals(
      List<LiveTranscription.Event> events, List<LiveTranscription.Final> finals) {
    for (LiveTranscription.Event event : events) {
      if (event instanceof LiveTranscription.Final utterance) {
        finals.add(utterance);
      }
    }
  }
}

package dev.zora.examples;

import dev.zora.pipeline.TranscriptionResult;
import dev.zora.pipeline.Zora;
import dev.zora.pipeline.ZoraSettings;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Transcribes one audio file (WAV, MP3, Ogg/Opus in-process; FLAC, WebM and the rest through
 * ffmpeg):
 *
 * <pre>java ... dev.zora.examples.TranscribeFile models digits-ctc recording.wav</pre>
 */
public final class TranscribeFile {
  private TranscribeFile() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: TranscribeFile <models-folder> <model-id> <audio-file>");
      System.exit(2);
    }
    TranscriptionResult result = transcribe(Path.of(args[0]), args[1], Path.of(args[2]));
    System.out.printf(
        "%s (%.2f s of audio, %.0f ms)%n",
        result.transcript().text(), result.durationSeconds(), result.timings().totalMs());
  }

  /** Opens the bundles, transcribes the file with one model, and closes them again. */
  public static TranscriptionResult transcribe(Path models, String modelId, Path file)
      throws IOException {
    try (Zora zora = Zora.open(ZoraSettings.builder(models).build())) {
      return zora.transcribe(modelId, file);
    }
  }
}

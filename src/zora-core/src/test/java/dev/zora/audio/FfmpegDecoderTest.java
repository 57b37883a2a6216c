package dev.zora.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zora.testing.Golden;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FfmpegDecoderTest {
  private final FfmpegDecoder ffmpeg = new FfmpegDecoder("ffmpeg", Duration.ofSeconds(30));

  /**
   * Encodes the first golden clip with ffmpeg itself: the test needs real files of each container.
   */
  private static byte[] encode(Path dir, String extension)
      throws IOException, InterruptedException {
    Path in = Golden.all(Golden.DIGITS_CNN).get(0).wav();
    Path out = dir.resolve("clip." + extension);
    String[] codec =
        extension.startsWith("adpcm")
            ? new String[] {"-c:a", extension.replace('-', '_')}
            : new String[0];
    if (codec.length > 0) {
      out = dir.resolve("clip.wav");
    }
    java.util.List<String> command =
        new java.util.ArrayList<>(
            java.util.List.of(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-i",
                in.toString(),
                "-ar",
                "16000",
                "-ac",
                "2"));
    command.addAll(java.util.List.of(codec));
    command.add(out.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), log);
    return Files.readAllBytes(out);
  }

  @ParameterizedTest
  // MP3 and Ogg/Opus decode in-process (InProcessDecodersTest); ADPCM WAV goes to ffmpeg.
  @ValueSource(strings = {"flac", "ogg", "webm", "m4a", "adpcm-ima-wav", "adpcm-ms"})
  void decodesCompressedContainersToMonoAtTheRequestedRate(String extension, @TempDir Path dir)
      throws Exception {
    assumeTrue(ffmpeg.isAvailable(), "ffmpeg is not installed");
    PcmAudio audio = new AudioDecoder(ffmpeg).decode(encode(dir, extension), 600, 8000);
    PcmAudio reference = new WavDecoder().decode(Golden.all(Golden.DIGITS_CNN).get(0).wavBytes());
    assertEquals(8000, audio.sampleRate());
    assertEquals(reference.durationSeconds(), audio.durationSeconds(), 0.08);
  }

  @Test
  void stopsDecodingJustPastTheLongestAcceptedDuration(@TempDir Path dir) throws Exception {
    assumeTrue(ffmpeg.isAvailable(), "ffmpeg is not installed");
    Path fiveSeconds = dir.resolve("tone.flac");
    Process p =
        new ProcessBuilder(
                "ffmpeg",
                "-hide_banner",
                "-loglevel",
                "error",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:duration=5:sample_rate=8000",
                fiveSeconds.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), log);
    PcmAudio audio = new AudioDecoder(ffmpeg).decode(Files.readAllBytes(fiveSeconds), 0.5, 8000);
    assertEquals(1.5, audio.durationSeconds(), 0.01);
  }

  @Test
  void saysWhenFfmpegCannotDecodeTheBytes() {
    assumeTrue(ffmpeg.isAvailable(), "ffmpeg is not installed");
    UnsupportedAudioException e =
        assertThrows(
            UnsupportedAudioException.class,
            () ->
                new AudioDecoder(ffmpeg)
                    .decode(
                        "this is not audio at all".getBytes(StandardCharsets.US_ASCII), 600, 8000));
    assertTrue(e.getMessage().startsWith("ffmpeg could not decode the audio"), e.getMessage());
  }

  @Test
  void saysThatFfmpegIsNotInstalledWhenItIsMissing() {
    FfmpegDecoder missing = new FfmpegDecoder("/nonexistent/ffmpeg", Duration.ofSeconds(1));
    assertFalse(missing.isAvailable());
    UnsupportedAudioException e =
        assertThrows(
            UnsupportedAudioException.class,
            () ->
                new AudioDecoder(missing)
                    .decode(
                        "fLaC\0\0\0\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        600,
                        8000));
    assertTrue(e.getMessage().contains("needs ffmpeg, which is not installed"), e.getMessage());
  }
}

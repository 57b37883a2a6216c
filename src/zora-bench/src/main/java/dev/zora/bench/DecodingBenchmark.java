package dev.zora.bench;

import dev.zora.audio.AudioDecoder;
import dev.zora.audio.AudioResampler;
import dev.zora.audio.FfmpegDecoder;
import dev.zora.audio.PcmAudio;
import dev.zora.testing.WavWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an upload of the benchmarks' one second costs before the front end, as clients send it: a
 * 16-bit WAV at 8, 16, 44.1 or 48 kHz, an MP3 (16 kHz, 64 kbit/s) or an Ogg/Opus file (32 kbit/s),
 * decoded in-process and resampled to the models' 8 kHz ({@link AudioDecoder} then {@link
 * AudioResampler}, what every transcription request runs). The MP3 and Opus files were made from
 * the same second by ffmpeg and are test resources.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class DecodingBenchmark {
  @Param({"wav-8000", "wav-16000", "wav-44100", "wav-48000", "mp3", "opus"})
  public String input;

  private final AudioDecoder decoder =
      new AudioDecoder(new FfmpegDecoder("/nonexistent/ffmpeg", Duration.ofSeconds(1)));
  private final AudioResampler resampler = new AudioResampler();
  private byte[] bytes;

  @Setup
  public void setUp() throws IOException {
    if (input.startsWith("wav-")) {
      int rate = Integer.parseInt(input.substring(4));
      PcmAudio second =
          resampler.resample(new PcmAudio(BenchmarkAudio.oneSecond(), BenchmarkAudio.RATE), rate);
      bytes = WavWriter.write(rate, WavWriter.Encoding.PCM_16, false, second.samples());
    } else {
      bytes =
          resource(input.equals("mp3") ? "one-second-16k-64kbps.mp3" : "one-second-32kbps.opus");
    }
  }

  @Benchmark
  public PcmAudio decodeAndResample() {
    return resampler.resample(decoder.decode(bytes, 600, BenchmarkAudio.RATE), BenchmarkAudio.RATE);
  }

  private static byte[] resource(String name) {
    try (InputStream in = DecodingBenchmark.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

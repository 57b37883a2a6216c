package dev.zora.testing;

import dev.zora.audio.PcmAudio;
import dev.zora.audio.WavDecoder;
import dev.zora.testing.WavWriter.Encoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A long recording for transcription tests: spoken digit strings (1-8 held-out FSDD clips of one
 * speaker, 0.05-0.3 s apart) separated by 1.2-3.5 s pauses, over white noise throughout, at 8 kHz.
 * Which clips, gaps and pauses is fixed by the seed.
 */
public final class DigitStringRecording {
  private static final int RATE = 8000;
  private static final double NOISE_RMS = 0.003;

  /**
   * One string as placed: where its speech starts (its first clip's start plus the silence that
   * clip begins with) and the words it says.
   */
  /**
   * @param endSeconds where its last clip ends (the clip's own trailing silence included)
   */
  public record PlacedString(double startSeconds, double endSeconds, List<String> words) {}

  private final byte[] wav;
  private final List<PlacedString> strings;
  private final double seconds;

  private DigitStringRecording(byte[] wav, List<PlacedString> strings, double seconds) {
    this.wav = wav;
    this.strings = List.copyOf(strings);
    this.seconds = seconds;
  }

  /** Builds a recording of at most {@code maxSeconds} from the FSDD validation clips. */
  public static DigitStringRecording build(long seed, double maxSeconds) {
    Random random = new Random(seed);
    List<FsddHeldOut.Clip> clips = FsddHeldOut.clips();
    List<String> speakers =
        clips.stream().map(FsddHeldOut.Clip::speaker).distinct().sorted().toList();
    float[] audio = new float[(int) (maxSeconds * RATE)];
    List<PlacedString> strings = new ArrayList<>();
    int at = seconds(random, 1.2, 3.5);
    while (true) {
      String speaker = speakers.get(random.nextInt(speakers.size()));
      List<FsddHeldOut.Clip> own = clips.stream().filter(c -> c.speaker().equals(speaker)).toList();
      List<float[]> parts = new ArrayList<>();
      List<String> words = new ArrayList<>();
      int length = 0;
      int onset = 0;
      for (int n = 1 + random.nextInt(8); n > 0; n--) {
        FsddHeldOut.Clip clip = own.get(random.nextInt(own.size()));
        float[] samples = read(clip);
        if (parts.isEmpty()) {
          onset = speechOnset(samples);
        }
        int gap = parts.isEmpty() ? 0 : seconds(random, 0.05, 0.3);
        parts.add(new float[gap]);
        parts.add(samples);
        words.add(clip.word());
        length += gap + samples.length;
      }
      int pauseAfter = seconds(random, 1.2, 3.5);
      if (at + length + pauseAfter > audio.length) {
        break;
      }
      strings.add(
          new PlacedString((at + onset) / (double) RATE, (at + length) / (double) RATE, words));
      for (float[] part : parts) {
        System.arraycopy(part, 0, audio, at, part.length);
        at += part.length;
      }
      at += pauseAfter;
    }
    float[] recording = new float[at];
    for (int i = 0; i < at; i++) {
      recording[i] = (float) (audio[i] + NOISE_RMS * random.nextGaussian());
    }
    return new DigitStringRecording(
        WavWriter.write(RATE, Encoding.PCM_16, false, recording), strings, at / (double) RATE);
  }

  public byte[] wav() {
    return wav;
  }

  public List<PlacedString> strings() {
    return strings;
  }

  public double seconds() {
    return seconds;
  }

  /** Every word of every string, in order. */
  public List<String> words() {
    return strings.stream().flatMap(s -> s.words().stream()).toList();
  }

  private static int seconds(Random random, double min, double max) {
    return (int) Math.round((min + random.nextDouble() * (max - min)) * RATE);
  }

  /** The first 10 ms frame within 25 dB of the clip's loudest frame: where its speech starts. */
  private static int speechOnset(float[] clip) {
    int frame = RATE / 100;
    double[] energy = new double[clip.length / frame];
    double peak = 0;
    for (int f = 0; f < energy.length; f++) {
      for (int i = f * frame; i < (f + 1) * frame; i++) {
        energy[f] += (double) clip[i] * clip[i];
      }
      peak = Math.max(peak, energy[f]);
    }
    for (int f = 0; f < energy.length; f++) {
      if (energy[f] >= peak / 316) {
        return f * frame;
      }
    }
    return 0;
  }

  private static float[] read(FsddHeldOut.Clip clip) {
    try {
      PcmAudio audio = new WavDecoder().decode(Files.readAllBytes(clip.path()));
      if (audio.sampleRate() != RATE) {
        throw new IllegalStateException(clip.path() + " is not at " + RATE + " Hz");
      }
      return audio.samples();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

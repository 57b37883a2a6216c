package dev.zora.pipeline;

import dev.zora.decode.Transcript;
import dev.zora.segmentation.Utterance;
import dev.zora.segmentation.VoiceActivityDetector;
import dev.zora.task.ServedModel;
import java.util.Random;

/**
 * Transcribes utterances cut from a longer recording or stream with one model, placing each
 * transcript where its utterance lies, and counts the time spent in the front end and in the model.
 */
final class UtteranceTranscriber {
  /**
   * -13 dB, as a power ratio: above every clip in 10 dB white noise, below three in four clean FSDD
   * clips.
   */
  private static final double QUIET_FLOOR_RATIO = 0.05;

  private final ServedModel model;
  private long frontendNanos;
  private long inferenceNanos;

  UtteranceTranscriber(ServedModel model) {
    this.model = model;
  }

  /**
   * The utterance's transcript with absolute times; its one segment per utterance spans the speech
   * the VAD found, even where the model missed a word. Where the recording gives less audio around
   * the sound than the model needs ({@link ServedModel#edgeContextSamples()}: a clip cut tight at
   * its first and last sound: {@link #onset}), padding at the clip's noise floor makes up the rest,
   * and the times stay the recording's.
   */
  Transcript transcribe(Utterance utterance) {
    long start = System.nanoTime();
    PreparedAudio input = prepare(utterance);
    long featuresAt = System.nanoTime();
    Transcript transcript =
        model.transcriber().transcribe(input.features(), input.durationSeconds());
    inferenceNanos += System.nanoTime() - featuresAt;
    frontendNanos += featuresAt - start;
    long end = utterance.startSample() + utterance.samples().length;
    return transcript
        .shifted(input.startSeconds())
        .within(utterance.startSeconds(), end / (double) utterance.sampleRate())
        .covering(utterance.speechStartSeconds(), utterance.speechEndSeconds())
        .withNoSpeechProbability(1 - utterance.speechProbability());
  }

  /**
   * The utterance as the model is fed it: with the edge context it lacks (see {@link #transcribe}),
   * padded to the model's fewest frames, and through its front end.
   */
  PreparedAudio prepare(Utterance utterance) {
    int context = model.edgeContextSamples();
    int lead = 0;
    float[] samples = utterance.samples();
    if (context > 0) {
      lead = (int) Math.max(0, context - (onset(utterance) - utterance.startSample()));
      long end = utterance.startSample() + samples.length;
      int tail = (int) Math.max(0, context - (end - utterance.speechEndSample()));
      if (lead > 0 || tail > 0) {
        samples = paddedWithItsNoiseFloor(samples, lead, tail, utterance.sampleRate());
      }
    }
    double rate = utterance.sampleRate();
    float[] padded = model.paddedToMinimum(samples);
    return new PreparedAudio(
        model,
        padded,
        utterance.startSeconds() - lead / rate,
        samples.length / rate,
        model.frontEnd().extract(padded));
  }

  /**
   * Where the utterance's speech begins, for counting the context before it. At the very start of
   * the audio a detector has nothing before the speech to judge an onset against, and may date it
   * tens of ms after the first sound (Silero decides per 32 ms chunk): a tight clip then lost part
   * of its padding, differently for each detector (through the connected models, five of 300 tight
   * FSDD digits wrong with Silero against three with the energy detector). There the first sound
   * the energy detector hears at its 10 ms frames counts; elsewhere the segmenter kept audio before
   * the speech, and the detector's start counts.
   */
  private static long onset(Utterance utterance) {
    if (utterance.startSample() != 0) {
      return utterance.speechStartSample();
    }
    return VoiceActivityDetector.firstSound(utterance.samples(), utterance.sampleRate())
        .orElse(utterance.speechStartSample());
  }

  /**
   * The samples with {@code lead} and {@code tail} samples added: silence for a quiet recording,
   * and for a noisy one Gaussian noise at the level of its quietest 20 ms, which is what the
   * recipe's padding looks like once its noise is added, so a noisy tight clip does not get an edge
   * of digital silence no training clip had (at 10 dB white noise, silence there cost 12-15 points
   * of isolated-digit accuracy; noise on a clean clip costs about one point). Seeded, so the same
   * clip always gets the same padding.
   */
  private static float[] paddedWithItsNoiseFloor(float[] clip, int lead, int tail, int sampleRate) {
    int window = Math.max(1, sampleRate / 50);
    double floor = Double.MAX_VALUE;
    for (int start = 0; start + window <= clip.length; start += Math.max(1, window / 2)) {
      double energy = 0;
      for (int i = start; i < start + window; i++) {
        energy += clip[i] * clip[i];
      }
      floor = Math.min(floor, energy / window);
    }
    double whole = 0;
    for (float x : clip) {
      whole += x * x;
    }
    whole /= Math.max(1, clip.length);
    // A floor more than 13 dB below the clip is a quiet recording's: silence pads it (as training
    // padded clean clips); above that, the noise the clip carries goes on into the padding.
    double rms =
        floor == Double.MAX_VALUE || floor < whole * QUIET_FLOOR_RATIO ? 0 : Math.sqrt(floor);
    float[] padded = new float[lead + clip.length + tail];
    System.arraycopy(clip, 0, padded, lead, clip.length);
    if (rms > 0) {
      Random noise = new Random(clip.length);
      for (int i = 0; i < lead; i++) {
        padded[i] = (float) (noise.nextGaussian() * rms);
      }
      for (int i = lead + clip.length; i < padded.length; i++) {
        padded[i] = (float) (noise.nextGaussian() * rms);
      }
    }
    return padded;
  }

  long frontendNanos() {
    return frontendNanos;
  }

  long inferenceNanos() {
    return inferenceNanos;
  }
}

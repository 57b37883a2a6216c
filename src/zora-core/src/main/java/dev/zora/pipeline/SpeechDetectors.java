package dev.zora.pipeline;

import dev.zora.model.Lease;
import dev.zora.model.ModelRegistry;
import dev.zora.model.WrongTaskException;
import dev.zora.segmentation.NeuralSpeechDetector;
import dev.zora.segmentation.SpeechDetector;
import dev.zora.segmentation.SpeechProbabilities;
import dev.zora.segmentation.VoiceActivityDetector;
import dev.zora.task.ServedModel;
import dev.zora.vad.VadModel;

/**
 * Builds the speech detector of one recording or stream. A Silero detector holds a lease on the
 * {@code silero-vad} bundle until it is closed, so a reload meanwhile leaves it on the model it
 * started with, as a transcription's own model lease does.
 */
final class SpeechDetectors {
  private final ModelRegistry<ServedModel> registry;

  SpeechDetectors(ModelRegistry<ServedModel> registry) {
    this.registry = registry;
  }

  /**
   * @param sampleRate the rate of the audio it will be pushed (the transcribing model's)
   * @param rules the endpoint rules (onset, hangover) and the energy detector's thresholds
   * @throws dev.zora.model.UnknownModelException the Silero bundle is not in the models folder
   * @throws dev.zora.model.ModelNotReadyException the Silero bundle failed to load
   * @throws WrongTaskException the Silero bundle runs at another rate than the transcribing model
   */
  SpeechDetector open(
      SpeechDetection detection, int sampleRate, VoiceActivityDetector.Settings rules) {
    return switch (detection) {
      case ENERGY -> new VoiceActivityDetector(sampleRate, rules);
      case SILERO -> neural(SpeechDetection.SILERO_MODEL, sampleRate, rules);
    };
  }

  private SpeechDetector neural(
      String modelId, int sampleRate, VoiceActivityDetector.Settings rules) {
    Lease<ServedModel> lease = registry.acquire(modelId);
    try {
      VadModel vad = lease.get().vad();
      if (vad.spec().sampleRate() != sampleRate) {
        throw new WrongTaskException(
            modelId
                + " runs at "
                + vad.spec().sampleRate()
                + " Hz and this model at "
                + sampleRate
                + " Hz; use vad=energy with it");
      }
      VadModel.Stream stream = vad.open();
      SpeechProbabilities leased =
          new SpeechProbabilities() {
            @Override
            public int chunkSamples() {
              return stream.chunkSamples();
            }

            @Override
            public float[] next(float[] chunks) {
              return stream.next(chunks);
            }

            @Override
            public void close() {
              lease.close();
            }
          };
      return new NeuralSpeechDetector(leased, vad.thresholds(), sampleRate, rules);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }
}

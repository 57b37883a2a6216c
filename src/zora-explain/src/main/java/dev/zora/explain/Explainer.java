package dev.zora.explain;

import dev.zora.audio.PcmAudio;
import dev.zora.audio.UnusableAudioException;
import dev.zora.decode.Transcript;
import dev.zora.frontend.LogMelExtractor;
import dev.zora.frontend.LogMelFeatures;
import dev.zora.frontend.WaveformSpec;
import dev.zora.inference.FloatTensor;
import dev.zora.inference.InspectableGraph;
import dev.zora.model.Lease;
import dev.zora.pipeline.PreparedAudio;
import dev.zora.pipeline.Zora;
import dev.zora.task.InvalidOptionException;
import dev.zora.task.NotExplainableException;
import dev.zora.task.ScoredTarget;
import dev.zora.task.ServedModel;
import dev.zora.task.Target;
import dev.zora.vad.VadModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The explain path: a model's readable tensors, their values on an audio file, and attribution maps
 * over its log-mel input with their faithfulness and the evidence to listen to. It starts from the
 * same decoding, front end and sessions as transcription ({@link Zora#prepare}).
 */
public final class Explainer implements AutoCloseable {
  /** The tensors of one loaded instance of a model. */
  private record Catalog(ServedModel model, List<LayerInfo> layers) {}

  private final Zora zora;
  private final double maxDurationSeconds;
  private final Map<String, Catalog> catalogs = new ConcurrentHashMap<>();
  private final Map<AttributionMethod, Attributor> methods = new EnumMap<>(AttributionMethod.class);
  private final Map<WaveformSpec, LogMelExtractor> displays = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param maxDurationSeconds longer audio is refused: every method runs the model many times
   */
  public Explainer(Zora zora, double maxDurationSeconds) {
    this.zora = zora;
    this.maxDurationSeconds = maxDurationSeconds;
    methods.put(AttributionMethod.OCCLUSION, new Occlusion());
    methods.put(AttributionMethod.RISE, new Rise());
    methods.put(AttributionMethod.CAM, new ClassActivationMap());
    methods.put(AttributionMethod.SCORE_CAM, new ScoreCam());
    methods.put(AttributionMethod.KERNEL_SHAP, new KernelShap());
    methods.put(AttributionMethod.ATTENTION, new AttentionMaps(false));
    methods.put(AttributionMethod.ATTENTION_ROLLOUT, new AttentionMaps(true));
  }

  /**
   * Every float tensor of the model's graphs, found by running them once on one and on two seconds
   * of silence (the first call per loaded model; later calls reuse it).
   */
  public Layers layers(String modelId) {
    requireOpen();
    try (Lease<ServedModel> model = zora.served(modelId)) {
      double secondsPerFrame =
          model.get().manifest().takesWaveform()
              ? display(model.get().vad()).spec().secondsPerFrame()
              : model.get().frontEnd().spec().secondsPerFrame();
      return new Layers(modelId, secondsPerFrame, catalog(modelId, model.get()));
    }
  }

  /**
   * The values of {@code tensors} on the audio. A decoder's tensors are read with the decoder
   * teacher-forced on the model's own transcript.
   */
  public Activations activations(String modelId, byte[] audio, List<String> tensors) {
    return activations(modelId, audio, tensors, null);
  }

  /**
   * The values of {@code tensors} on one utterance of the audio, as transcription cuts it and feeds
   * it to the model; on the whole file when {@code segment} is null.
   */
  public Activations activations(
      String modelId, byte[] audio, List<String> tensors, SegmentSelection segment) {
    requireOpen();
    if (tensors.isEmpty()) {
      throw new InvalidOptionException(
          "name at least one tensor; GET /v1/models/" + modelId + "/layers lists them");
    }
    try (Lease<ServedModel> lease = zora.served(modelId)) {
      ServedModel model = lease.get();
      List<LayerInfo> catalog = catalog(modelId, model);
      Map<String, LayerInfo> wanted = new LinkedHashMap<>();
      for (String tensor : new LinkedHashSet<>(tensors)) {
        wanted.put(
            tensor,
            catalog.stream()
                .filter(l -> l.tensor().equals(tensor))
                .findFirst()
                .orElseThrow(
                    () ->
                        new InvalidOptionException(
                            "model "
                                + modelId
                                + " has no float tensor named "
                                + tensor
                                + "; GET /v1/models/"
                                + modelId
                                + "/layers lists them")));
      }
      if (model.manifest().takesWaveform()) {
        requireWholeFile(model, segment);
        return waveformActivations(model, audio, wanted);
      }
      Selected selected = prepare(model, audio, segment);
      PreparedAudio prepared = selected.audio();
      Transcript transcript =
          model.transcriber().transcribe(prepared.features(), prepared.durationSeconds());
      Map<String, FloatTensor> values = new LinkedHashMap<>();
      for (InspectableGraph graph : model.graphs()) {
        LinkedHashSet<String> fromThisGraph = new LinkedHashSet<>();
        wanted.values().stream()
            .filter(l -> l.graph().equals(graph.role()))
            .forEach(l -> fromThisGraph.add(l.tensor()));
        if (!fromThisGraph.isEmpty()) {
          values.putAll(
              graph.run(
                  model
                      .transcribingTask()
                      .feeds(model, graph.role(), prepared.features(), transcript),
                  fromThisGraph));
        }
      }
      List<Activation> out = new ArrayList<>();
      wanted.forEach((name, layer) -> out.add(Activation.of(layer, values.get(name))));
      return new Activations(
          modelId, prediction(transcript), prepared.features(), out, selected.segment());
    }
  }

  /**
   * A map over the audio's log-mel cells for one target, with its faithfulness and evidence when
   * asked.
   */
  public Attribution attribute(String modelId, byte[] audio, AttributionRequest request) {
    return attribute(modelId, audio, request, null);
  }

  /**
   * A map over one utterance of the audio, as transcription cuts it and feeds it to the model; over
   * the whole file when {@code segment} is null.
   */
  public Attribution attribute(
      String modelId, byte[] audio, AttributionRequest request, SegmentSelection segment) {
    requireOpen();
    try (Lease<ServedModel> lease = zora.served(modelId)) {
      ServedModel model = lease.get();
      if (model.manifest().takesWaveform()) {
        requireWholeFile(model, segment);
        return waveformAttribution(model, audio, request);
      }
      Selected selected = prepare(model, audio, segment);
      PreparedAudio prepared = selected.audio();
      LogMelFeatures features = prepared.features();
      Transcript transcript = model.transcriber().transcribe(features, prepared.durationSeconds());
      String prediction = prediction(transcript);
      ScoredTarget resolved =
          model.transcribingTask().target(model, features, transcript, request.target());
      Explained subject =
          new Explained(
              model,
              features,
              request.options().baseline().of(features),
              resolved.target(),
              resolved.scorer());
      long start = System.nanoTime();
      AttributionMap map = methods.get(request.method()).attribute(subject, request.options());
      double millis = (System.nanoTime() - start) / 1e6;
      Faithfulness faithfulness =
          request.faithfulnessSteps() == null
              ? null
              : FaithfulnessCheck.measure(
                  subject, map, request.faithfulnessSteps(), request.options().seed());
      Function<LogMelFeatures, String> predict =
          f -> prediction(model.transcriber().transcribe(f, prepared.durationSeconds()));
      Evidence evidence =
          request.evidenceFraction() == null
              ? null
              : EvidenceSynthesis.synthesize(
                  subject,
                  map,
                  prepared.samples(),
                  request.evidenceFraction(),
                  predict,
                  prediction);
      return new Attribution(
          modelId,
          request.method(),
          resolved.target(),
          prediction,
          Math.exp(subject.scorer().logProbability(features.values())),
          features,
          map,
          faithfulness,
          evidence,
          millis,
          selected.segment());
    }
  }

  /**
   * The model's tensors, probed once per loaded model: a reload that replaces the bundle probes
   * anew.
   */
  private List<LayerInfo> catalog(String modelId, ServedModel model) {
    return catalogs
        .compute(
            modelId,
            (id, known) ->
                known != null && known.model() == model
                    ? known
                    : new Catalog(
                        model,
                        model.manifest().takesWaveform()
                            ? WaveformExplanations.probe(model, display(model.vad()))
                            : LayerCatalog.probe(model)))
        .layers();
  }

  private Activations waveformActivations(
      ServedModel model, byte[] audio, Map<String, LayerInfo> wanted) {
    VadModel vad = model.vad();
    float[] samples = waveform(model, audio);
    Map<String, FloatTensor> values = WaveformExplanations.run(model, samples, wanted.keySet());
    List<Activation> out = new ArrayList<>();
    wanted.forEach((name, layer) -> out.add(Activation.of(layer, values.get(name))));
    return new Activations(
        model.manifest().id(),
        WaveformExplanations.prediction(vad, vad.probabilities(samples)),
        display(vad).extract(samples),
        out,
        null);
  }

  /**
   * Occlusion over time of a speech detector's mean speech probability: the one method that fits a
   * waveform model.
   */
  private Attribution waveformAttribution(
      ServedModel model, byte[] audio, AttributionRequest request) {
    String id = model.manifest().id();
    if (request.method() != AttributionMethod.OCCLUSION) {
      throw new NotExplainableException(
          id
              + " hears raw samples, not a spectrogram: of the attribution methods"
              + " only occlusion (over time) fits it, not "
              + request.method().apiName());
    }
    if (request.faithfulnessSteps() != null || request.evidenceFraction() != null) {
      throw new NotExplainableException(
          "faithfulness and evidence are measured on log-mel inputs; "
              + id
              + " hears raw samples, so ask for its occlusion map alone");
    }
    if (request.target() != null && request.target() != 0) {
      throw new InvalidOptionException(
          id + " has one target: 0, speech (its mean speech probability over the clip)");
    }
    VadModel vad = model.vad();
    float[] samples = waveform(model, audio);
    float[] probabilities = vad.probabilities(samples);
    LogMelFeatures display = display(vad).extract(samples);
    long start = System.nanoTime();
    AttributionMap map =
        WaveformExplanations.occlusion(vad, samples, probabilities, display, request.options());
    double millis = (System.nanoTime() - start) / 1e6;
    return new Attribution(
        id,
        request.method(),
        new Target(0, "speech", null),
        WaveformExplanations.prediction(vad, probabilities),
        WaveformExplanations.mean(probabilities),
        display,
        map,
        null,
        null,
        millis,
        null);
  }

  /** The spectrogram a waveform model's explanations are drawn on; built once per front end. */
  private LogMelExtractor display(VadModel vad) {
    return displays.computeIfAbsent(vad.spec(), WaveformExplanations::display);
  }

  private float[] waveform(ServedModel model, byte[] audio) {
    PcmAudio decoded = zora.decodeAt(audio, model.sampleRate());
    requireExplainable(decoded.durationSeconds());
    return decoded.samples();
  }

  /** The audio an explanation is of, and which utterance it is when one was selected. */
  private record Selected(PreparedAudio audio, SelectedSegment segment) {}

  private Selected prepare(ServedModel model, byte[] audio, SegmentSelection selection) {
    if (selection == null) {
      PreparedAudio whole = zora.prepare(model, audio);
      requireExplainable(whole.durationSeconds());
      return new Selected(whole, null);
    }
    List<PreparedAudio> utterances =
        zora.prepareUtterances(
            model, audio, selection.vad() == null ? zora.defaultVad() : selection.vad());
    if (utterances.isEmpty()) {
      throw new NotExplainableException(
          "the speech detector found no utterance in this audio, so there is no segment to explain");
    }
    if (selection.index() < 0 || selection.index() >= utterances.size()) {
      throw new InvalidOptionException(
          "segment must be an utterance of the file, from 0 to "
              + (utterances.size() - 1)
              + " (transcription cuts it into "
              + utterances.size()
              + "), got "
              + selection.index());
    }
    PreparedAudio chosen = utterances.get(selection.index());
    requireExplainable(chosen.durationSeconds());
    return new Selected(
        chosen,
        new SelectedSegment(
            selection.index(), utterances.size(), chosen.startSeconds(), chosen.durationSeconds()));
  }

  /** A speech detector is explained over the whole clip: it is what cuts files into segments. */
  private static void requireWholeFile(ServedModel model, SegmentSelection segment) {
    if (segment != null) {
      throw new InvalidOptionException(
          model.manifest().id()
              + " is a speech detector, explained over the whole clip: leave segment out");
    }
  }

  private void requireExplainable(double durationSeconds) {
    if (durationSeconds > maxDurationSeconds) {
      throw new UnusableAudioException(
          String.format(
              "the audio is %.1f s long; explanations take at most %.0f s"
                  + " (zora.explain.max-duration-seconds), since every method runs the model many times",
              durationSeconds, maxDurationSeconds));
    }
  }

  /** A classifier's label, or the transcript. */
  static String prediction(Transcript transcript) {
    return transcript.classification().map(c -> c.label()).orElse(transcript.text());
  }

  /**
   * Forgets the probed tensor catalogs and display front ends, letting go of the models they
   * reference; the {@code Zora} it explains stays open (its owner closes it). Calls after this
   * throw {@link IllegalStateException}.
   */
  @Override
  public void close() {
    closed = true;
    catalogs.clear();
    displays.clear();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("this explainer is closed");
    }
  }
}

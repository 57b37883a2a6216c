package dev.zora.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.audio.UnusableAudioException;
import dev.zora.decode.BeamSearchOptions;
import dev.zora.decode.Segment;
import dev.zora.inference.InferenceOptions;
import dev.zora.model.Lease;
import dev.zora.pipeline.SpeechDetection;
import dev.zora.pipeline.Zora;
import dev.zora.pipeline.ZoraSettings;
import dev.zora.task.InvalidOptionException;
import dev.zora.task.NotExplainableException;
import dev.zora.task.ServedModel;
import dev.zora.testing.Bundles;
import dev.zora.testing.Golden;
import dev.zora.testing.RankCorrelation;
import dev.zora.testing.WavWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The explain path as a library, on the shipped bundles and their golden clips. */
class ExplainerTest {
  private static final String CNN = "digits-cnn";
  private static final String TRANSFORMER = "digits-transformer";
  private static final String CTC = "digits-ctc";

  private static Zora zora;
  private static Explainer explainer;

  @BeforeAll
  static void open() {
    zora = open(Golden.MODELS);
    explainer = new Explainer(zora, 10);
  }

  @AfterAll
  static void close() {
    explainer.close();
    zora.close();
  }

  static Zora open(Path models) {
    return Zora.open(
        ZoraSettings.builder(models)
            .defaultModel(CNN)
            .inference(
                InferenceOptions.builder()
                    .maxConcurrentRuns(2)
                    .queue(8, Duration.ofSeconds(30))
                    .build())
            .maxDurationSeconds(60)
            .beamSearch(new BeamSearchOptions(1, 12, 4.0, 1.0))
            .build());
  }

  private static AttributionOptions options(
      Function<AttributionOptions, AttributionOptions> change) {
    return change.apply(AttributionOptions.DEFAULTS);
  }

  private static AttributionOptions with(
      AttributionOptions o, int windowFrames, int windowMels, int masks, String layer) {
    return new AttributionOptions(
        o.baseline(),
        windowFrames,
        windowMels,
        o.strideFrames(),
        o.strideMels(),
        masks,
        o.cellFrames(),
        o.cellMels(),
        o.keepProbability(),
        o.samples(),
        layer,
        o.seed());
  }

  private static Attribution attribute(
      String model, Golden clip, AttributionMethod method, AttributionOptions options) {
    return explainer.attribute(
        model, clip.wavBytes(), new AttributionRequest(method, null, options, null, null));
  }

  private static List<Golden> cnnDigits() {
    return Golden.digits(Golden.DIGITS_CNN);
  }

  private static Golden longestString(Path bundle) {
    return Golden.all(bundle).stream()
        .filter(g -> g.name().startsWith("fsdd"))
        .max((a, b) -> Integer.compare(a.label().split(" ").length, b.label().split(" ").length))
        .orElseThrow();
  }

  @Test
  void layersListEveryConvBlockAndUnnamedIntermediatesWithTheirTimeStride() {
    Map<String, LayerInfo> layers =
        explainer.layers(CNN).layers().stream()
            .collect(Collectors.toMap(LayerInfo::tensor, l -> l));
    assertEquals("Input", layers.get("features").opType());
    assertEquals(1, layers.get("features").timeAxis());
    assertEquals(1.0, layers.get("features").framesPerStep());
    for (int block = 1; block <= 4; block++) {
      LayerInfo conv = layers.get("conv" + block + "_out");
      assertEquals(2, conv.timeAxis(), conv.tensor());
      assertEquals(Math.pow(2, Math.min(block, 3)), conv.framesPerStep(), 0.2, conv.tensor());
      assertEquals("NCTF", conv.layout());
      assertTrue(conv.title().startsWith("Conv block " + block), conv.title());
    }
    LayerInfo relu = layers.get("/model/blocks.0/Relu_output_0");
    assertEquals("Relu", relu.opType());
    assertEquals(null, relu.title());
    assertEquals(null, layers.get("logits").timeAxis());
    assertEquals(1, layers.get("logits").channelAxis());
  }

  @Test
  void aGraphExportedWithoutExtraOutputsStillShowsEveryTensor(@TempDir Path models)
      throws Exception {
    Bundles.copyWithEditedGraph(
        Golden.DIGITS_CNN, models, "model.onnx", Bundles.onlyOutputs(Set.of("logits")));
    Golden clip = cnnDigits().get(0);
    try (Zora bare = open(models);
        Explainer bareExplainer = new Explainer(bare, 10)) {
      try (Lease<ServedModel> model = bare.served(CNN)) {
        assertEquals(Set.of("logits"), model.get().graph("model").serving().outputNames());
      }
      Activations fromBare = bareExplainer.activations(CNN, clip.wavBytes(), List.of("conv2_out"));
      Activations fromShipped = explainer.activations(CNN, clip.wavBytes(), List.of("conv2_out"));
      float[] expected = fromShipped.tensors().get(0).value().values();
      assertEquals(
          0, Golden.maxAbsDiff(fromBare.tensors().get(0).value().values(), expected), 1e-5);
      assertEquals(fromShipped.prediction(), fromBare.prediction());
    }
  }

  @Test
  void activationsAreAlignedToTheLogMelInputAndSummarisedPerChannel() {
    Golden clip = cnnDigits().get(0);
    Activations a = explainer.activations(CNN, clip.wavBytes(), List.of("conv1_out", "features"));
    assertEquals(clip.label(), a.prediction());
    assertEquals(clip.frames(), a.logMel().frames());
    Activation conv1 = a.tensors().get(0);
    long[] shape = conv1.value().shape();
    assertEquals(
        List.of(1L, 16L, (long) clip.frames() / 2, 20L),
        List.of(shape[0], shape[1], shape[2], shape[3]));
    assertEquals(16, conv1.mean().length);
    for (int c = 0; c < 16; c++) {
      assertTrue(conv1.min()[c] >= 0, "ReLU then max-pool cannot be negative");
      assertTrue(conv1.min()[c] <= conv1.mean()[c] && conv1.mean()[c] <= conv1.max()[c]);
    }
    assertEquals(0, Golden.maxAbsDiff(a.tensors().get(1).value().values(), a.logMel().values()));
  }

  @Test
  void aDecodersTensorsAreReadTeacherForcedOnTheTranscript() {
    Golden clip = longestString(Golden.DIGITS_TRANSFORMER);
    Activations a =
        explainer.activations(
            TRANSFORMER, clip.wavBytes(), List.of("decoder_cross_attention_1", "memory"));
    int tokens = a.prediction().split(" ").length;
    long[] cross = a.tensors().get(0).value().shape();
    long[] memory = a.tensors().get(1).value().shape();
    assertEquals(tokens + 1, cross[2], "one query per token and one for <eos>");
    assertEquals(memory[1], cross[3], "keys are the encoder frames");
  }

  @Test
  void occlusionOverTheWholeInputCreditsEveryCellWithTheWholeDrop() {
    Golden clip = cnnDigits().get(0);
    Attribution a =
        attribute(
            CNN,
            clip,
            AttributionMethod.OCCLUSION,
            options(o -> with(o, 10_000, 10_000, o.masks(), null)));
    float[] map = a.map().values();
    for (float v : map) {
      assertEquals(map[0], v, 1e-6);
    }
    assertTrue(map[0] > 0, "removing everything lowers the predicted class: " + map[0]);
  }

  @Test
  void kernelShapValuesSumToTheScoreDifferenceFromTheBaseline() {
    Golden clip = cnnDigits().get(1);
    Attribution shap =
        attribute(CNN, clip, AttributionMethod.KERNEL_SHAP, AttributionOptions.DEFAULTS);
    Attribution whole =
        attribute(
            CNN,
            clip,
            AttributionMethod.OCCLUSION,
            options(o -> with(o, 10_000, 10_000, o.masks(), null)));
    double sum = 0;
    for (float v : shap.map().values()) {
      sum += v;
    }
    assertEquals(whole.map().values()[0], sum, 1e-3, "f(input) - f(baseline)");
  }

  @Test
  void camIsExactForThePooledLinearHeadAndRefusedElsewhere() {
    Golden clip = cnnDigits().get(0);
    Attribution cam = attribute(CNN, clip, AttributionMethod.CAM, AttributionOptions.DEFAULTS);
    assertEquals(clip.label(), cam.target().label());
    NotExplainableException notLinear =
        assertThrows(
            NotExplainableException.class,
            () ->
                attribute(
                    CNN,
                    clip,
                    AttributionMethod.CAM,
                    options(o -> with(o, 10, 8, 500, "conv3_out"))));
    assertTrue(notLinear.getMessage().contains("score-cam"), notLinear.getMessage());
    Attribution scoreCam =
        attribute(
            CNN, clip, AttributionMethod.SCORE_CAM, options(o -> with(o, 10, 8, 500, "conv3_out")));
    assertEquals(clip.frames() * 40, scoreCam.map().values().length);
  }

  @Test
  void everyClassifierMapBeatsARandomOrderingOnDeletionForTheGoldenDigits() {
    for (AttributionMethod method :
        List.of(
            AttributionMethod.OCCLUSION,
            AttributionMethod.RISE,
            AttributionMethod.KERNEL_SHAP,
            AttributionMethod.CAM,
            AttributionMethod.SCORE_CAM)) {
      for (Golden clip : cnnDigits()) {
        Faithfulness f =
            explainer
                .attribute(
                    CNN,
                    clip.wavBytes(),
                    new AttributionRequest(method, null, AttributionOptions.DEFAULTS, 20, null))
                .faithfulness();
        assertTrue(
            f.deletion().auc() < f.randomDeletion().auc(),
            method
                + " on "
                + clip.name()
                + ": deletion AUC "
                + f.deletion().auc()
                + ", random "
                + f.randomDeletion().auc());
        assertEquals(21, f.fractions().length);
        assertEquals(
            f.deletion().probabilities()[0],
            f.insertion().probabilities()[20],
            1e-6,
            "nothing deleted = everything inserted");
      }
    }
  }

  @Test
  void evidenceOnlyAudioKeepsTheDigitMoreLikelyThanEvidenceRemovedAudio() {
    for (Golden clip : cnnDigits()) {
      Attribution a =
          explainer.attribute(
              CNN,
              clip.wavBytes(),
              new AttributionRequest(
                  AttributionMethod.OCCLUSION, null, AttributionOptions.DEFAULTS, null, 0.2));
      Evidence e = a.evidence();
      assertTrue(
          e.removed().targetProbability() < e.kept().targetProbability(),
          clip.name()
              + ": removed "
              + e.removed().targetProbability()
              + " vs kept "
              + e.kept().targetProbability());
      assertEquals(e.kept().prediction().equals(clip.label()), e.kept().keepsPrediction());
      byte[] wav = e.kept().wav();
      assertEquals("RIFF", new String(wav, 0, 4, StandardCharsets.US_ASCII));
      assertEquals(
          e.kept().prediction(),
          zora.transcribe(CNN, wav).transcript().classification().orElseThrow().label(),
          "the WAV itself, sent back through the pipeline, gets the answer reported for it");
    }
  }

  @Test
  void perTokenMapsOfTheTransformerFollowTheWordOrder() {
    Golden clip = longestString(Golden.DIGITS_TRANSFORMER);
    int last = clip.label().split(" ").length - 1;
    for (AttributionMethod method :
        List.of(
            AttributionMethod.OCCLUSION,
            AttributionMethod.ATTENTION,
            AttributionMethod.ATTENTION_ROLLOUT)) {
      double first =
          centreFrame(
              explainer
                  .attribute(
                      TRANSFORMER,
                      clip.wavBytes(),
                      new AttributionRequest(method, 0, AttributionOptions.DEFAULTS, null, null))
                  .map());
      double end =
          centreFrame(
              explainer
                  .attribute(
                      TRANSFORMER,
                      clip.wavBytes(),
                      new AttributionRequest(method, last, AttributionOptions.DEFAULTS, null, null))
                  .map());
      assertTrue(
          first < end,
          method + ": the first word's evidence at frame " + first + ", the last word's at " + end);
    }
    double first =
        centreFrame(
            explainer
                .attribute(
                    CTC,
                    clip.wavBytes(),
                    new AttributionRequest(
                        AttributionMethod.OCCLUSION, 0, AttributionOptions.DEFAULTS, null, null))
                .map());
    double end =
        centreFrame(
            explainer
                .attribute(
                    CTC,
                    clip.wavBytes(),
                    new AttributionRequest(
                        AttributionMethod.OCCLUSION, last, AttributionOptions.DEFAULTS, null, null))
                .map());
    assertTrue(first < end, "ctc occlusion: first word at frame " + first + ", last at " + end);
  }

  /** The frame where the positive attribution mass is centred. */
  private static double centreFrame(AttributionMap map) {
    float[] v = map.values();
    double mass = 0;
    double moment = 0;
    for (int t = 0; t < map.frames(); t++) {
      for (int m = 0; m < map.melBins(); m++) {
        double w = Math.max(0, v[t * map.melBins() + m]);
        mass += w;
        moment += w * t;
      }
    }
    return moment / mass;
  }

  @Test
  void randomisingTheWeightsChangesEveryMap(@TempDir Path models) throws Exception {
    Bundles.copyWithEditedGraph(Golden.DIGITS_CNN, models, "model.onnx", Bundles.randomWeights(42));
    try (Zora random = open(models)) {
      Explainer randomExplainer = new Explainer(random, 10);
      for (AttributionMethod method :
          List.of(
              AttributionMethod.OCCLUSION,
              AttributionMethod.RISE,
              AttributionMethod.KERNEL_SHAP,
              AttributionMethod.CAM,
              AttributionMethod.SCORE_CAM)) {
        double sum = 0;
        List<Golden> clips = cnnDigits();
        for (Golden clip : clips) {
          Attribution trained = attribute(CNN, clip, method, AttributionOptions.DEFAULTS);
          // Same class as the trained map explains, so only the weights differ.
          Attribution randomised =
              randomExplainer.attribute(
                  CNN,
                  clip.wavBytes(),
                  new AttributionRequest(
                      method, trained.target().index(), AttributionOptions.DEFAULTS, null, null));
          sum += RankCorrelation.spearman(trained.map().values(), randomised.map().values());
        }
        double mean = sum / clips.size();
        assertTrue(mean < 0.5, method + ": mean rank correlation with the trained map " + mean);
      }
    }
  }

  @Test
  void requestsThatCannotBeExplainedSayWhy() {
    Golden digit = cnnDigits().get(0);
    Golden string = longestString(Golden.DIGITS_TRANSFORMER);
    assertThrows(
        InvalidOptionException.class,
        () -> explainer.activations(CNN, digit.wavBytes(), List.of("nope")));
    assertThrows(
        InvalidOptionException.class,
        () ->
            explainer.attribute(
                CNN,
                digit.wavBytes(),
                new AttributionRequest(
                    AttributionMethod.OCCLUSION, 12, AttributionOptions.DEFAULTS, null, null)));
    assertThrows(
        NotExplainableException.class,
        () -> attribute(TRANSFORMER, string, AttributionMethod.CAM, AttributionOptions.DEFAULTS));
    assertThrows(
        NotExplainableException.class,
        () -> attribute(CNN, digit, AttributionMethod.ATTENTION, AttributionOptions.DEFAULTS));
    assertThrows(
        NotExplainableException.class,
        () ->
            explainer.attribute(
                TRANSFORMER,
                string.wavBytes(),
                new AttributionRequest(
                    AttributionMethod.ATTENTION, 99, AttributionOptions.DEFAULTS, null, null)));
    assertThrows(
        InvalidOptionException.class, () -> with(AttributionOptions.DEFAULTS, 0, 8, 500, null));
    byte[] elevenSeconds =
        WavWriter.write(8000, WavWriter.Encoding.PCM_16, false, new float[88_000]);
    assertThrows(
        UnusableAudioException.class,
        () -> explainer.activations(CNN, elevenSeconds, List.of("logits")));
  }

  /**
   * A file of two strings with a pause between: each segment's explanation is of the utterance
   * transcription cut, so its prediction is that segment's text, and the answer says which it is.
   */
  @Test
  void aSegmentIsExplainedAsTranscriptionCutIt() throws Exception {
    byte[] wav = Golden.twoStringsWithAPause();
    List<Segment> segments = zora.transcribe(CTC, wav).transcript().segments();
    assertEquals(2, segments.size(), "the pause splits the file: " + segments);
    String tensor = explainer.layers(CTC).layers().get(0).tensor();
    for (int i = 0; i < segments.size(); i++) {
      Activations explained =
          explainer.activations(CTC, wav, List.of(tensor), new SegmentSelection(i, null));
      assertEquals(segments.get(i).text(), explained.prediction(), "segment " + i);
      assertEquals(i, explained.segment().index());
      assertEquals(segments.size(), explained.segment().count());
      assertTrue(
          explained.segment().startSeconds() <= segments.get(i).startSeconds()
              && explained.segment().startSeconds() + explained.segment().durationSeconds()
                  >= segments.get(i).endSeconds(),
          "segment " + i + " " + explained.segment() + " covers " + segments.get(i));
    }
    Attribution map =
        explainer.attribute(
            CTC,
            wav,
            new AttributionRequest(
                AttributionMethod.OCCLUSION, 0, AttributionOptions.DEFAULTS, null, null),
            new SegmentSelection(1, SpeechDetection.ENERGY));
    assertEquals(segments.get(1).text(), map.prediction());
    assertEquals(null, explainer.activations(CTC, wav, List.of(tensor)).segment());
    assertThrows(
        InvalidOptionException.class,
        () -> explainer.activations(CTC, wav, List.of(tensor), new SegmentSelection(2, null)));
    assertThrows(
        InvalidOptionException.class,
        () ->
            explainer.activations(
                "silero-vad",
                wav,
                List.of(explainer.layers("silero-vad").layers().get(0).tensor()),
                new SegmentSelection(0, null)));
  }

  @Test
  void aClosedExplainerSaysSo() {
    Explainer closing = new Explainer(zora, 10);
    closing.layers(CNN);
    closing.close();
    assertThrows(IllegalStateException.class, () -> closing.layers(CNN));
    assertEquals(CNN, explainer.layers(CNN).model(), "the Zora it explained stays open");
  }
}

package dev.zora.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.inference.InferenceOptions;
import dev.zora.pipeline.Zora;
import dev.zora.pipeline.ZoraSettings;
import dev.zora.task.ModelTask;
import dev.zora.testing.Bundles;
import dev.zora.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry over a models folder: good and broken bundles at start-up through the real loader,
 * and reloads, leases and retirement with a fake loader whose models only record being closed.
 */
class ModelRegistryTest {

  private static void copyBundle(Path to, UnaryOperator<String> editManifest) throws IOException {
    Files.createDirectories(to);
    Files.copy(Golden.DIGITS_CNN.resolve("model.onnx"), to.resolve("model.onnx"));
    String manifest = Files.readString(Golden.DIGITS_CNN.resolve("zora.json"));
    Files.writeString(to.resolve("zora.json"), editManifest.apply(manifest));
  }

  private static Zora open(Path models) {
    return Zora.open(
        ZoraSettings.builder(models)
            .defaultModel("digits-cnn") // the one bundle these tests copy
            .inference(
                InferenceOptions.builder()
                    .threads(1, 1)
                    .maxConcurrentRuns(2)
                    .queue(4, Duration.ofSeconds(5))
                    .build())
            .build());
  }

  @Test
  void reportsBrokenBundlesAsFailedWithTheirReasonAndServesTheOthers(@TempDir Path models)
      throws Exception {
    copyBundle(models.resolve("digits-cnn"), m -> m);
    copyBundle(
        models.resolve("bad-json"),
        m -> m.replace("\"id\": \"digits-cnn\",", "\"id\": \"bad-json\",,"));
    copyBundle(
        models.resolve("no-onnx"),
        m ->
            m.replace("\"digits-cnn\"", "\"no-onnx\"")
                .replace("\"model.onnx\"", "\"missing.onnx\""));
    copyBundle(
        models.resolve("bad-frontend"),
        m ->
            m.replace("\"digits-cnn\"", "\"bad-frontend\"")
                .replace("\"nMels\": 40", "\"nMels\": -1"));
    copyBundle(
        models.resolve("corrupt-onnx"), m -> m.replace("\"digits-cnn\"", "\"corrupt-onnx\""));
    Files.writeString(models.resolve("corrupt-onnx").resolve("model.onnx"), "not a protobuf");
    copyBundle(
        models.resolve("wrong-input"),
        m ->
            m.replace("\"digits-cnn\"", "\"wrong-input\"")
                .replace("\"features\": \"features\"", "\"features\": \"mel\""));
    copyBundle(models.resolve("zz-duplicate"), m -> m);

    try (Zora zora = open(models)) {
      Map<String, ModelStatus> byId =
          zora.models().stream().collect(Collectors.toMap(ModelStatus::id, s -> s));
      assertTrue(byId.get("digits-cnn").isServing(), "the good bundle serves");
      assertTrue(zora.isReady());
      assertFailed(byId.get("bad-json"), "not a valid manifest");
      assertFailed(byId.get("no-onnx"), "files.model \"missing.onnx\" does not exist");
      assertFailed(byId.get("bad-frontend"), "nMels must be positive");
      assertFailed(byId.get("corrupt-onnx"), "ONNX Runtime cannot load model.onnx");
      assertFailed(byId.get("wrong-input"), "has no input named mel");
      assertFailed(byId.get("zz-duplicate"), "already has id \"digits-cnn\"");
      assertEquals(7, byId.size());

      ModelNotReadyException e =
          assertThrows(
              ModelNotReadyException.class,
              () ->
                  zora.transcribe(
                      "no-onnx", Files.readAllBytes(Golden.all(Golden.DIGITS_CNN).get(0).wav())));
      assertTrue(e.getMessage().contains("missing.onnx"), e.getMessage());
      assertThrows(
          UnknownModelException.class, () -> zora.transcribe("nothing-here", new byte[] {1}));
    }
  }

  @Test
  void validatesTasksNeedsForCtcAndSeq2seqBundles(@TempDir Path models) throws Exception {
    copyBundle(
        models.resolve("ctc"),
        m -> m.replace("\"digits-cnn\"", "\"ctc\"").replace("\"classification\"", "\"ctc\""));
    copyBundle(
        models.resolve("s2s"),
        m -> m.replace("\"digits-cnn\"", "\"s2s\"").replace("\"classification\"", "\"seq2seq\""));
    try (Zora zora = open(models)) {
      ModelStatus ctc = zora.model("ctc").orElseThrow();
      assertFailed(ctc, "vocabulary must list");
      assertFailed(ctc, "specialTokens.blank");
      assertFailed(ctc, "subsampling");
      assertFailed(zora.model("s2s").orElseThrow(), "files.encoder is missing");
    }
  }

  @Test
  void aCtcBundleWhoseGraphGivesNoFrameAxisFailsWithTheShapeItGot(@TempDir Path models)
      throws Exception {
    // A well-formed CTC manifest over the classifier graph, whose logits are [1, 12], not [1, T,
    // V].
    copyBundle(
        models.resolve("ctc"),
        m ->
            m.replace("\"digits-cnn\"", "\"ctc\"")
                .replace("\"classification\"", "\"ctc\"")
                .replace(
                    "\"labels\":",
                    "\"subsampling\": 4, \"specialTokens\": {\"blank\": 0}, \"vocabulary\":"));
    try (Zora zora = open(models)) {
      assertFailed(zora.model("ctc").orElseThrow(), "has shape [1, 12], expected [1, frames, 12]");
    }
  }

  @Test
  void aMissingModelsFolderLeavesTheServerUpButNotReady(@TempDir Path nowhere) {
    try (Zora zora = open(nowhere.resolve("absent"))) {
      assertTrue(zora.models().isEmpty());
      assertFalse(zora.isReady());
    }
  }

  /** A loaded model that remembers the graph text it was loaded from and whether it was closed. */
  private static final class FakeModel implements AutoCloseable {
    final String graph;
    volatile boolean closed;

    FakeModel(String graph) {
      this.graph = graph;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /**
   * Loads a bundle's {@code model.onnx} as text, failing as ONNX Runtime would on a garbled one.
   */
  private static final class FakeLoader implements ModelRegistry.Loader<FakeModel> {
    final Queue<FakeModel> loaded = new ConcurrentLinkedQueue<>();

    @Override
    public FakeModel load(ModelManifest manifest, Path bundleDir) throws IOException {
      String graph = Files.readString(bundleDir.resolve(manifest.files().get("model")));
      if (graph.startsWith("garbled")) {
        throw new IOException("ONNX Runtime cannot load model.onnx: protobuf parsing failed");
      }
      FakeModel model = new FakeModel(graph);
      loaded.add(model);
      return model;
    }
  }

  /** digits-cnn's manifest under another id, over a text "graph". */
  private static void writeBundle(Path models, String id, String graph) throws IOException {
    Path bundle = Files.createDirectories(models.resolve(id));
    Files.writeString(
        bundle.resolve("zora.json"),
        Files.readString(Golden.DIGITS_CNN.resolve("zora.json"))
            .replace("\"id\": \"digits-cnn\"", "\"id\": \"" + id + "\""));
    Files.writeString(bundle.resolve("model.onnx"), graph);
  }

  private static FakeModel served(ModelRegistry<FakeModel> registry, String id) {
    try (Lease<FakeModel> lease = registry.acquire(id)) {
      return lease.get();
    }
  }

  @Test
  void unchangedBundlesKeepTheirLoadedInstanceAcrossAReload(@TempDir Path models) throws Exception {
    writeBundle(models, "a", "graph a");
    writeBundle(models, "b", "graph b");
    FakeLoader loader = new FakeLoader();
    try (ModelRegistry<FakeModel> registry =
        ModelRegistry.open(models, ModelTask.manifestReader(), loader)) {
      FakeModel a = served(registry, "a");
      FakeModel b = served(registry, "b");
      // The same manifest written out again, reformatted: nothing the server reads has changed.
      Path manifest = models.resolve("b").resolve("zora.json");
      Files.writeString(manifest, Files.readString(manifest).replace("\n", "\n  "));

      List<ModelStatus> after = registry.reload();

      assertEquals(List.of("a", "b"), after.stream().map(ModelStatus::id).toList());
      assertTrue(after.stream().allMatch(st -> st.state() == ModelStatus.State.READY));
      assertSame(a, served(registry, "a"));
      assertSame(b, served(registry, "b"));
      assertEquals(2, loader.loaded.size(), "nothing loaded again");
      assertFalse(a.closed || b.closed);
    }
  }

  @Test
  void newAndChangedBundlesLoadAndRemovedOnesDisappearAndClose(@TempDir Path models)
      throws Exception {
    writeBundle(models, "a", "graph a");
    writeBundle(models, "b", "graph b");
    try (ModelRegistry<FakeModel> registry =
        ModelRegistry.open(models, ModelTask.manifestReader(), new FakeLoader())) {
      FakeModel a = served(registry, "a");
      FakeModel b = served(registry, "b");
      Files.writeString(models.resolve("a").resolve("model.onnx"), "graph a, retrained");
      Bundles.delete(models.resolve("b"));
      writeBundle(models, "c", "graph c");

      List<ModelStatus> after = registry.reload();

      assertEquals(List.of("a", "c"), after.stream().map(ModelStatus::id).toList());
      assertEquals("graph a, retrained", served(registry, "a").graph);
      assertEquals("graph c", served(registry, "c").graph);
      assertTrue(a.closed, "the replaced model is closed");
      assertTrue(b.closed, "the removed model is closed");
      UnknownModelException e =
          assertThrows(UnknownModelException.class, () -> registry.acquire("b"));
      assertTrue(e.getMessage().contains("available models: a, c"), e.getMessage());
    }
  }

  @Test
  void aBundleWhoseNewVersionFailsKeepsServingItsLastGoodVersionAsStaleUntilRepaired(
      @TempDir Path models) throws Exception {
    writeBundle(models, "a", "graph a");
    writeBundle(models, "b", "graph b");
    writeBundle(models, "c", "graph c");
    try (ModelRegistry<FakeModel> registry =
        ModelRegistry.open(models, ModelTask.manifestReader(), new FakeLoader())) {
      FakeModel a = served(registry, "a");
      FakeModel b = served(registry, "b");
      FakeModel c = served(registry, "c");
      Path manifestA = models.resolve("a").resolve("zora.json");
      String goodManifest = Files.readString(manifestA);
      Files.writeString(manifestA, goodManifest.substring(0, goodManifest.length() / 2));
      Files.writeString(models.resolve("c").resolve("model.onnx"), "garbled bytes");

      Map<String, ModelStatus> byId =
          registry.reload().stream().collect(Collectors.toMap(ModelStatus::id, s -> s));

      assertStale(byId.get("a"), "zora.json is not a valid manifest");
      assertStale(byId.get("c"), "ONNX Runtime cannot load model.onnx");
      assertEquals(ModelStatus.State.READY, byId.get("b").state());
      assertSame(a, served(registry, "a"), "the last good version keeps serving");
      assertSame(b, served(registry, "b"));
      assertSame(c, served(registry, "c"));
      assertFalse(a.closed || c.closed, "a model still serving is never closed");
      java.time.Instant firstFailure = byId.get("c").failedAt();
      assertEquals(firstFailure, registry.status("c").orElseThrow().failedAt());
      assertEquals(
          firstFailure,
          registry.reload().get(2).failedAt(),
          "a reload of the same broken files keeps the time");

      Files.writeString(manifestA, goodManifest);
      Files.writeString(models.resolve("c").resolve("model.onnx"), "graph c, repaired");
      assertTrue(registry.reload().stream().allMatch(st -> st.state() == ModelStatus.State.READY));
      assertSame(
          a, served(registry, "a"), "the folder holds the serving version again: kept as loaded");
      assertEquals("graph c, repaired", served(registry, "c").graph);
      assertTrue(c.closed, "the replaced version closes");
    }
  }

  @Test
  void aModelReplacedOrRemovedWhileLeasedIsClosedOnlyWhenItsLastLeaseIsReleased(
      @TempDir Path models) throws Exception {
    writeBundle(models, "a", "graph a");
    writeBundle(models, "b", "graph b");
    try (ModelRegistry<FakeModel> registry =
        ModelRegistry.open(models, ModelTask.manifestReader(), new FakeLoader())) {
      Lease<FakeModel> first = registry.acquire("a");
      Lease<FakeModel> second = registry.acquire("a");
      Lease<FakeModel> removed = registry.acquire("b");
      FakeModel old = first.get();
      Files.writeString(models.resolve("a").resolve("model.onnx"), "graph a, version 2");
      Bundles.delete(models.resolve("b"));

      registry.reload();

      assertEquals(
          "graph a, version 2", served(registry, "a").graph, "new requests get the new model");
      assertSame(old, first.get(), "a lease keeps the model it was given");
      assertFalse(old.closed);
      first.close();
      first.close(); // twice counts once
      assertFalse(old.closed, "another lease is still open");
      second.close();
      assertTrue(old.closed);
      assertThrows(IllegalStateException.class, first::get);

      FakeModel b = removed.get();
      assertFalse(b.closed);
      removed.close();
      assertTrue(b.closed);
    }
  }

  @Test
  void closingTheRegistryClosesLeasedModelsWhenTheirLeasesAreReleased(@TempDir Path models)
      throws Exception {
    writeBundle(models, "a", "graph a");
    ModelRegistry<FakeModel> registry =
        ModelRegistry.open(models, ModelTask.manifestReader(), new FakeLoader());
    Lease<FakeModel> lease = registry.acquire("a");
    registry.close();
    assertFalse(lease.get().closed);
    FakeModel a = lease.get();
    lease.close();
    assertTrue(a.closed);
    assertThrows(IllegalStateException.class, registry::reload);
  }

  @Test
  void concurrentReloadsAndRequestsNeverUseAClosedModelNorLeaveAnOldOneOpen(@TempDir Path models)
      throws Exception {
    writeBundle(models, "a", "graph a");
    FakeLoader loader = new FakeLoader();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger requests = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(5);
    try (ModelRegistry<FakeModel> registry =
        ModelRegistry.open(models, ModelTask.manifestReader(), loader)) {
      List<Future<?>> readers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        readers.add(
            threads.submit(
                () -> {
                  while (running.get()) {
                    try (Lease<FakeModel> lease = registry.acquire("a")) {
                      assertFalse(lease.get().closed, "a leased model was closed");
                      Thread.yield();
                      assertFalse(lease.get().closed, "a leased model was closed while in use");
                    }
                    requests.incrementAndGet();
                  }
                  return null;
                }));
      }
      for (int version = 1; version <= 50; version++) {
        // A new size each time: two writes within one clock tick of the file system can share a
        // time.
        Files.writeString(
            models.resolve("a").resolve("model.onnx"), "graph a, version " + "I".repeat(version));
        // Two reloads at once see the same change: one at a time, so it loads once.
        Future<?> other = threads.submit(registry::reload);
        registry.reload();
        other.get();
      }
      running.set(false);
      for (Future<?> reader : readers) {
        reader.get();
      }
      assertTrue(requests.get() > 0);
      FakeModel current = served(registry, "a");
      assertEquals("graph a, version " + "I".repeat(50), current.graph);
      assertEquals(51, loader.loaded.size(), "each version loaded once: " + loader.loaded.size());
      loader.loaded.stream()
          .filter(m -> m != current)
          .forEach(m -> assertTrue(m.closed, m.graph + " left open"));
    } finally {
      threads.shutdownNow();
    }
  }

  private static void assertFailed(ModelStatus status, String reasonPart) {
    assertFalse(status.isServing(), status.id() + " should have failed");
    assertTrue(status.reason().contains(reasonPart), status.id() + ": " + status.reason());
  }

  private static void assertStale(ModelStatus status, String reasonPart) {
    assertEquals(
        ModelStatus.State.STALE,
        status.state(),
        status.id() + " should serve its last good version");
    assertTrue(status.isServing());
    assertTrue(status.reason().contains(reasonPart), status.id() + ": " + status.reason());
    assertTrue(status.failedAt() != null, "when it failed");
  }
}

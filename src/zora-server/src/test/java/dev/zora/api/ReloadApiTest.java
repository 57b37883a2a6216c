package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zora.api.problem.Problem;
import dev.zora.testing.Bundles;
import dev.zora.testing.Golden;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bundles broken, removed and repaired under a running server, each picked up by {@code POST
 * /v1/models/reload}: a broken one keeps serving its last good version and says, as stale, why the
 * new one failed; a removed one is unknown; a repaired one is ready again; and the other model
 * answers correctly throughout.
 */
@QuarkusTest
@TestProfile(ReloadApiTest.CopiedModels.class)
class ReloadApiTest {
  private static final String CNN = "digits-cnn";
  private static final String CTC = "digits-ctc";
  private static final Path MODELS = temporaryFolder();
  private static final Golden CNN_DIGIT = Golden.digits(Golden.DIGITS_CNN).get(0);
  private static final Golden CTC_STRING =
      Golden.all(Golden.MODELS.resolve(CTC)).stream()
          .filter(g -> g.name().startsWith("fsdd-string"))
          .findFirst()
          .orElseThrow();

  /** A models folder of its own holding copies of digits-cnn (the default) and digits-ctc. */
  public static class CopiedModels implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      restore(CNN);
      restore(CTC);
      return Map.of("zora.models.dir", MODELS.toString());
    }
  }

  @AfterEach
  void putTheShippedBundlesBack() {
    restore(CNN);
    restore(CTC);
    reload();
  }

  @Test
  void aCorruptManifestFailsThatModelAloneUntilItIsRepaired() throws IOException {
    Path manifest = MODELS.resolve(CTC).resolve("zora.json");
    String json = Files.readString(manifest);
    Files.writeString(manifest, json.substring(0, json.length() / 2));

    assertCtcStaysServingUntilRepaired(reload(), "zora.json is not a valid manifest");
  }

  @Test
  void aTruncatedOnnxFileFailsThatModelAloneUntilItIsRepaired() throws IOException {
    Path graph = MODELS.resolve(CTC).resolve("model.onnx");
    Files.write(graph, Arrays.copyOf(Files.readAllBytes(graph), 4096));

    JsonPath models = reload();
    assertThat(
        models.getString("data.find { it.id == 'digits-ctc' }.reason"),
        org.hamcrest.Matchers.not(containsString(MODELS.toString())));
    assertCtcStaysServingUntilRepaired(models, "ONNX Runtime cannot load model.onnx");
  }

  @Test
  void aDeletedBundleDisappearsAndItsRequestsGetUnknownModelUntilItIsBack() throws IOException {
    Bundles.delete(MODELS.resolve(CTC));

    JsonPath models = reload();

    assertEquals(List.of(CNN), models.getList("data.id"));
    given()
        .when()
        .get("/v1/models/" + CTC)
        .then()
        .statusCode(404)
        .contentType("application/json")
        .body("error.code", equalTo("model_not_found"));
    given()
        .contentType("audio/wav")
        .body(CTC_STRING.wavBytes())
        .when()
        .post("/v1/transcriptions?model=" + CTC)
        .then()
        .statusCode(404)
        .contentType(Problem.MEDIA_TYPE)
        .body("title", equalTo("Unknown model"))
        .body("detail", containsString("available models: " + CNN));
    assertServesCnn();
    assertReloadFixes(CTC);
  }

  @Test
  void whenTheDefaultModelsNewVersionBreaksItsLastGoodVersionServesAndReadinessStaysUp()
      throws IOException {
    Path manifest = MODELS.resolve(CNN).resolve("zora.json");
    Files.writeString(
        manifest, Files.readString(manifest).replace("\"model.onnx\"", "\"gone.onnx\""));

    reload();

    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'default-model' }.data.state", equalTo("stale"))
        .body(
            "checks.find { it.name == 'default-model' }.data.reason",
            containsString("files.model \"gone.onnx\" does not exist in the bundle folder"))
        .body(
            "checks.find { it.name == 'default-model' }.data.reason",
            org.hamcrest.Matchers.not(containsString(MODELS.toString())));
    assertServesCnn();
    assertServesCtc();
    assertReloadFixes(CNN);
    given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
  }

  @Test
  void theReloadAnswerIsTheModelListAfterIt() {
    String reloaded =
        given()
            .when()
            .post("/v1/models/reload")
            .then()
            .statusCode(200)
            .contentType("application/json")
            .extract()
            .asString();
    assertEquals(
        given().when().get("/v1/models").then().statusCode(200).extract().asString(), reloaded);
    assertServesCnn();
    assertServesCtc();
  }

  /**
   * digits-ctc is listed as stale for {@code reason}, with when it failed, and keeps answering with
   * its last good version (also after a second reload of the same broken files), while digits-cnn
   * serves; putting the bundle back and reloading makes it ready again.
   */
  private static void assertCtcStaysServingUntilRepaired(JsonPath models, String reason) {
    assertEquals("stale", models.getString("data.find { it.id == 'digits-ctc' }.state"));
    assertThat(
        models.getString("data.find { it.id == 'digits-ctc' }.reason"), containsString(reason));
    String failedAt = models.getString("data.find { it.id == 'digits-ctc' }.failed_at");
    java.time.Instant.parse(failedAt);
    assertEquals("ready", models.getString("data.find { it.id == 'digits-cnn' }.state"));
    assertServesCtc();
    assertServesCnn();
    JsonPath again = reload();
    assertEquals("stale", again.getString("data.find { it.id == 'digits-ctc' }.state"));
    assertEquals(
        failedAt,
        again.getString("data.find { it.id == 'digits-ctc' }.failed_at"),
        "first failure kept");
    assertServesCtc();
    assertReloadFixes(CTC);
    assertEquals(null, reload().getString("data.find { it.id == 'digits-ctc' }.reason"));
  }

  /** Puts the shipped bundle back, reloads, and checks that it serves its golden clip. */
  private static void assertReloadFixes(String model) {
    restore(model);
    assertEquals("ready", reload().getString("data.find { it.id == '" + model + "' }.state"));
    if (model.equals(CNN)) {
      assertServesCnn();
    } else {
      assertServesCtc();
    }
  }

  private static JsonPath reload() {
    return given().when().post("/v1/models/reload").then().statusCode(200).extract().jsonPath();
  }

  private static void assertServesCnn() {
    given()
        .contentType("audio/wav")
        .body(CNN_DIGIT.wavBytes())
        .when()
        .post("/v1/transcriptions?model=" + CNN)
        .then()
        .statusCode(200)
        .body("label", equalTo(CNN_DIGIT.label()));
  }

  private static void assertServesCtc() {
    given()
        .contentType("audio/wav")
        .body(CTC_STRING.wavBytes())
        .when()
        .post("/v1/transcriptions?model=" + CTC)
        .then()
        .statusCode(200)
        .body("text", equalTo(CTC_STRING.label()));
  }

  /** The shipped bundle, copied afresh over whatever a test left of it. */
  private static void restore(String model) {
    try {
      Bundles.delete(MODELS.resolve(model));
      Bundles.copyWithEditedGraph(
          Golden.MODELS.resolve(model), MODELS, "model.onnx", UnaryOperator.identity());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path temporaryFolder() {
    try {
      return Files.createTempDirectory("zora-reload-models");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

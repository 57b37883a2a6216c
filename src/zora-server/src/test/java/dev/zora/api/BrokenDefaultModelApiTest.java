package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.zora.testing.Golden;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server whose default model's bundle is broken: it runs, says why, and is not ready. */
@QuarkusTest
@TestProfile(BrokenDefaultModelApiTest.MissingOnnx.class)
class BrokenDefaultModelApiTest {

  /** A models folder whose digits-cnn manifest names an ONNX file that is not there. */
  public static class MissingOnnx implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path models = Files.createTempDirectory("zora-broken-models");
        Path bundle = Files.createDirectories(models.resolve("digits-cnn"));
        Files.writeString(
            bundle.resolve("zora.json"),
            Files.readString(Golden.DIGITS_CNN.resolve("zora.json"))
                .replace("\"model.onnx\"", "\"gone.onnx\""));
        return Map.of("zora.models.dir", models.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void isLiveButNotReadyAndSaysWhy() {
    given().when().get("/q/health/live").then().statusCode(200);
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body("status", equalTo("DOWN"))
        .body(
            "checks.find { it.name == 'default-model' }.data.reason", containsString("gone.onnx"));
  }

  @Test
  void listsTheBundleAsFailedWithTheReason() {
    given()
        .when()
        .get("/v1/models/digits-cnn")
        .then()
        .statusCode(200)
        .body("state", equalTo("failed"))
        .body("reason", containsString("files.model \"gone.onnx\" does not exist"));
  }

  @Test
  void transcriptionIsServiceUnavailableWithTheReason() {
    given()
        .contentType("audio/wav")
        .body(Golden.digits(Golden.DIGITS_CNN).get(0).wavBytes())
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .body("title", equalTo("Model not ready"))
        .body("detail", containsString("gone.onnx"));
  }
}

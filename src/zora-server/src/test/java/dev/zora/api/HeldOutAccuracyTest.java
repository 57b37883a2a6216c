package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zora.testing.FsddHeldOut;
import dev.zora.testing.Golden;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Digit accuracy through the REST API on the recipe's validation split ({@link FsddHeldOut}) must
 * equal what the recipe measured and wrote into the manifest.
 */
@QuarkusTest
class HeldOutAccuracyTest {

  @Test
  void accuracyOnTheValidationClipsEqualsTheRecipes() throws Exception {
    assumeTrue(
        FsddHeldOut.isPresent(),
        "FSDD recordings not found at " + FsddHeldOut.recordings().toAbsolutePath());
    JsonNode manifest =
        new ObjectMapper().readTree(Golden.DIGITS_CNN.resolve("zora.json").toFile());
    double expected = manifest.get("metrics").get("validation_accuracy").asDouble();
    List<FsddHeldOut.Clip> clips = FsddHeldOut.clips();
    assertEquals(300, clips.size(), "validation clips (index 5-9) in " + FsddHeldOut.recordings());
    int correct = 0;
    for (FsddHeldOut.Clip clip : clips) {
      String label =
          given()
              .contentType("audio/wav")
              .body(Files.readAllBytes(clip.path()))
              .when()
              .post("/v1/transcriptions")
              .then()
              .statusCode(200)
              .extract()
              .path("label");
      if (clip.word().equals(label)) {
        correct++;
      }
    }
    double accuracy = correct / (double) clips.size();
    assertEquals(
        expected,
        accuracy,
        0.005,
        "REST accuracy "
            + correct
            + "/"
            + clips.size()
            + " vs the manifest's validation_accuracy "
            + expected);
  }
}

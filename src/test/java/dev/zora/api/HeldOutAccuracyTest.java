package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zora.testing.Golden;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Digit accuracy through the REST API on the recipe's validation split (FSDD files with index 5-9 of
 * every speaker and digit) must equal what the recipe measured and wrote into the manifest. The
 * recordings are not part of the repository: set -Dfsdd.recordings or FSDD_RECORDINGS, default
 * ../shared/data/fsdd/recordings; the test is skipped only when that folder is absent.
 */
@QuarkusTest
class HeldOutAccuracyTest {
  private static final Pattern NAME = Pattern.compile("(\\d)_([a-z]+)_(\\d+)\\.wav");
  private static final List<String> DIGITS =
      List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

  private static Path recordings() {
    String configured = System.getProperty("fsdd.recordings", System.getenv("FSDD_RECORDINGS"));
    return Path.of(configured != null ? configured : "../shared/data/fsdd/recordings");
  }

  @Test
  void accuracyOnTheValidationClipsEqualsTheRecipes() throws Exception {
    Path dir = recordings();
    assumeTrue(Files.isDirectory(dir), "FSDD recordings not found at " + dir.toAbsolutePath());
    JsonNode manifest = new ObjectMapper().readTree(Golden.DIGITS_CNN.resolve("zora.json").toFile());
    double expected = manifest.get("metrics").get("validation_accuracy").asDouble();
    List<Path> clips;
    try (Stream<Path> files = Files.list(dir)) {
      clips = files.filter(p -> {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() && Integer.parseInt(m.group(3)) >= 5 && Integer.parseInt(m.group(3)) <= 9;
      }).sorted().toList();
    }
    assertEquals(300, clips.size(), "validation clips (index 5-9) in " + dir);
    int correct = 0;
    for (Path clip : clips) {
      Matcher m = NAME.matcher(clip.getFileName().toString());
      m.matches();
      String label = given().contentType("audio/wav").body(Files.readAllBytes(clip))
          .when().post("/v1/transcriptions")
          .then().statusCode(200).extract().path("label");
      if (DIGITS.get(Integer.parseInt(m.group(1))).equals(label)) {
        correct++;
      }
    }
    double accuracy = correct / (double) clips.size();
    assertEquals(expected, accuracy, 0.005,
        "REST accuracy " + correct + "/" + clips.size() + " vs the manifest's validation_accuracy " + expected);
  }
}

package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * openapi/zora.yaml is the contract clients code against; it must be what the code serves. To
 * regenerate it after an intended API change: {@code ./mvnw test -Dtest=OpenApiDriftTest
 * -Dopenapi.write=true}
 */
@QuarkusTest
class OpenApiDriftTest {
  private static final Path CHECKED_IN = Path.of("openapi", "zora.yaml");

  @Test
  void theServedSpecIsTheCheckedInSpec() throws Exception {
    String served =
        normalise(
            given()
                .when()
                .get("/q/openapi?format=yaml")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    if (Boolean.getBoolean("openapi.write")) {
      Files.createDirectories(CHECKED_IN.getParent());
      Files.writeString(CHECKED_IN, served, StandardCharsets.UTF_8);
    }
    String checkedIn =
        Files.exists(CHECKED_IN)
            ? normalise(Files.readString(CHECKED_IN, StandardCharsets.UTF_8))
            : "";
    assertEquals(
        checkedIn,
        served,
        CHECKED_IN
            + " differs from the spec the code serves at /q/openapi."
            + " If the API change is intended, regenerate it with"
            + " ./mvnw test -Dtest=OpenApiDriftTest -Dopenapi.write=true and commit the file.");
  }

  private static String normalise(String yaml) {
    return yaml.replace("\r\n", "\n")
            .lines()
            .map(String::stripTrailing)
            .reduce(
                new StringBuilder(),
                (sb, line) -> sb.append(line).append('\n'),
                StringBuilder::append)
            .toString()
            .strip()
        + "\n";
  }
}

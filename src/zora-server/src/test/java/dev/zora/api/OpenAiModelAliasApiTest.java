package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.zora.testing.Golden;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A client with whisper-1 hard-coded, pointed at a server that aliases it to digits-cnn. */
@QuarkusTest
@TestProfile(OpenAiModelAliasApiTest.Aliased.class)
class OpenAiModelAliasApiTest {
  public static class Aliased implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("zora.openai.model-aliases", "whisper-1=digits-cnn");
    }
  }

  @Test
  void anAliasedModelNameIsServedByItsModel() {
    Golden clip = Golden.digits(Golden.DIGITS_CNN).get(0);
    given()
        .multiPart("file", "clip.wav", clip.wavBytes(), "audio/wav")
        .multiPart("model", "whisper-1")
        .when()
        .post("/v1/audio/transcriptions")
        .then()
        .statusCode(200)
        .body("text", equalTo(clip.label()));
  }
}

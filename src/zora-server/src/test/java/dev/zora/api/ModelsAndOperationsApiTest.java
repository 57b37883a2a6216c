package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import dev.zora.testing.Golden;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ModelsAndOperationsApiTest {

  @Test
  void listsTheBundlesWithTheirStateAndTheDefaultModel() {
    given()
        .when()
        .get("/v1/models")
        .then()
        .statusCode(200)
        .body("object", equalTo("list"))
        .body("default_model", equalTo("digits-cnn"))
        .body("data.id", hasItem("digits-cnn"));
  }

  @Test
  void describesAModelWithTaskRateLabelsAndLayers() {
    given()
        .when()
        .get("/v1/models/digits-cnn")
        .then()
        .statusCode(200)
        .body("id", equalTo("digits-cnn"))
        .body("state", equalTo("ready"))
        .body("task", equalTo("classification"))
        .body("sampleRate", equalTo(8000))
        .body("labels", hasItems("zero", "nine"))
        .body("layers.tensor", hasItem("conv1_out"));
  }

  @Test
  void anUnknownModelIsOpenAisModelNotFoundOnTheModelsPathsAndAProblemBelowThem() {
    given()
        .when()
        .get("/v1/models/nope")
        .then()
        .statusCode(404)
        .contentType("application/json")
        .body("error.code", equalTo("model_not_found"))
        .body("error.param", equalTo("model"))
        .body("error.type", equalTo("invalid_request_error"))
        .body("error.message", containsString("\"nope\""));
    given()
        .when()
        .get("/v1/models/nope/layers")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", equalTo("Unknown model"))
        .body("detail", containsString("\"nope\""))
        .body("instance", equalTo("/v1/models/nope/layers"));
  }

  @Test
  void wrongMethodsAndUnknownPathsAreProblemsPointingToTheSpec() {
    given()
        .when()
        .get("/v1/transcriptions")
        .then()
        .statusCode(405)
        .contentType("application/problem+json")
        .body(
            "detail",
            equalTo(
                "GET is not allowed on /v1/transcriptions; the API is described at /q/openapi"));
    given()
        .when()
        .get("/v1/nothing")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", containsString("/q/openapi"));
  }

  @Test
  void isLiveAndReadyWithTheDefaultModelLoaded() {
    given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    given()
        .when()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.find { it.name == 'default-model' }.data.state", equalTo("ready"));
  }

  @Test
  void exportsTimersForRequestsAndEachStage() {
    given()
        .contentType("audio/wav")
        .body(Golden.digits(Golden.DIGITS_CNN).get(0).wavBytes())
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(200);
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString(
                "zora_request_seconds_count{endpoint=\"transcriptions\",model=\"digits-cnn\",outcome=\"success\""))
        .body(containsString("zora_audio_decode_seconds_count{model=\"digits-cnn\""))
        .body(containsString("zora_frontend_seconds_count{model=\"digits-cnn\""))
        .body(containsString("zora_inference_seconds_count{model=\"digits-cnn\""));
  }
}

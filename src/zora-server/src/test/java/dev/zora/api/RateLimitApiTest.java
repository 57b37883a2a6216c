package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A rate limit with API keys: each key is one client, with its own allowance. */
@QuarkusTest
@TestProfile(RateLimitApiTest.TwoRequestsPerKey.class)
class RateLimitApiTest {
  private static final String KEY_A = "rate-test-key-a";
  private static final String KEY_B = "rate-test-key-b";

  /**
   * Bursts of two, refilled at one request a minute: a third request within the test is refused.
   */
  public static class TwoRequestsPerKey implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "zora.api-keys", KEY_A + "," + KEY_B,
          "zora.rate-limit.requests-per-minute", "1",
          "zora.rate-limit.burst", "2");
    }
  }

  @Test
  void pastItsBurstAKeyGets429WithRetryAfterWhileAnotherKeyIsServed() {
    given().header("X-API-Key", KEY_A).when().get("/v1/models").then().statusCode(200);
    given()
        .header("Authorization", "Bearer " + KEY_A)
        .when()
        .get("/v1/models/digits-cnn")
        .then()
        .statusCode(200);
    String retryAfter =
        given()
            .header("X-API-Key", KEY_A)
            .when()
            .get("/v1/models/digits-cnn/layers")
            .then()
            .statusCode(429)
            .contentType("application/problem+json")
            .body("type", equalTo("urn:zora:problem:rate-limited"))
            .body("title", equalTo("Too many requests"))
            .body("status", equalTo(429))
            .body("detail", containsString("rate limit of 1 a minute in bursts of 2"))
            .extract()
            .header("Retry-After");
    int seconds = Integer.parseInt(retryAfter);
    assertTrue(
        seconds >= 1 && seconds <= 60,
        "Retry-After " + retryAfter + " is not within the minute a token takes");

    given().header("X-API-Key", KEY_B).when().get("/v1/models").then().statusCode(200);
  }

  @Test
  void probesAreNeverCounted() {
    for (int i = 0; i < 5; i++) {
      given().when().get("/q/health/ready").then().statusCode(200);
      given().when().get("/q/metrics").then().statusCode(200);
    }
  }
}

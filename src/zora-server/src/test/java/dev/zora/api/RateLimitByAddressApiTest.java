package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A rate limit without API keys: each client address is one client, also behind a trusted reverse
 * proxy that names the client in X-Forwarded-For.
 */
@QuarkusTest
@TestProfile(RateLimitByAddressApiTest.TwoRequestsPerAddressBehindAProxy.class)
class RateLimitByAddressApiTest {

  public static class TwoRequestsPerAddressBehindAProxy implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "zora.rate-limit.requests-per-minute", "1",
          "zora.rate-limit.burst", "2",
          "quarkus.http.proxy.proxy-address-forwarding", "true",
          "quarkus.http.proxy.allow-x-forwarded", "true",
          "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
    }
  }

  @Test
  void pastItsBurstAnAddressGets429WithRetryAfter() {
    given().when().get("/v1/models").then().statusCode(200);
    given().when().get("/v1/models").then().statusCode(200);
    given()
        .when()
        .get("/v1/models")
        .then()
        .statusCode(429)
        .contentType("application/json") // the OpenAI surface: OpenAI's error JSON
        .header("Retry-After", matchesPattern("[1-9][0-9]?"))
        .body("error.type", equalTo("rate_limit_error"));
  }

  @Test
  void clientsBehindTheProxyAreCountedApart() {
    for (String client : new String[] {"192.0.2.10", "192.0.2.11"}) {
      given().header("X-Forwarded-For", client).when().get("/v1/models").then().statusCode(200);
      given().header("X-Forwarded-For", client).when().get("/v1/models").then().statusCode(200);
    }
    given().header("X-Forwarded-For", "192.0.2.10").when().get("/v1/models").then().statusCode(429);
  }
}

package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** Access as it is out of the box: no keys, no rate limit, browsers only from Zora's own origin. */
@QuarkusTest
class DefaultAccessApiTest {

  @TestHTTPResource("/")
  URL base;

  @Test
  void theApiNeedsNoKeyAndHasNoRateLimit() {
    for (int i = 0; i < 20; i++) {
      given().when().get("/v1/models").then().statusCode(200);
    }
  }

  @Test
  void aPageFromAnotherOriginIsRefused() {
    given()
        .header("Origin", "http://elsewhere.example")
        .header("Access-Control-Request-Method", "POST")
        .when()
        .options("/v1/transcriptions")
        .then()
        .statusCode(403)
        .header("Access-Control-Allow-Origin", nullValue());
  }

  @Test
  void aPageServedByZoraItselfIsAllowed() {
    String own = "http://" + base.getHost() + ":" + base.getPort();
    given()
        .header("Origin", own)
        .when()
        .get("/v1/models")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", equalTo(own));
  }
}

package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zora.testing.Golden;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A server with API keys, an admin key and one allowed browser origin. */
@QuarkusTest
@TestProfile(AccessControlApiTest.KeysAndOrigin.class)
class AccessControlApiTest {
  private static final String KEY = "first-test-key-3f9a";
  private static final String OTHER_KEY = "second-test-key-81c2";
  private static final String ADMIN_KEY = "admin-test-key-5d07";
  private static final String ALLOWED_ORIGIN = "http://allowed.example";
  private static final String PROBLEM = "application/problem+json";

  public static class KeysAndOrigin implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "zora.api-keys", KEY + "," + OTHER_KEY,
          "zora.admin-keys", ADMIN_KEY,
          "quarkus.http.cors.origins", ALLOWED_ORIGIN);
    }
  }

  @TestHTTPResource("/")
  URL base;

  private static byte[] clip() {
    return Golden.digits(Golden.DIGITS_CNN).get(0).wavBytes();
  }

  @Test
  void withoutAKeyTheApiIsUnauthorizedWithAProblem() {
    given()
        .contentType("audio/wav")
        .body(clip())
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .header("WWW-Authenticate", containsString("Bearer"))
        .body("type", equalTo("urn:zora:problem:unauthorized"))
        .body("title", equalTo("Unauthorized"))
        .body("status", equalTo(401))
        .body("detail", containsString("X-API-Key"))
        .body("instance", equalTo("/v1/transcriptions"));
    given().when().get("/v1/models/digits-cnn/layers").then().statusCode(401).contentType(PROBLEM);
    given().when().get("/q/openapi").then().statusCode(401).contentType(PROBLEM);
  }

  @Test
  void onTheOpenAiSurfaceTheRefusalIsOpenAisErrorJson() {
    for (String path : new String[] {"/v1/models", "/v1/models/digits-cnn"}) {
      given()
          .when()
          .get(path)
          .then()
          .statusCode(401)
          .contentType("application/json")
          .body("error.type", equalTo("authentication_error"))
          .body("error.code", equalTo("unauthorized"))
          .body("error.message", containsString("X-API-Key"));
    }
    given()
        .multiPart("model", "digits-cnn")
        .when()
        .post("/v1/audio/transcriptions")
        .then()
        .statusCode(401)
        .contentType("application/json")
        .body("error.message", containsString("API key"));
  }

  @Test
  void aClientStillSendingItsUploadWhenRefusedReadsTheRefusal() {
    // 768 KiB cannot all be in flight when the refusal goes out: without a lingering close the
    // server reset the connection under the client's writes, which saw a broken pipe, not a 401.
    byte[] upload = new byte[768 * 1024];
    for (int i = 0; i < 20; i++) {
      given()
          .contentType("audio/wav")
          .body(upload)
          .when()
          .post("/v1/transcriptions")
          .then()
          .statusCode(401)
          .contentType(PROBLEM);
    }
  }

  @Test
  void aWrongKeyIsUnauthorizedInEitherHeader() {
    given()
        .header("Authorization", "Bearer " + KEY + "x")
        .when()
        .get("/v1/models/digits-cnn/layers")
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .body("detail", containsString("not one this server accepts"));
    given()
        .header("X-API-Key", KEY.substring(1))
        .when()
        .get("/v1/models/digits-cnn/layers")
        .then()
        .statusCode(401)
        .contentType(PROBLEM);
    // Another scheme is not a key, even when its credentials are one.
    given().header("Authorization", "Basic " + KEY).when().get("/v1/models").then().statusCode(401);
  }

  @Test
  void theRightKeyTranscribesInEitherHeader() {
    Golden golden = Golden.digits(Golden.DIGITS_CNN).get(0);
    given()
        .header("Authorization", "Bearer " + KEY)
        .contentType("audio/wav")
        .body(golden.wavBytes())
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(200)
        .body("text", equalTo(golden.label()));
    given()
        .header("X-API-Key", OTHER_KEY)
        .multiPart("file", "clip.wav", golden.wavBytes(), "audio/wav")
        .multiPart("model", "digits-cnn")
        .when()
        .post("/v1/audio/transcriptions")
        .then()
        .statusCode(200)
        .body("text", equalTo(golden.label()));
    given()
        .header("authorization", "bearer " + OTHER_KEY)
        .when()
        .get("/v1/models")
        .then()
        .statusCode(200);
  }

  @Test
  void healthAndMetricsNeedNoKeyAndNeverShowOne() {
    for (String path :
        new String[] {
          "/q/health", "/q/health/live", "/q/health/ready", "/q/health/started", "/q/metrics"
        }) {
      given()
          .when()
          .get(path)
          .then()
          .statusCode(200)
          .body(not(containsString(KEY)))
          .body(not(containsString(OTHER_KEY)));
    }
  }

  @Test
  void theDashboardLoadsWithoutAKeySoThatItCanAskForOne() {
    given()
        .when()
        .get("/")
        .then()
        .statusCode(200)
        .contentType(containsString("text/html"))
        .body(containsString("id=\"api-key\""));
    given()
        .when()
        .get("/dashboard/api.js")
        .then()
        .statusCode(200)
        .body(containsString("Authorization"));
    given().when().get("/dashboard/no-such-file.js").then().statusCode(404);
  }

  @Test
  void aRefusedPathDoesNotReachTheMetrics() {
    given().when().get("/written-by-a-stranger").then().statusCode(401);
    given()
        .when()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(not(containsString("written-by-a-stranger")));
  }

  @Test
  void aPathOutsideTheApiIsStillProtected() {
    // Dot segments are resolved before the check, so they cannot reach a public path's exemption.
    given()
        .urlEncodingEnabled(false)
        .when()
        .get("/q/health/../../v1/models")
        .then()
        .statusCode(401);
    given().when().get("/not-a-page").then().statusCode(401).contentType(PROBLEM);
  }

  @Test
  void reloadingTheModelsNeedsTheAdminKeyNotAClientKey() {
    given()
        .when()
        .post("/v1/models/reload")
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .body("detail", containsString("admin key"));
    given()
        .header("X-API-Key", "wrong")
        .when()
        .post("/v1/models/reload")
        .then()
        .statusCode(403)
        .contentType(PROBLEM);
    given()
        .header("X-API-Key", KEY)
        .when()
        .post("/v1/models/reload")
        .then()
        .statusCode(403)
        .contentType(PROBLEM)
        .body("type", equalTo("urn:zora:problem:forbidden"))
        .body("detail", containsString("not an admin key"));
    given()
        .header("Authorization", "Bearer " + ADMIN_KEY)
        .when()
        .post("/v1/models/reload")
        .then()
        .statusCode(200)
        .body("data.find { it.id == 'digits-cnn' }.state", equalTo("ready"));
  }

  @Test
  void theAdminKeyIsAcceptedWhereverAClientKeyIs() {
    given()
        .header("X-API-Key", ADMIN_KEY)
        .contentType("audio/wav")
        .body(clip())
        .when()
        .post("/v1/transcriptions")
        .then()
        .statusCode(200);
    given().header("X-API-Key", KEY).when().get("/v1/models").then().statusCode(200);
  }

  @Test
  void aStreamIsRefusedAtTheWebSocketHandshakeWithoutAKey() throws Exception {
    assertEquals(401, handshakeStatus(Map.of()));
    assertEquals(401, handshakeStatus(Map.of("X-API-Key", "wrong")));
  }

  @Test
  void aStreamWithTheKeyIsAccepted() throws Exception {
    assertEquals(101, handshakeStatus(Map.of("X-API-Key", KEY)));
    assertEquals(101, handshakeStatus(Map.of("Authorization", "Bearer " + KEY)));
  }

  @Test
  void aBrowserOffersItsKeyAsASubprotocolAndGetsZoraV1BackNeverTheKey() throws Exception {
    URI stream = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/v1/stream");
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .subprotocols("zora.v1", "zora-key." + KEY)
            .buildAsync(stream, new WebSocket.Listener() {})
            .get(10, TimeUnit.SECONDS);
    assertEquals("zora.v1", socket.getSubprotocol());
    socket.abort();
    ExecutionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () ->
                HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .subprotocols("zora.v1", "zora-key.wrong")
                    .buildAsync(stream, new WebSocket.Listener() {})
                    .get(10, TimeUnit.SECONDS));
    assertEquals(
        401, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
  }

  @Test
  void aPreflightFromTheAllowedOriginNeedsNoKey() {
    given()
        .header("Origin", ALLOWED_ORIGIN)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type")
        .when()
        .options("/v1/transcriptions")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", equalTo(ALLOWED_ORIGIN))
        .header("Access-Control-Allow-Headers", containsStringIgnoringCase("authorization"));
  }

  @Test
  void aPreflightFromAnotherOriginIsRefused() {
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
  void theAllowedOriginCanReadAnswersAndRefusals() {
    given()
        .header("Origin", ALLOWED_ORIGIN)
        .header("X-API-Key", KEY)
        .when()
        .get("/v1/models")
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", equalTo(ALLOWED_ORIGIN))
        .header("Access-Control-Expose-Headers", containsStringIgnoringCase("Retry-After"));
    given()
        .header("Origin", ALLOWED_ORIGIN)
        .when()
        .get("/v1/models/digits-cnn/layers")
        .then()
        .statusCode(401)
        .contentType(PROBLEM)
        .header("Access-Control-Allow-Origin", equalTo(ALLOWED_ORIGIN));
  }

  /** The status the server answers a WebSocket upgrade of /v1/stream with: 101 when it accepts. */
  private int handshakeStatus(Map<String, String> headers) throws Exception {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    headers.forEach(builder::header);
    URI stream = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/v1/stream");
    try {
      builder.buildAsync(stream, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS).abort();
      return 101;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
  }
}

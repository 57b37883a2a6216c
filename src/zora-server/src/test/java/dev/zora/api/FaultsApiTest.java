package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.testing.Bundles;
import dev.zora.testing.Golden;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Faults from the models folder and from clients, each leaving the server answering correctly: a
 * bundle ONNX Runtime cannot load, a model that fails inside ONNX Runtime on some input lengths,
 * clients that vanish in the middle of an upload, and clients that stall without sending the rest.
 */
@QuarkusTest
@TestProfile(FaultsApiTest.FaultyModels.class)
class FaultsApiTest {
  private static final String FRAGILE = "digits-cnn-even-frames";
  private static final Path UPLOADS = temporaryFolder("zora-uploads");

  /**
   * digits-cnn as shipped; digits-ctc with its graph replaced by bytes that are not ONNX; and a
   * copy of digits-cnn whose graph only runs on an even number of log-mel frames.
   */
  public static class FaultyModels implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path models = temporaryFolder("zora-faulty-models");
        Bundles.copyWithEditedGraph(
            Golden.DIGITS_CNN, models, "model.onnx", UnaryOperator.identity());
        Path ctc =
            Bundles.copyWithEditedGraph(
                Golden.MODELS.resolve("digits-ctc"),
                models,
                "model.onnx",
                UnaryOperator.identity());
        Files.writeString(ctc.resolve("model.onnx"), "these bytes are not an ONNX graph");
        Path staging = temporaryFolder("zora-staging");
        Path fragile =
            Bundles.copyWithEditedGraph(
                Golden.DIGITS_CNN,
                staging,
                "model.onnx",
                Bundles.failingOnOddFrames("features", 40));
        Path renamed = Files.move(fragile, models.resolve(FRAGILE));
        Path manifest = renamed.resolve("zora.json");
        Files.writeString(
            manifest,
            Files.readString(manifest)
                .replace("\"id\": \"digits-cnn\"", "\"id\": \"" + FRAGILE + "\""));
        return Map.of(
            "zora.models.dir",
            models.toString(),
            "quarkus.http.body.uploads-directory",
            UPLOADS.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @TestHTTPResource("/")
  URI server;

  @Test
  void aBundleOnnxRuntimeCannotLoadIsListedAsFailedWithTheReasonAndTheOthersServe() {
    given()
        .when()
        .get("/v1/models/digits-ctc")
        .then()
        .statusCode(200)
        .body("state", equalTo("failed"))
        .body("reason", containsString("model.onnx"));
    given()
        .contentType("audio/wav")
        .body(clip())
        .when()
        .post("/v1/transcriptions?model=digits-ctc")
        .then()
        .statusCode(503)
        .contentType("application/problem+json");
    assertAnswers("digits-cnn");
  }

  @Test
  void aModelThatFailsInsideOnnxRuntimeOnSomeLengthsFailsOnlyThoseRequests() {
    List<Integer> statuses = new ArrayList<>();
    for (Golden digit : Golden.digits(Golden.DIGITS_CNN)) {
      Response response =
          given()
              .contentType("audio/wav")
              .body(digit.wavBytes())
              .when()
              .post("/v1/transcriptions?model=" + FRAGILE);
      statuses.add(response.statusCode());
      if (response.statusCode() != 200) {
        assertEquals(500, response.statusCode());
        assertTrue(
            response.contentType().startsWith("application/problem+json"), response.contentType());
        response.then().body("detail", not(containsString("Exception")));
        assertAnswers("digits-cnn");
      }
    }
    assertTrue(
        statuses.contains(200) && statuses.contains(500),
        "the golden digits' frame counts should be both odd and even: " + statuses);
  }

  @Test
  void clientsThatVanishMidUploadLeaveNoFilesAndTheServerAnswers() throws Exception {
    byte[] wav = clip();
    for (int i = 0; i < 8; i++) {
      try (Socket socket = new Socket(server.getHost(), server.getPort())) {
        OutputStream out = socket.getOutputStream();
        byte[] part =
            ("--cut\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                    + "Content-Type: audio/wav\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        out.write(
            headers(
                i % 2 == 0 ? "/v1/transcriptions" : "/v1/audio/transcriptions",
                "multipart/form-data; boundary=cut",
                part.length + 10L * wav.length));
        out.write(part);
        out.write(wav);
        out.flush();
      }
    }
    assertAnswers("digits-cnn");
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<Path> left;
    do {
      Thread.sleep(100);
      try (Stream<Path> files = Files.list(UPLOADS)) {
        left = files.toList();
      }
    } while (!left.isEmpty() && System.nanoTime() < deadline);
    assertEquals(List.of(), left, "uploads of vanished clients left behind");
  }

  @Test
  void clientsThatStallMidRequestDoNotStallOthers() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        Socket socket = new Socket(server.getHost(), server.getPort());
        stalled.add(socket);
        socket.getOutputStream().write(headers("/v1/transcriptions", "audio/wav", 1_000_000));
        socket.getOutputStream().write(clip(), 0, 100);
        socket.getOutputStream().flush();
      }
      for (int i = 0; i < 3; i++) {
        assertAnswers("digits-cnn");
      }
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  private static void assertAnswers(String model) {
    given()
        .contentType("audio/wav")
        .body(clip())
        .when()
        .post("/v1/transcriptions?model=" + model)
        .then()
        .statusCode(200)
        .body("text", not(equalTo(null)));
  }

  private static byte[] clip() {
    return Golden.digits(Golden.DIGITS_CNN).get(0).wavBytes();
  }

  private byte[] headers(String path, String contentType, long contentLength) {
    return ("POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + server.getHost()
            + ":"
            + server.getPort()
            + "\r\n"
            + "Content-Type: "
            + contentType
            + "\r\nContent-Length: "
            + contentLength
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static Path temporaryFolder(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

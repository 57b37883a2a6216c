package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.audio.PcmAudio;
import dev.zora.audio.WavDecoder;
import dev.zora.testing.Golden;
import dev.zora.testing.WavWriter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * With one inference slot and no queue, a burst of concurrent requests must split into answers and
 * 429s (problem+json with Retry-After) rather than pile up; afterwards the server answers normally.
 * The gate admits each model run, not each request, so a refused request may have decoded some
 * utterances first: how fast a refusal comes is RunGateTest's to check, not this one's.
 */
@QuarkusTest
@TestProfile(SaturatedPoolApiTest.OneSlot.class)
class SaturatedPoolApiTest {
  private static final int BURST = 12;

  public static class OneSlot implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "zora.inference.max-concurrent-runs", "1", "zora.inference.max-queued-runs", "0");
    }
  }

  /** The first digits-transformer golden string six times, a second of silence after each. */
  private static byte[] longRequest() {
    PcmAudio clip =
        new WavDecoder().decode(Golden.all(Golden.DIGITS_TRANSFORMER).get(0).wavBytes());
    float[] speech = clip.samples();
    int gap = clip.sampleRate();
    float[] audio = new float[6 * (speech.length + gap)];
    for (int i = 0; i < 6; i++) {
      System.arraycopy(speech, 0, audio, i * (speech.length + gap), speech.length);
    }
    return WavWriter.write(clip.sampleRate(), WavWriter.Encoding.PCM_16, false, audio);
  }

  @Test
  void aBurstGetsAnswersAndQuick429sAndTheServerRecovers() throws Exception {
    byte[] wav = longRequest();
    ExecutorService clients = Executors.newFixedThreadPool(BURST);
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    try {
      for (int i = 0; i < BURST; i++) {
        calls.add(
            CompletableFuture.supplyAsync(
                () -> {
                  Response response =
                      given()
                          .contentType("audio/wav")
                          .body(wav)
                          .when()
                          .post("/v1/transcriptions?model=digits-transformer");
                  if (response.statusCode() == 429) {
                    assertTrue(
                        response.contentType().startsWith("application/problem+json"),
                        response.contentType());
                    assertEquals("1", response.header("Retry-After"));
                  }
                  return response.statusCode();
                },
                clients));
      }
      int answered = 0;
      int refused = 0;
      for (CompletableFuture<Integer> call : calls) {
        int status = call.get();
        if (status == 200) {
          answered++;
        } else {
          assertEquals(429, status);
          refused++;
        }
      }
      assertTrue(answered >= 1, "no request was answered");
      assertTrue(refused >= 1, "no request was refused although " + BURST + " shared one slot");
    } finally {
      clients.shutdownNow();
    }
    given()
        .contentType("audio/wav")
        .body(wav)
        .when()
        .post("/v1/transcriptions?model=digits-transformer")
        .then()
        .statusCode(200);
  }
}

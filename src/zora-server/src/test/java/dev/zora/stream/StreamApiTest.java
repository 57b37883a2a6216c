package dev.zora.stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zora.audio.PcmAudio;
import dev.zora.audio.WavDecoder;
import dev.zora.testing.DigitStringRecording;
import dev.zora.testing.FsddHeldOut;
import dev.zora.testing.Golden;
import dev.zora.testing.StreamClient;
import dev.zora.testing.Variants;
import dev.zora.testing.WavWriter;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * /v1/stream with a real WebSocket client: what arrives in pieces is transcribed as the file is.
 */
@QuarkusTest
class StreamApiTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Golden CTC_STRING =
      Golden.all(Golden.MODELS.resolve("digits-ctc")).stream()
          .filter(g -> g.name().startsWith("fsdd-string"))
          .findFirst()
          .orElseThrow();

  @TestHTTPResource("/v1/stream")
  URI stream;

  /** The text POST /v1/transcriptions gives for the same audio. */
  static String fileText(byte[] wav, String model) {
    return given()
        .contentType("audio/wav")
        .body(wav)
        .when()
        .post("/v1/transcriptions?model=" + model)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getString("text");
  }

  /** The bytes of the WAV's data chunk: raw PCM, as a live client would send it. */
  static byte[] pcm(byte[] wav) {
    WavDecoder.WavHeader header = new WavDecoder().readHeader(wav);
    return Arrays.copyOfRange(wav, header.dataOffset(), header.dataOffset() + header.dataLength());
  }

  /** 16-bit PCM as the pcm_f32le samples with the same values. */
  private static byte[] floats(byte[] s16) {
    ByteBuffer in = ByteBuffer.wrap(s16).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer out = ByteBuffer.allocate(s16.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    while (in.remaining() >= 2) {
      out.putFloat(in.getShort() / 32768f);
    }
    return out.array();
  }

  @TestFactory
  Stream<DynamicTest> everyGoldenClipStreamedInSmallFramesGivesItsFileTranscription() {
    return Golden.bundlesWithGoldens().stream()
        .flatMap(
            bundle ->
                Golden.all(bundle).stream()
                    .map(
                        golden -> {
                          String model = bundle.getFileName().toString();
                          return DynamicTest.dynamicTest(
                              model + " " + golden.name(),
                              () -> {
                                byte[] wav = golden.wavBytes();
                                WavDecoder.WavHeader header = new WavDecoder().readHeader(wav);
                                StreamClient client =
                                    StreamClient.connect(stream)
                                        .start(
                                            model,
                                            header.sampleRate(),
                                            "pcm_s16le",
                                            header.channels())
                                        .audioInFrames(pcm(wav), 333)
                                        .stop();
                                StreamClient.Closed closed = client.awaitClose(TIMEOUT);
                                assertEquals(1000, closed.code(), closed.reason());
                                assertEquals(
                                    fileText(wav, model),
                                    client.finalText(),
                                    client.messages().toString());
                              });
                        }));
  }

  /**
   * Streams the WAV's samples as raw PCM in frames of {@code frameBytes}, stops, and waits for the
   * close.
   */
  private StreamClient streamWhole(byte[] wav, String model, int frameBytes) {
    WavDecoder.WavHeader header = new WavDecoder().readHeader(wav);
    String encoding = header.formatTag() == 3 ? "pcm_f32le" : "pcm_s16le";
    StreamClient client =
        StreamClient.connect(stream)
            .start(model, header.sampleRate(), encoding, header.channels())
            .audioInFrames(pcm(wav), frameBytes)
            .stop();
    StreamClient.Closed closed = client.awaitClose(TIMEOUT);
    assertEquals(1000, closed.code(), closed.reason() + " " + client.messages());
    return client;
  }

  @TestFactory
  Stream<DynamicTest> everySampleRateAndEncodingGivesTheFileTranscription() {
    PcmAudio clip = new WavDecoder().decode(CTC_STRING.wavBytes());
    List<DynamicTest> tests = new ArrayList<>();
    for (int rate : new int[] {8000, 16000, 44100, 48000}) {
      float[] samples =
          rate == clip.sampleRate()
              ? clip.samples()
              : Variants.upsampleLinear(clip.samples(), clip.sampleRate(), rate);
      for (WavWriter.Encoding encoding :
          List.of(WavWriter.Encoding.PCM_16, WavWriter.Encoding.FLOAT_32)) {
        byte[] wav = WavWriter.write(rate, encoding, false, samples);
        tests.add(
            DynamicTest.dynamicTest(
                encoding + " " + rate + " Hz",
                () -> {
                  StreamClient client = streamWhole(wav, "digits-ctc", 1001);
                  String expected = fileText(wav, "digits-ctc");
                  assertFalse(expected.isEmpty());
                  assertEquals(expected, client.finalText(), client.messages().toString());
                }));
      }
    }
    byte[] stereo =
        WavWriter.write(
            44100,
            WavWriter.Encoding.FLOAT_32,
            false,
            Variants.upsampleLinear(clip.samples(), clip.sampleRate(), 44100),
            Variants.upsampleLinear(clip.samples(), clip.sampleRate(), 44100));
    tests.add(
        DynamicTest.dynamicTest(
            "FLOAT_32 stereo 44100 Hz",
            () ->
                assertEquals(
                    fileText(stereo, "digits-ctc"),
                    streamWhole(stereo, "digits-ctc", 999).finalText())));
    return tests.stream();
  }

  /**
   * Two digits 0.65 s apart: a file keeps them in one utterance (its pause is 0.8 s), a stream ends
   * an utterance after 0.5 s and sends the first digit's final; the second is decoded with the
   * first as context and keeps only its own word, so the two finals say what the file says.
   */
  @ParameterizedTest
  @ValueSource(strings = {"digits-ctc", "digits-transformer"})
  void aPauseAFileKeepsInsideAnUtteranceSplitsTheStreamButNotItsWords(String model) {
    float[] four = digit("fsdd-four-nicolas");
    float[] zero = digit("fsdd-zero-george");
    float[] both = new float[four.length + 5200 + zero.length];
    System.arraycopy(four, 0, both, 0, four.length);
    System.arraycopy(zero, 0, both, four.length + 5200, zero.length);
    byte[] wav = WavWriter.write(8000, WavWriter.Encoding.PCM_16, false, both);

    StreamClient client = streamWhole(wav, model, 320);

    assertEquals(2, client.ofType("final").size(), client.messages().toString());
    assertEquals("four zero", fileText(wav, model));
    assertEquals("four zero", client.finalText(), client.messages().toString());
  }

  private static float[] digit(String golden) {
    return new WavDecoder()
        .decode(
            Golden.all(Golden.MODELS.resolve("digits-cnn")).stream()
                .filter(g -> g.name().equals(golden))
                .findFirst()
                .orElseThrow()
                .wavBytes())
        .samples();
  }

  /**
   * A 40-second recording of digit strings with pauses, noise and held-out voices: one final per
   * pause, in order, each after its speech_start, and together the file's transcription.
   */
  @ParameterizedTest
  @ValueSource(strings = {"digits-ctc", "digits-transformer"})
  void aRecordingOfManyStringsGivesOneFinalPerUtteranceAndTheFileTranscription(String model) {
    assumeTrue(
        FsddHeldOut.isPresent(),
        "FSDD recordings not found at " + FsddHeldOut.recordings().toAbsolutePath());
    DigitStringRecording recording = DigitStringRecording.build(5, 40);
    StreamClient client = streamWhole(recording.wav(), model, 1600);
    assertEquals(fileText(recording.wav(), model), client.finalText());

    List<JsonNode> finals = client.ofType("final");
    assertTrue(
        finals.size() >= recording.strings().size(),
        finals.size() + " finals for " + recording.strings().size() + " strings");
    double lastEnd = 0;
    int speechStarts = 0;
    for (JsonNode message : client.messages()) {
      String type = message.get("type").asText();
      if (type.equals("speech_start")) {
        speechStarts++;
      } else if (type.equals("final")) {
        assertTrue(message.get("start").asDouble() >= lastEnd, "finals in order: " + message);
        assertTrue(
            message.get("end").asDouble() > message.get("start").asDouble(), message.toString());
        lastEnd = message.get("end").asDouble();
      }
    }
    assertEquals(finals.size(), speechStarts, "one speech_start per final");
    for (DigitStringRecording.PlacedString placed : recording.strings()) {
      assertTrue(
          finals.stream()
              .anyMatch(f -> Math.abs(f.get("start").asDouble() - placed.startSeconds()) < 0.2),
          "a final starts where the string "
              + placed.words()
              + " was placed at "
              + placed.startSeconds()
              + " s");
    }
  }

  @Test
  void sixteenConcurrentStreamsAreEachTranscribedAsTheirFile() throws Exception {
    List<byte[]> clips = new ArrayList<>();
    List<String> models = new ArrayList<>();
    for (String model : List.of("digits-ctc", "digits-transformer")) {
      for (Golden golden : Golden.all(Golden.MODELS.resolve(model))) {
        clips.add(golden.wavBytes());
        models.add(model);
      }
    }
    ExecutorService clients = Executors.newFixedThreadPool(16);
    try {
      List<CompletableFuture<String>> texts = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        byte[] wav = clips.get(i % clips.size());
        String model = models.get(i % clips.size());
        texts.add(
            CompletableFuture.supplyAsync(() -> streamWhole(wav, model, 320).finalText(), clients));
      }
      for (int i = 0; i < 16; i++) {
        assertEquals(
            fileText(clips.get(i % clips.size()), models.get(i % clips.size())),
            texts.get(i).get(),
            "stream " + i);
      }
    } finally {
      clients.shutdownNow();
    }
  }

  /** Opens a stream, sends what {@code misbehave} sends, and returns the error and the close. */
  private record Refused(JsonNode error, StreamClient.Closed closed, List<JsonNode> messages) {}

  private Refused refused(java.util.function.Consumer<StreamClient> misbehave) {
    StreamClient client = StreamClient.connect(stream);
    misbehave.accept(client);
    StreamClient.Closed closed = client.awaitClose(TIMEOUT);
    List<JsonNode> errors = client.ofType("error");
    assertEquals(1, errors.size(), client.messages().toString());
    return new Refused(errors.get(0), closed, client.messages());
  }

  @Test
  void badClientsGetAnErrorAndACloseCodeWhileAnotherStreamCarriesOn() {
    byte[] wav = CTC_STRING.wavBytes();
    byte[] audio = pcm(wav);
    StreamClient good =
        StreamClient.connect(stream)
            .start("digits-ctc", 8000, "pcm_s16le", 1)
            .audioInFrames(Arrays.copyOf(audio, audio.length / 2), 500);

    for (String start :
        List.of(
            "not json",
            "[1, 2]",
            "{\"sampleRate\": 8000}",
            "{\"type\": \"begin\"}",
            "{\"type\": \"start\", \"encoding\": \"pcm_s16le\"}",
            "{\"type\": \"start\", \"sampleRate\": \"fast\", \"encoding\": \"pcm_s16le\"}",
            "{\"type\": \"start\", \"sampleRate\": 8000.5, \"encoding\": \"pcm_s16le\"}",
            "{\"type\": \"start\", \"sampleRate\": 8000, \"encoding\": \"mp3\"}",
            "{\"type\": \"start\", \"sampleRate\": 8000, \"encoding\": \"pcm_s16le\", \"channels\": 0}",
            "{\"type\": \"start\", \"sampleRate\": 8000, \"encoding\": \"pcm_s16le\", \"rate\": 1}",
            "{\"type\": \"start\", \"sampleRate\": 8000, \"encoding\": \"pcm_s16le\", \"vad\": \"webrtc\"}",
            "{\"type\": \"start\", \"sampleRate\": 8000, \"encoding\": \"pcm_s16le\", \"vad\": 1}",
            "{\"type\": \"start\", \"model\": \"silero-vad\", \"sampleRate\": 8000, \"encoding\": \"pcm_s16le\"}",
            "{\"type\": \"flush\"}")) {
      Refused refused = refused(client -> client.text(start));
      assertEquals("bad_message", refused.error().get("code").asText(), start);
      assertEquals(1008, refused.closed().code(), start);
      assertFalse(refused.error().get("message").asText().isBlank(), start);
    }

    Refused early = refused(client -> client.audio(new byte[320]));
    assertEquals("audio_before_start", early.error().get("code").asText());
    assertEquals(1008, early.closed().code());

    Refused unknown = refused(client -> client.start("whisper-1", 16000, "pcm_s16le", 1));
    assertEquals("unknown_model", unknown.error().get("code").asText());
    assertTrue(unknown.error().get("message").asText().contains("digits-ctc"), "lists the models");
    assertEquals(1008, unknown.closed().code());

    // Audio taken before the oversized frame is still transcribed and sent, then the close says
    // why.
    Refused oversized =
        refused(
            client ->
                client
                    .start("digits-ctc", 8000, "pcm_s16le", 1)
                    .audioInFrames(audio, 4000)
                    .audio(new byte[262145]));
    assertEquals("frame_too_large", oversized.error().get("code").asText());
    assertEquals(1009, oversized.closed().code());
    assertEquals(
        fileText(wav, "digits-ctc"),
        oversized.messages().stream()
            .filter(m -> m.get("type").asText().equals("final"))
            .map(m -> m.get("text").asText())
            .filter(t -> !t.isEmpty())
            .reduce((a, b) -> a + " " + b)
            .orElse(""));

    // A float sample that is not a number ends the stream too, after the finals of what came before
    // it.
    byte[] floats = floats(audio);
    byte[] notANumber =
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).array();
    Refused unusable =
        refused(
            client ->
                client
                    .start("digits-ctc", 8000, "pcm_f32le", 1)
                    .audioInFrames(floats, 4000)
                    .audio(notANumber));
    assertEquals("unusable_audio", unusable.error().get("code").asText());
    assertEquals(1007, unusable.closed().code());
    assertEquals(
        fileText(wav, "digits-ctc"),
        unusable.messages().stream()
            .filter(m -> m.get("type").asText().equals("final"))
            .map(m -> m.get("text").asText())
            .filter(t -> !t.isEmpty())
            .reduce((a, b) -> a + " " + b)
            .orElse(""));

    good.audioInFrames(Arrays.copyOfRange(audio, audio.length / 2, audio.length), 500).stop();
    assertEquals(1000, good.awaitClose(TIMEOUT).code());
    assertEquals(fileText(wav, "digits-ctc"), good.finalText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"silero", "energy"})
  void theStartMessageChoosesTheSpeechDetectorAndReadySaysWhichRuns(String vad) {
    byte[] wav = CTC_STRING.wavBytes();
    StreamClient client =
        StreamClient.connect(stream)
            .text(
                "{\"type\":\"start\",\"model\":\"digits-ctc\",\"sampleRate\":8000,\"encoding\":\"pcm_s16le\","
                    + "\"vad\":\""
                    + vad
                    + "\"}")
            .audioInFrames(pcm(wav), 1600)
            .stop();
    assertEquals(1000, client.awaitClose(TIMEOUT).code());
    assertEquals(vad, client.ofType("ready").get(0).get("vad").asText());
    String file =
        given()
            .contentType("audio/wav")
            .body(wav)
            .when()
            .post("/v1/transcriptions?model=digits-ctc&vad=" + vad)
            .then()
            .statusCode(200)
            .extract()
            .jsonPath()
            .getString("text");
    assertEquals(file, client.finalText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"silero", "energy"})
  void askedForThemTheStreamSendsWhatTheNeuralDetectorHearsChunkByChunk(String vad) {
    byte[] wav = CTC_STRING.wavBytes();
    byte[] audio = pcm(wav);
    StreamClient client =
        StreamClient.connect(stream)
            .text(
                "{\"type\":\"start\",\"model\":\"digits-ctc\",\"sampleRate\":8000,\"encoding\":\"pcm_s16le\","
                    + "\"vad\":\""
                    + vad
                    + "\",\"speechProbabilities\":true}")
            .audioInFrames(audio, 1600)
            .stop();
    assertEquals(1000, client.awaitClose(TIMEOUT).code());
    List<JsonNode> heard = client.ofType("speech_probability");
    if (vad.equals("energy")) {
      assertFalse(client.ofType("ready").get(0).get("speechProbabilities").asBoolean());
      assertTrue(heard.isEmpty(), "the energy detector has no probabilities to send");
      return;
    }
    assertTrue(client.ofType("ready").get(0).get("speechProbabilities").asBoolean());
    assertFalse(heard.isEmpty());
    double step = heard.get(0).get("step").asDouble();
    assertEquals(0.032, step, 1e-9, "Silero's 32 ms chunks");
    double next = 0;
    double max = 0;
    int chunks = 0;
    for (JsonNode message : heard) {
      assertEquals(next, message.get("start").asDouble(), 1e-9, "each message continues the last");
      for (JsonNode value : message.get("values")) {
        assertTrue(value.asDouble() >= 0 && value.asDouble() <= 1, "a probability: " + value);
        max = Math.max(max, value.asDouble());
        chunks++;
      }
      next = message.get("start").asDouble() + message.get("values").size() * step;
    }
    double seconds = audio.length / 2 / 8000.0;
    assertTrue(
        Math.abs(chunks * step - seconds) <= step,
        chunks + " chunks of " + step + " s for " + seconds + " s of audio");
    assertTrue(max > 0.9, "the detector heard the digits as speech, at most " + max);
  }

  @Test
  void aFlushSendsTheFinalOfTheUtteranceInProgressAtOnce() throws Exception {
    byte[] audio = pcm(CTC_STRING.wavBytes());
    StreamClient client =
        StreamClient.connect(stream)
            .start("digits-ctc", 8000, "pcm_s16le", 1)
            .audioInFrames(audio, 800)
            .text("{\"type\":\"flush\"}");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (client.ofType("final").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(
        1, client.ofType("final").size(), "the final came before stop: " + client.messages());
    client.stop();
    assertEquals(1000, client.awaitClose(TIMEOUT).code());
    assertEquals(fileText(CTC_STRING.wavBytes(), "digits-ctc"), client.finalText());
  }

  @Test
  void aClientThatDropsTheConnectionLeavesTheServerServingOthers() {
    byte[] audio = pcm(CTC_STRING.wavBytes());
    for (int i = 0; i < 4; i++) {
      StreamClient.connect(stream)
          .start("digits-transformer", 8000, "pcm_s16le", 1)
          .audioInFrames(Arrays.copyOf(audio, audio.length * 3 / 4), 800)
          .abort();
    }
    assertEquals(
        fileText(CTC_STRING.wavBytes(), "digits-ctc"),
        streamWhole(CTC_STRING.wavBytes(), "digits-ctc", 800).finalText());
  }

  /**
   * Audio paced at four times real time: partials arrive while the utterance goes on, each dated to
   * its utterance's speech start, and their words are where the final's begin (a partial may rarely
   * show a word the final takes back; more than one in a string would not be stable).
   */
  @Test
  void partialsShowTheWordsSoFarWhileSpeechGoesOn() throws Exception {
    byte[] audio = pcm(CTC_STRING.wavBytes());
    StreamClient client = StreamClient.connect(stream).start("digits-ctc", 8000, "pcm_s16le", 1);
    int frame = 1600; // 0.1 s
    for (int at = 0; at < audio.length; at += frame) {
      client.audio(Arrays.copyOfRange(audio, at, Math.min(audio.length, at + frame)));
      Thread.sleep(25);
    }
    client.stop();
    assertEquals(1000, client.awaitClose(TIMEOUT).code());
    List<JsonNode> partials = client.ofType("partial");
    JsonNode fin = client.ofType("final").get(0);
    assertTrue(partials.size() >= 2, client.messages().toString());
    int retracted = 0;
    for (JsonNode partial : partials) {
      assertEquals(fin.get("start").asDouble(), partial.get("start").asDouble(), 1e-9);
      if (!(fin.get("text").asText() + " ").startsWith(partial.get("text").asText() + " ")) {
        retracted++;
      }
    }
    assertTrue(
        retracted <= 1,
        retracted + " partials are not where the final begins: " + client.messages());
  }
}

package dev.zora.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zora.pipeline.SpeechDetection;
import java.util.Iterator;
import java.util.Set;

/** A text frame from the client: {@code start}, {@code flush} or {@code stop}. */
sealed interface ClientMessage
    permits ClientMessage.Start, ClientMessage.Flush, ClientMessage.Stop {
  int MIN_SAMPLE_RATE = 1000;
  int MAX_SAMPLE_RATE = 384000;
  int MAX_CHANNELS = 32;

  /**
   * Opens the stream and says what the binary frames hold.
   *
   * @param model the model id; the default model when the client names none
   * @param interimResults whether to send partial results (default true)
   * @param vad the speech detector; null for the server's default
   * @param speechProbabilities whether to send what the speech detector hears (default false)
   */
  record Start(
      String model,
      int sampleRate,
      StreamEncoding encoding,
      int channels,
      boolean interimResults,
      SpeechDetection vad,
      boolean speechProbabilities)
      implements ClientMessage {}

  /** Ends the utterance in progress now, without waiting for a pause. */
  record Flush() implements ClientMessage {}

  /** Ends the stream: the server sends every remaining final, then closes. */
  record Stop() implements ClientMessage {}

  /**
   * Reads a text frame.
   *
   * @throws StreamRefusal ({@link StreamError#BAD_MESSAGE}) naming what is wrong
   */
  static ClientMessage parse(String text, ObjectMapper json, String defaultModel) {
    JsonNode message;
    try {
      message = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw bad(
          "text frames must be JSON objects such as {\"type\":\"start\",...}; this one is not JSON: "
              + e.getOriginalMessage());
    }
    if (message == null || !message.isObject()) {
      throw bad("text frames must be JSON objects such as {\"type\":\"start\",...}");
    }
    JsonNode type = message.get("type");
    if (type == null || !type.isTextual()) {
      throw bad("a text frame needs a \"type\": \"start\", \"flush\" or \"stop\"");
    }
    return switch (type.asText()) {
      case "start" -> start(message, defaultModel);
      case "flush" -> new Flush();
      case "stop" -> new Stop();
      default ->
          throw bad(
              "unknown message type \"" + type.asText() + "\"; expected start, flush or stop");
    };
  }

  private static Start start(JsonNode message, String defaultModel) {
    Set<String> known =
        Set.of(
            "type",
            "model",
            "sampleRate",
            "encoding",
            "channels",
            "interimResults",
            "vad",
            "speechProbabilities");
    for (Iterator<String> names = message.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw bad("start message: unknown field \"" + name + "\"; the fields are " + known);
      }
    }
    JsonNode model = message.get("model");
    if (model != null && !model.isNull() && (!model.isTextual() || model.asText().isBlank())) {
      throw bad(
          "start message: \"model\" must be a model id such as \""
              + defaultModel
              + "\", got "
              + model);
    }
    int sampleRate = integer(message, "sampleRate", null, MIN_SAMPLE_RATE, MAX_SAMPLE_RATE, "Hz");
    JsonNode encodingNode = message.get("encoding");
    if (encodingNode == null || !encodingNode.isTextual()) {
      throw bad("start message: \"encoding\" is required, one of " + StreamEncoding.names());
    }
    StreamEncoding encoding =
        StreamEncoding.of(encodingNode.asText())
            .orElseThrow(
                () ->
                    bad(
                        "start message: unknown encoding \""
                            + encodingNode.asText()
                            + "\"; expected one of "
                            + StreamEncoding.names()));
    int channels = integer(message, "channels", 1, 1, MAX_CHANNELS, "channels");
    JsonNode interim = message.get("interimResults");
    if (interim != null && !interim.isBoolean()) {
      throw bad("start message: \"interimResults\" must be true or false, got " + interim);
    }
    JsonNode probabilities = message.get("speechProbabilities");
    if (probabilities != null && !probabilities.isBoolean()) {
      throw bad(
          "start message: \"speechProbabilities\" must be true or false, got " + probabilities);
    }
    return new Start(
        model == null || model.isNull() ? defaultModel : model.asText(),
        sampleRate,
        encoding,
        channels,
        interim == null || interim.asBoolean(),
        vad(message.get("vad")),
        probabilities != null && probabilities.asBoolean());
  }

  private static SpeechDetection vad(JsonNode vad) {
    if (vad == null || vad.isNull()) {
      return null;
    }
    try {
      if (vad.isTextual()) {
        return SpeechDetection.fromWireName(vad.asText());
      }
    } catch (IllegalArgumentException e) {
      throw bad("start message: " + e.getMessage());
    }
    throw bad("start message: \"vad\" must be \"silero\" or \"energy\", got " + vad);
  }

  private static int integer(
      JsonNode message, String field, Integer absent, int min, int max, String unit) {
    JsonNode node = message.get(field);
    if (node == null && absent != null) {
      return absent;
    }
    if (node == null
        || !node.canConvertToInt()
        || !node.isIntegralNumber()
        || node.asInt() < min
        || node.asInt() > max) {
      throw bad(
          "start message: \""
              + field
              + "\" must be an integer from "
              + min
              + " to "
              + max
              + " "
              + unit
              + ", got "
              + (node == null ? "nothing" : node.toString()));
    }
    return node.asInt();
  }

  private static StreamRefusal bad(String message) {
    return new StreamRefusal(StreamError.BAD_MESSAGE, message);
  }
}

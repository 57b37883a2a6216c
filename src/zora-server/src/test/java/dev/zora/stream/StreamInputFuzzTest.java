package dev.zora.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zora.audio.PcmStreamDecoder;
import dev.zora.audio.UnusableAudioException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * What a WebSocket client sends, taken apart as the stream endpoint takes it: the input up to its
 * first zero byte is the start message's text, the rest is PCM that arrives in frames of 1 to 7
 * bytes. A text frame is a message or a bad_message refusal with a reason; a start message's PCM
 * gives the same samples however it is split, or is unusable (a NaN or infinite float) split or
 * whole.
 */
class StreamInputFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest(maxDuration = "3s")
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void startMessageThenFrames(byte[] input) {
    int end = 0;
    while (end < input.length && input[end] != 0) {
      end++;
    }
    String text = new String(input, 0, end, StandardCharsets.UTF_8);
    byte[] pcm = Arrays.copyOfRange(input, Math.min(end + 1, input.length), input.length);
    ClientMessage message;
    try {
      message = ClientMessage.parse(text, JSON, "digits-cnn");
    } catch (StreamRefusal refusal) {
      assertEquals(StreamError.BAD_MESSAGE, refusal.error());
      assertTrue(
          refusal.getMessage() != null && !refusal.getMessage().isBlank(),
          "a refusal without a reason");
      return;
    }
    if (!(message instanceof ClientMessage.Start start)) {
      return;
    }
    PcmStreamDecoder whole = new PcmStreamDecoder(start.encoding().format(), start.channels());
    PcmStreamDecoder framed = new PcmStreamDecoder(start.encoding().format(), start.channels());
    float[] expected;
    try {
      expected = whole.decode(pcm);
    } catch (UnusableAudioException unusable) {
      assertThrows(UnusableAudioException.class, () -> decodeInFrames(framed, pcm));
      return;
    }
    assertArrayEquals(expected, decodeInFrames(framed, pcm));
  }

  private static float[] decodeInFrames(PcmStreamDecoder decoder, byte[] pcm) {
    ByteArrayOutputStream samples = new ByteArrayOutputStream();
    for (int at = 0, size = 1; at < pcm.length; at += size, size = size % 7 + 1) {
      float[] piece = decoder.decode(Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + size)));
      ByteBuffer bytes =
          ByteBuffer.allocate(piece.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(piece);
      samples.writeBytes(bytes.array());
    }
    float[] all = new float[samples.size() / Float.BYTES];
    ByteBuffer.wrap(samples.toByteArray()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(all);
    return all;
  }
}

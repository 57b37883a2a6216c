package dev.zora.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zora.testing.Commands;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's WebSocket client (docs/examples/stream_wav.py) streams a golden string to the server
 * and prints its finals. Needs Debian's python3-websocket, which .ci/run installs; skipped where it
 * is absent.
 */
@QuarkusTest
class StreamClientExampleTest {
  private static final String PYTHON = "/usr/bin/python3";

  @TestHTTPResource("/v1/stream")
  URI stream;

  @Test
  void thePythonClientPrintsTheFinalsOfAGoldenString() throws Exception {
    assumeTrue(
        Commands.succeeds(PYTHON, "-c", "import websocket"), "python3-websocket is not installed");
    String url = "ws://" + stream.getHost() + ":" + stream.getPort() + stream.getPath();
    Process client =
        new ProcessBuilder(
                PYTHON,
                "docs/examples/stream_wav.py",
                "models/digits-ctc/golden/fsdd-string-0.wav",
                url,
                "digits-ctc")
            .redirectErrorStream(true)
            .start();
    String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(client.waitFor(60, TimeUnit.SECONDS), "the client finished");
    assertEquals(0, client.exitValue(), output);
    String heard =
        Arrays.stream(output.split("\n"))
            .map(line -> line.replaceFirst("^\\s*[0-9.]+-\\s*[0-9.]+ s  ", ""))
            .filter(text -> !text.isBlank())
            .collect(Collectors.joining(" "));
    assertEquals("five seven nine zero three three two six", heard, output);
  }
}

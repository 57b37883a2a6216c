package dev.zora.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One address may hold zora.limits.max-connections-per-address connections; the request on one more
 * gets a 503 problem and that connection is closed, and a slot comes back when a connection closes.
 * All connections together are capped by quarkus.http.limits.max-connections, from their first
 * byte.
 */
@QuarkusTest
@TestProfile(ConnectionLimitApiTest.SmallCaps.class)
class ConnectionLimitApiTest {
  static final int PER_ADDRESS = 3;
  static final int TOTAL = 6;

  public static class SmallCaps implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "zora.limits.max-connections-per-address",
          Integer.toString(PER_ADDRESS),
          "quarkus.http.limits.max-connections",
          Integer.toString(TOTAL));
    }
  }

  @TestHTTPResource("/")
  URI server;

  @Test
  void oneAddressGetsItsShareAndASlotComesBackOnClose() throws Exception {
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < PER_ADDRESS; i++) {
        Socket socket = connect();
        open.add(socket);
        assertTrue(get(socket).startsWith("HTTP/1.1 200"), "connection " + i);
      }
      try (Socket oneMore = connect()) {
        String refusal = get(oneMore);
        assertTrue(refusal.startsWith("HTTP/1.1 503"), refusal);
        assertTrue(refusal.contains("application/problem+json"), refusal);
        assertTrue(refusal.contains("Retry-After"), refusal);
        assertTrue(refusal.contains("zora.limits.max-connections-per-address"), refusal);
        assertEquals(-1, readRest(oneMore), "the refused connection is closed");
      }
      assertTrue(get(open.get(1)).startsWith("HTTP/1.1 200"), "a counted connection keeps serving");
      open.remove(0).close();
      Thread.sleep(300);
      try (Socket again = connect()) {
        assertTrue(
            get(again).startsWith("HTTP/1.1 200"), "the closed connection's slot is free again");
      }
    } finally {
      for (Socket socket : open) {
        socket.close();
      }
    }
  }

  @Test
  void connectionsOverTheTotalAreClosedBeforeTheirHeadersAreRead() throws Exception {
    List<Socket> silent = new ArrayList<>();
    try {
      for (int i = 0; i < TOTAL; i++) {
        silent.add(startRequest()); // the start of a request's head, and then nothing
      }
      Thread.sleep(300);
      try (Socket oneMore = startRequest()) {
        assertEquals(-1, readRest(oneMore), "a connection over the total is closed at once");
      }
    } finally {
      for (Socket socket : silent) {
        socket.close();
      }
    }
    Thread.sleep(300);
    given().when().get("/q/health/ready").then().statusCode(200);
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket(server.getHost(), server.getPort());
    socket.setSoTimeout(5_000);
    return socket;
  }

  /**
   * A connection Vert.x has taken as HTTP/1 (it waits for the first bytes to tell it from HTTP/2).
   */
  private Socket startRequest() throws IOException {
    Socket socket = connect();
    socket
        .getOutputStream()
        .write(
            "GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    return socket;
  }

  /** One kept-alive GET; returns the status line and headers, and the body's start. */
  private static String get(Socket socket) throws IOException {
    socket
        .getOutputStream()
        .write(
            "GET /q/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    byte[] buffer = new byte[4096];
    int n = socket.getInputStream().read(buffer);
    return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
  }

  /** Reads until the server closes; -1 once it has. */
  private static int readRest(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // the rest of a refusal
      }
      return -1;
    } catch (SocketException reset) {
      return -1; // closed with a reset: closed all the same
    }
  }
}

package dev.zora.stream;

import dev.zora.audio.PcmStreamDecoder;
import dev.zora.audio.UnusableAudioException;
import dev.zora.inference.OverCapacityException;
import dev.zora.model.ModelNotReadyException;
import dev.zora.model.UnknownModelException;
import dev.zora.model.WrongTaskException;
import dev.zora.pipeline.LiveTranscription;
import dev.zora.pipeline.SpeechDetection;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * One WebSocket connection to {@code /v1/stream}: its protocol state machine and limits, and what a
 * worker turn does with the work it queued.
 *
 * <p>The event loop only checks and queues what arrives ({@code on*} methods, cheap and
 * synchronized, also called by the limit sweeper). The work itself (PCM decoding, resampling, voice
 * activity, model runs) runs in the connection's {@link StreamBacklog} turns on the shared stream
 * workers. Sends never wait for the client to read.
 */
final class StreamSession {
  private static final Logger LOG = Logger.getLogger(StreamSession.class);

  /** RFC 6455 leaves 123 bytes of a close frame for the reason. */
  private static final int MAX_REASON_BYTES = 123;

  private enum State {
    AWAITING_START,
    STREAMING,
    ENDING,
    ENDED
  }

  /** What the workers do for a connection, in arrival order. */
  private sealed interface Work permits Audio, Flush, End {}

  private record Audio(byte[] bytes) implements Work {}

  private record Flush() implements Work {}

  /**
   * Transcribe what is left; send the finals when the client is still there, then close with {@code
   * close}.
   */
  private record End(boolean sendResults, CloseReason close) implements Work {}

  private final WebSocketConnection connection;
  private final StreamSessions owner;
  private final long openedNanos = System.nanoTime();
  private final StreamBacklog<Work> work;
  private State state = State.AWAITING_START; // guarded by this
  private long lastMessageNanos = openedNanos; // guarded by this
  // Set once by the start message, then used only by the worker turns (which it happens-before).
  private LiveTranscription transcription;
  private PcmStreamDecoder decoder;
  private boolean interimResults;
  private boolean speechProbabilities;
  private StreamMetrics.ModelCounters counters;
  private int sampleRate;

  StreamSession(WebSocketConnection connection, StreamSessions owner) {
    this.connection = connection;
    this.owner = owner;
    this.work = new StreamBacklog<>(owner.workers(), this::turn, owner.limits().maxBufferedBytes());
  }

  synchronized void onText(String text) {
    lastMessageNanos = System.nanoTime();
    if (state == State.ENDING || state == State.ENDED) {
      return;
    }
    try {
      ClientMessage message = ClientMessage.parse(text, owner.json(), owner.defaultModel());
      if (message instanceof ClientMessage.Start start) {
        start(start);
      } else if (state == State.AWAITING_START) {
        if (message instanceof ClientMessage.Stop) {
          state = State.ENDED;
          connection
              .close(new CloseReason(1000, "stopped before start"))
              .subscribe()
              .with(ok -> {}, this::sendFailed);
        } else {
          throw new StreamRefusal(
              StreamError.BAD_MESSAGE, "the first message must be {\"type\":\"start\",...}");
        }
      } else if (message instanceof ClientMessage.Flush) {
        work.add(new Flush());
      } else {
        state = State.ENDING;
        work.add(new End(true, new CloseReason(1000, "stopped")));
      }
    } catch (StreamRefusal refusal) {
      refuse(refusal.error(), refusal.getMessage());
    }
  }

  synchronized void onAudio(byte[] bytes) {
    lastMessageNanos = System.nanoTime();
    switch (state) {
      case AWAITING_START ->
          refuse(
              StreamError.AUDIO_BEFORE_START,
              "binary audio arrived before the start message; send {\"type\":\"start\",...} first");
      case STREAMING -> {
        if (bytes.length > owner.limits().maxFrameBytes()) {
          refuse(
              StreamError.FRAME_TOO_LARGE,
              "a frame of "
                  + bytes.length
                  + " bytes is over the limit of "
                  + owner.limits().maxFrameBytes()
                  + " bytes (zora.stream.max-frame-bytes); send smaller frames");
        } else if (!work.addAudio(new Audio(bytes), bytes.length)) {
          refuse(
              StreamError.BUFFER_FULL,
              "over "
                  + owner.limits().maxBufferedBytes()
                  + " bytes of audio wait to be processed (zora.stream.max-buffered-bytes): the server is behind;"
                  + " send audio no faster than real time");
        }
      }
      case ENDING, ENDED -> {} // after stop or an error: the stream is over, nothing more is taken
    }
  }

  /** The client went away: what it sent is still transcribed, but there is no one to send it to. */
  synchronized void onClientClosed() {
    if (state == State.STREAMING) {
      work.add(new End(false, null));
    }
    state = State.ENDED;
  }

  /** The server is stopping: a started stream gets the finals of what it sent, then the close. */
  synchronized void onServerStopping() {
    if (state == State.AWAITING_START || state == State.STREAMING) {
      refuse(
          StreamError.SERVER_STOPPING,
          "the server is shutting down; the finals of the audio sent so far"
              + " come before the close; reconnect when it is back");
    }
  }

  /** Ends a connection that has been idle or open too long; called now and then by the sweeper. */
  synchronized void checkLimits(long nowNanos) {
    if (state != State.AWAITING_START && state != State.STREAMING) {
      return;
    }
    if (nowNanos - openedNanos > owner.limits().maxSession().toNanos()) {
      refuse(
          StreamError.SESSION_TOO_LONG,
          "the connection has been open for the longest time allowed, "
              + owner.limits().maxSession().toSeconds()
              + " s (zora.stream.max-session); open a new one");
    } else if (nowNanos - lastMessageNanos > owner.limits().idleTimeout().toNanos()) {
      refuse(
          StreamError.IDLE_TIMEOUT,
          "nothing arrived for "
              + owner.limits().idleTimeout().toMillis()
              + " ms (zora.stream.idle-timeout)");
    }
  }

  private void start(ClientMessage.Start start) {
    if (state != State.AWAITING_START) {
      throw new StreamRefusal(
          StreamError.BAD_MESSAGE, "the stream has already started; send one start message");
    }
    decoder = new PcmStreamDecoder(start.encoding().format(), start.channels());
    SpeechDetection vad = start.vad() != null ? start.vad() : owner.zora().defaultVad();
    try {
      // Last, so that nothing can fail between taking the model's lease and streaming, which
      // releases it.
      transcription =
          owner.zora().live(start.model(), start.sampleRate(), owner.liveSettings(), vad);
    } catch (UnknownModelException e) {
      throw new StreamRefusal(StreamError.UNKNOWN_MODEL, e.getMessage());
    } catch (ModelNotReadyException e) {
      throw new StreamRefusal(StreamError.MODEL_NOT_READY, e.getMessage());
    } catch (WrongTaskException e) {
      throw new StreamRefusal(StreamError.BAD_MESSAGE, e.getMessage());
    }
    interimResults = start.interimResults();
    speechProbabilities = start.speechProbabilities() && transcription.givesSpeechProbabilities();
    counters = owner.metrics().forModel(start.model());
    sampleRate = start.sampleRate();
    state = State.STREAMING;
    send(
        new ServerMessage.Ready(
            start.model(),
            start.sampleRate(),
            start.encoding().wireName(),
            start.channels(),
            start.interimResults(),
            owner.limits().maxFrameBytes(),
            vad.wireName(),
            speechProbabilities));
  }

  /**
   * Tells the client why its stream ends. Before the stream started there is nothing to transcribe:
   * the connection closes at once. After, the audio already taken is transcribed and its finals
   * sent before the close, so nothing the client sent is lost.
   */
  private void refuse(StreamError error, String message) {
    LOG.debugf("stream %s: %s: %s", connection.id(), error.code(), message);
    send(ServerMessage.Error.of(error, message));
    CloseReason close = new CloseReason(error.closeCode(), reason(message));
    if (state == State.STREAMING) {
      state = State.ENDING;
      work.add(new End(true, close));
    } else {
      state = State.ENDED;
      connection.close(close).subscribe().with(ok -> {}, this::sendFailed);
    }
  }

  /**
   * One worker turn: everything queued so far, then a partial result if one is due and nothing
   * waits.
   */
  private void turn() {
    try {
      boolean heardAudio = false;
      for (Work item = work.next(); item != null; item = work.next()) {
        if (item instanceof Audio audio) {
          work.tookAudio(audio.bytes().length);
          float[] samples = decoder.decode(audio.bytes());
          counters.audioSeconds().increment(samples.length / (double) sampleRate);
          sendAll(transcription.accept(samples));
          heardAudio = true;
        } else if (item instanceof Flush) {
          sendAll(transcription.flush());
        } else if (item instanceof End end) {
          end(end);
          return;
        }
      }
      if (heardAudio) {
        sendSpeechProbabilities();
      }
      if (heardAudio && interimResults && work.isEmpty() && isStreaming()) {
        transcription.partial().ifPresent(p -> send(ServerMessage.Partial.of(p)));
      }
    } catch (UnusableAudioException e) {
      synchronized (this) {
        refuse(
            StreamError.UNUSABLE_AUDIO,
            e.getMessage()); // the audio before it still gets its finals
      }
    } catch (OverCapacityException e) {
      abort(StreamError.OVER_CAPACITY, e.getMessage());
    } catch (RuntimeException e) {
      LOG.errorf(e, "stream %s failed", connection.id());
      abort(StreamError.INTERNAL, "the server failed to process the stream; see its log");
    }
  }

  private void end(End end) {
    List<LiveTranscription.Event> last = transcription.finish();
    if (end.sendResults()) {
      sendSpeechProbabilities();
      sendAll(last);
    }
    release();
    if (end.close() != null) {
      connection.close(end.close()).subscribe().with(ok -> {}, this::sendFailed);
    }
  }

  /** A worker turn failed: the stream cannot go on. */
  private void abort(StreamError error, String message) {
    release();
    send(ServerMessage.Error.of(error, message));
    connection
        .close(new CloseReason(error.closeCode(), reason(message)))
        .subscribe()
        .with(ok -> {}, this::sendFailed);
  }

  /**
   * Drops the stream's audio and state and releases its model; what is still queued is never looked
   * at. Every way a started stream ends comes here, on its worker: stop, a limit or error, the
   * client closing or vanishing (its End is queued by {@link #onClientClosed}), or a failed turn.
   */
  private void release() {
    synchronized (this) {
      state = State.ENDED;
    }
    work.clear();
    transcription.close();
    transcription = null;
    decoder = null;
  }

  private synchronized boolean isStreaming() {
    return state == State.STREAMING;
  }

  private void sendSpeechProbabilities() {
    if (speechProbabilities) {
      transcription
          .newSpeechProbabilities()
          .ifPresent(heard -> send(ServerMessage.SpeechProbability.of(heard)));
    }
  }

  private void sendAll(List<LiveTranscription.Event> events) {
    for (LiveTranscription.Event event : events) {
      if (event instanceof LiveTranscription.SpeechStarted started) {
        send(new ServerMessage.SpeechStart(started.seconds()));
      } else if (event instanceof LiveTranscription.Final utterance) {
        send(ServerMessage.Final.of(utterance));
      }
    }
  }

  private void send(ServerMessage message) {
    owner.metrics().sent(message, counters);
    if (connection.isOpen()) {
      connection.sendText(owner.toJson(message)).subscribe().with(ok -> {}, this::sendFailed);
    }
  }

  private void sendFailed(Throwable failure) {
    LOG.debugf("stream %s: could not send or close: %s", connection.id(), failure.getMessage());
  }

  private static String reason(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_REASON_BYTES) {
      return message;
    }
    int end = MAX_REASON_BYTES - 3;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--; // not inside a multi-byte character
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8) + "...";
  }
}

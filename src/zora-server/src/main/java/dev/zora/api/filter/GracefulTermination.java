package dev.zora.api.filter;

import dev.zora.server.ZoraConfig;
import dev.zora.stream.StreamSessions;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * SIGTERM (docker stop, Kubernetes, systemd) and SIGINT (Ctrl-C) end the server in order: new
 * requests and streams are refused (503, close 1001), every open stream gets the finals of what it
 * sent and its close, requests in flight get their answers, all within {@code zora.shutdown.grace};
 * then Quarkus stops and the JVM exits.
 *
 * <p>Why not leave the signal to the JVM: ONNX Runtime registers a JVM shutdown hook that releases
 * its native environment as soon as JVM shutdown begins, in parallel with Quarkus' hook, so a model
 * run during a grace period crashed the process (SIGSEGV in libonnxruntime) instead of finishing.
 * Draining before the JVM's shutdown begins closes the sessions first; its hooks find nothing
 * running.
 */
@ApplicationScoped
public class GracefulTermination {
  private static final Logger LOG = Logger.getLogger(GracefulTermination.class);

  private final StreamSessions streams;
  private final RequestDrain requests;
  private final Duration grace;

  public GracefulTermination(StreamSessions streams, RequestDrain requests, ZoraConfig config) {
    this.streams = streams;
    this.requests = requests;
    this.grace = config.shutdown().grace();
  }

  void install(@Observes StartupEvent event) {
    if (LaunchMode.current() != LaunchMode.NORMAL) {
      return; // tests and dev mode own their JVM's signals
    }
    // The JVM runs signal handlers on a thread of its own, whose class loader cannot see the
    // application's classes: beans first used there would fail to load.
    ClassLoader application = Thread.currentThread().getContextClassLoader();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            Thread.currentThread().setContextClassLoader(application);
            terminate(name);
          });
    }
  }

  private void terminate(String signal) {
    LOG.infof(
        "SIG%s: finishing open streams and requests in flight within %s, then exiting",
        signal, grace);
    long deadline = System.nanoTime() + grace.toNanos();
    try {
      requests.stopAccepting();
      int streamsLeft = streams.finishOpenStreams(grace);
      int requestsLeft =
          requests.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (streamsLeft + requestsLeft > 0) {
        LOG.warnf(
            "the grace period ran out with %d streams and %d requests unfinished",
            streamsLeft, requestsLeft);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      Quarkus.asyncExit(0); // whatever happened to the streams, the signal must end the process
    }
  }
}

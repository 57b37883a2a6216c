package dev.zora.api.upload;

import dev.zora.api.problem.ApiException;
import dev.zora.api.problem.ProblemKind;
import dev.zora.audio.WavDecoder;
import dev.zora.server.ZoraConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Bounds the memory that transcriptions in flight hold as audio: each request reserves what its
 * upload may grow into (the bytes, the decoded samples at the file's rate and at the model's)
 * before it is decoded, and a request that would take the total over the budget is refused with 503
 * and Retry-After, so a burst of long uploads queues at the clients instead of in the heap. One
 * request is always let through, however large, when nothing else is in flight: the upload and
 * duration limits bound it.
 */
@ApplicationScoped
public class AudioMemoryBudget {
  /** The least bit rate assumed for compressed audio when bounding its decoded length (bytes/s). */
  private static final double LEAST_COMPRESSED_BYTES_PER_SECOND = 2_000;

  /** The highest rate a compressed file is decoded at (Opus always decodes at 48 kHz). */
  private static final int HIGHEST_DECODED_RATE = 48_000;

  private static final int FLOAT_BYTES = 4;
  private static final WavDecoder WAV = new WavDecoder();

  private final long capacity;
  private final double maxDurationSeconds;
  private long reserved; // guarded by this

  @Inject
  public AudioMemoryBudget(ZoraConfig config) {
    this(
        config.limits().audioMemoryBytes().orElse(Runtime.getRuntime().maxMemory() / 4),
        config.limits().maxDurationSeconds());
  }

  AudioMemoryBudget(long capacity, double maxDurationSeconds) {
    this.capacity = capacity;
    this.maxDurationSeconds = maxDurationSeconds;
  }

  /** A reservation for one upload; close it when the request is done. */
  public interface Reservation extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Reserves room for {@code audio} or refuses the request.
   *
   * @throws ApiException 503 when the budget cannot hold it now
   */
  public Reservation reserve(byte[] audio) {
    long cost = Math.min(capacity, cost(audio));
    synchronized (this) {
      if (reserved > 0 && reserved + cost > capacity) {
        throw new ApiException(
            ProblemKind.BUSY,
            "the server holds as much audio as its memory budget allows ("
                + capacity / (1024 * 1024)
                + " MiB, zora.limits.audio-memory-bytes); retry after Retry-After seconds");
      }
      reserved += cost;
    }
    return () -> {
      synchronized (this) {
        reserved -= cost;
      }
    };
  }

  public synchronized long reservedBytes() {
    return reserved;
  }

  public long capacityBytes() {
    return capacity;
  }

  /**
   * What an upload may grow into: WAV's samples as floats at most 4x its bytes (8-bit) at its own
   * rate and again at the model's (at most as many); compressed audio's decoded length bounded by a
   * 16 kbit/s floor and the duration limit, at 48 kHz, twice (decoded and resampled).
   */
  public long cost(byte[] audio) {
    if (WAV.looksLikeWav(audio)) {
      return audio.length + 2L * FLOAT_BYTES * audio.length;
    }
    double seconds =
        Math.min(maxDurationSeconds + 1, audio.length / LEAST_COMPRESSED_BYTES_PER_SECOND);
    return audio.length + (long) (2 * seconds * HIGHEST_DECODED_RATE * FLOAT_BYTES);
  }
}

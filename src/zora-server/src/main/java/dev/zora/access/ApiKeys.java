package dev.zora.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;

/**
 * The API keys a server accepts. Keys are kept as SHA-256 digests and compared in constant time, so
 * neither a heap dump nor response timing tells a client how close its guess was.
 */
public final class ApiKeys {
  private final List<byte[]> digests;

  private ApiKeys(List<byte[]> digests) {
    this.digests = digests;
  }

  /** Accepts any of {@code keys}; an empty collection means no key is required. */
  public static ApiKeys of(Collection<String> keys) {
    for (String key : keys) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException(
            "a key is blank; remove the empty entry from zora.api-keys or zora.admin-keys");
      }
    }
    return new ApiKeys(keys.stream().map(ApiKeys::digest).toList());
  }

  /** Whether clients must present a key at all. */
  public boolean required() {
    return !digests.isEmpty();
  }

  public int count() {
    return digests.size();
  }

  /**
   * The position of {@code presented} among the configured keys (0-based), or empty when it is none
   * of them. Every key is compared, whichever matches.
   */
  public OptionalInt match(String presented) {
    byte[] candidate = digest(presented);
    int found = -1;
    for (int i = 0; i < digests.size(); i++) {
      if (MessageDigest.isEqual(digests.get(i), candidate) && found < 0) {
        found = i;
      }
    }
    return found < 0 ? OptionalInt.empty() : OptionalInt.of(found);
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

package dev.zora.model;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The right to use one loaded model until {@link #close()}. The registry never closes a model while
 * a lease on it is open, even when a reload replaces or removes it: closing a native session in the
 * middle of a run can crash the JVM. Use it in try-with-resources; closing it twice is harmless.
 *
 * @param <M> the loaded model
 */
public final class Lease<M extends AutoCloseable> implements AutoCloseable {
  private final SharedModel<M> shared;
  private final AtomicBoolean released = new AtomicBoolean();

  Lease(SharedModel<M> shared) {
    this.shared = shared;
  }

  /**
   * The leased model.
   *
   * @throws IllegalStateException after {@link #close()}: the model may be closed by then
   */
  public M get() {
    if (released.get()) {
      throw new IllegalStateException(
          "the lease on model \"" + shared.id() + "\" was already released");
    }
    return shared.model();
  }

  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      shared.release();
    }
  }
}

package dev.zora.model;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * One loaded model and the leases open on it. Once retired (replaced or removed by a reload, or the
 * registry closed) it hands out no new leases and is closed when its last lease is released, at
 * once when none is open.
 */
final class SharedModel<M extends AutoCloseable> {
  private static final Logger LOG = System.getLogger(SharedModel.class.getName());

  private final String id;
  private final M model;
  private int leases; // guarded by this
  private boolean retired; // guarded by this

  SharedModel(String id, M model) {
    this.id = id;
    this.model = model;
  }

  String id() {
    return id;
  }

  M model() {
    return model;
  }

  /** A new lease; empty once retired, so the caller looks up the model that replaced it. */
  Optional<Lease<M>> lease() {
    synchronized (this) {
      if (retired) {
        return Optional.empty();
      }
      leases++;
    }
    return Optional.of(new Lease<>(this));
  }

  void retire() {
    synchronized (this) {
      if (retired) {
        return;
      }
      retired = true;
      if (leases > 0) {
        return;
      }
    }
    closeModel();
  }

  void release() {
    synchronized (this) {
      leases--;
      if (!retired || leases > 0) {
        return;
      }
    }
    closeModel();
  }

  private void closeModel() {
    try {
      model.close();
    } catch (Exception e) { // nothing more to do with a model on its way out than to say so
      LOG.log(
          Level.WARNING,
          "closing model "
              + id
              + " failed: "
              + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
    }
  }
}

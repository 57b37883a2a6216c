package dev.zora.explain;

/** One attribution method: one input and target in, one map over its log-mel cells out. */
interface Attributor {
  AttributionMap attribute(Explained subject, AttributionOptions options);
}

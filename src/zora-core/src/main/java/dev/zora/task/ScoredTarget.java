package dev.zora.task;

/** What an explanation is of, and the scorer of that target on perturbed inputs. */
public record ScoredTarget(Target target, TargetScorer scorer) {}

/**
 * JMH microbenchmarks of the work each request or stream does, run by {@code bench/jmh.sh}. The
 * benchmark and state classes are public and not final because JMH's generated code subclasses
 * them. They read models/ relative to the working directory, so run them from the repository root.
 */
package dev.zora.bench;

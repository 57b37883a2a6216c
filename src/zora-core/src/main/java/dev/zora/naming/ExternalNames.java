package dev.zora.naming;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Looks up an enum constant by the name it has outside Java (in a manifest, a query parameter, a
 * stream message), and words the refusal of an unknown name the same way everywhere: what was asked
 * for, and every name that would have done.
 */
public final class ExternalNames {
  private ExternalNames() {}

  /**
   * @param constants the enum's values, in the order the refusal lists them
   * @param nameOf the external name of a constant
   * @param what what the name names, for the refusal ("task", "baseline", ...)
   * @param refusal the exception to throw, made from the refusal's sentence
   */
  public static <E extends Enum<E>> E lookup(
      E[] constants,
      Function<E, String> nameOf,
      String name,
      String what,
      Function<String, ? extends RuntimeException> refusal) {
    for (E constant : constants) {
      if (nameOf.apply(constant).equals(name)) {
        return constant;
      }
    }
    throw refusal.apply(
        "unknown "
            + what
            + " \""
            + name
            + "\", expected one of "
            + Arrays.stream(constants).map(nameOf).collect(Collectors.joining(", ")));
  }
}

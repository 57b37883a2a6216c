package dev.zora.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  @Test
  void noKeysMeansNoneIsRequired() {
    assertFalse(ApiKeys.of(List.of()).required());
  }

  @Test
  void findsWhichKeyWasPresented() {
    ApiKeys keys = ApiKeys.of(List.of("first-key", "second-key"));
    assertTrue(keys.required());
    assertEquals(OptionalInt.of(0), keys.match("first-key"));
    assertEquals(OptionalInt.of(1), keys.match("second-key"));
  }

  @Test
  void refusesAnythingButAnExactKey() {
    ApiKeys keys = ApiKeys.of(List.of("first-key"));
    assertEquals(OptionalInt.empty(), keys.match("first-ke"));
    assertEquals(OptionalInt.empty(), keys.match("first-key "));
    assertEquals(OptionalInt.empty(), keys.match("FIRST-KEY"));
    assertEquals(OptionalInt.empty(), keys.match(""));
  }

  @Test
  void aBlankKeyIsAConfigurationError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ApiKeys.of(List.of("good-key", " ")));
    assertTrue(e.getMessage().contains("zora.api-keys"), e.getMessage());
  }
}

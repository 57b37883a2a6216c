package dev.zora.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AgreedPrefixTest {

  @Test
  void showsOnlyTheWordsTwoSuccessiveHypothesesBeginWith() {
    AgreedPrefix agreed = new AgreedPrefix();
    assertEquals("", agreed.next("four"), "one hypothesis agrees with nothing yet");
    assertEquals("four", agreed.next("four two"));
    assertEquals("four", agreed.next("four seven"), "the unstable last word stays hidden");
    assertEquals("four seven", agreed.next("four seven one"));
    assertEquals("", agreed.next("five seven one"), "a changed first word takes everything back");
  }

  @Test
  void anEndedUtteranceIsForgotten() {
    AgreedPrefix agreed = new AgreedPrefix();
    agreed.next("one two");
    agreed.reset();
    assertEquals("", agreed.next("one two"));
    assertEquals("", agreed.next("  "), "an empty hypothesis agrees with nothing");
  }
}

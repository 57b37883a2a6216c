package dev.zora.api.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zora.api.problem.ApiException;
import dev.zora.api.problem.ProblemKind;
import dev.zora.testing.Golden;
import org.junit.jupiter.api.Test;

class AudioMemoryBudgetTest {
  private final byte[] wav = Golden.digits(Golden.DIGITS_CNN).get(0).wavBytes();

  @Test
  void refusesWhatWouldGoOverTheBudgetAndTakesItOnceRoomIsFree() {
    AudioMemoryBudget budget = new AudioMemoryBudget(budgetFor(2), 600);
    AudioMemoryBudget.Reservation first = budget.reserve(wav);
    AudioMemoryBudget.Reservation second = budget.reserve(wav);
    ApiException refused = assertThrows(ApiException.class, () -> budget.reserve(wav));
    assertEquals(ProblemKind.BUSY, refused.kind());
    assertTrue(
        refused.getMessage().contains("zora.limits.audio-memory-bytes"), refused.getMessage());
    first.close();
    budget.reserve(wav).close();
    second.close();
    assertEquals(0, budget.reservedBytes());
  }

  @Test
  void oneRequestLargerThanTheWholeBudgetPassesWhenNothingElseIsInFlight() {
    AudioMemoryBudget budget = new AudioMemoryBudget(10, 600);
    try (AudioMemoryBudget.Reservation alone = budget.reserve(wav)) {
      assertThrows(ApiException.class, () -> budget.reserve(wav));
    }
    assertEquals(0, budget.reservedBytes());
  }

  @Test
  void compressedAudioIsBoundedByTheDurationLimit() {
    AudioMemoryBudget budget = new AudioMemoryBudget(Long.MAX_VALUE, 10);
    byte[] mp3 = new byte[5_000_000];
    mp3[0] = 'I';
    mp3[1] = 'D';
    mp3[2] = '3';
    // 11 s (the limit plus the one second a decoder goes past it) at 48 kHz, decoded and resampled
    assertEquals(5_000_000 + 2L * 11 * 48_000 * 4, budget.cost(mp3));
  }

  private long budgetFor(int uploads) {
    return uploads * new AudioMemoryBudget(Long.MAX_VALUE, 600).cost(wav);
  }
}

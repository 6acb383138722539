package dev.codexpar.appserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostPickerTest {
  private static HostPicker picker(Object... hostsAndSlots) {
    Map<String, Integer> slots = new LinkedHashMap<>();
    for (int i = 0; i < hostsAndSlots.length; i += 2) {
      slots.put((String) hostsAndSlots[i], (Integer) hostsAndSlots[i + 1]);
    }
    return new HostPicker(slots);
  }

  @Test
  void spreadsOverHostsByFreeSlotsThenWaitsWhenAllAreFull() {
    HostPicker picker = picker("a", 2, "b", 1);

    assertThat(picker.acquire()).contains("a"); // 2 free against 1
    assertThat(picker.acquire()).contains("a"); // a tie (1 and 1): the first listed
    assertThat(picker.acquire()).contains("b");
    assertThat(picker.acquire()).isEmpty();
    assertThat(picker.free()).isZero();

    picker.release("b");
    assertThat(picker.acquire()).contains("b");
  }

  @Test
  void eachHostKeepsItsOwnLimit() {
    HostPicker picker = picker("a", 1, "b", 3);

    assertThat(picker.acquire()).contains("b"); // 3 free against 1
    assertThat(picker.acquire()).contains("b"); // 2 against 1
    assertThat(picker.acquire()).contains("a"); // 1 and 1: the first listed
    assertThat(picker.acquire()).contains("b");
    assertThat(picker.acquire()).isEmpty(); // 1 + 3 tasks at once, no more
  }

  @Test
  void aDeadHostIsLeftOutAndItsSlotsAreGone() {
    HostPicker picker = picker("a", 1, "b", 1);
    assertThat(picker.acquire()).contains("a");

    picker.markDead("a");
    picker.release("a"); // its task ends after the host died: nothing to give back

    assertThat(picker.live()).containsExactly("b");
    assertThat(picker.free()).isEqualTo(1);
    assertThat(picker.acquire()).contains("b");
    assertThat(picker.acquire()).isEmpty();
  }

  @Test
  void noHostLeftGivesNothing() {
    HostPicker picker = picker("a", 2);
    picker.markDead("a");

    assertThat(picker.acquire()).isEqualTo(Optional.empty());
    assertThat(picker.live()).isEmpty();
  }

  @Test
  void refusesAHostWithoutSlots() {
    assertThatThrownBy(() -> picker("gpu-box", 0))
        .hasMessage("host gpu-box: max_parallel must be at least 1, not 0");
  }
}

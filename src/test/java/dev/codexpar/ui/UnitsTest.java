package dev.codexpar.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {
  @Test
  void countsAreCompactPastAThousand() {
    assertThat(Units.count(950)).isEqualTo("950");
    assertThat(Units.count(1_234)).isEqualTo("1.2K");
    assertThat(Units.count(15_400)).isEqualTo("15K");
    assertThat(Units.count(3_400_000)).isEqualTo("3.4M");
  }

  @Test
  void thePlanLineSaysOneTaskAndOneWaveInTheSingular() {
    assertThat(Units.planLine(1, 1, 2, "/runs/a"))
        .isEqualTo("1 task in 1 wave, up to 2 at once, in /runs/a");
    assertThat(Units.planLine(6, 3, 4, "/runs/b"))
        .isEqualTo("6 tasks in 3 waves, up to 4 at once, in /runs/b");
    assertThat(Units.planLine(0, 0, 8, "/runs/c"))
        .isEqualTo("0 tasks in 0 waves, up to 8 at once, in /runs/c");
  }
}

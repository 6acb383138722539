package dev.codexpar.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadWatchTest {
  private final HeadWatch watch = new HeadWatch();

  @Test
  void aConnectionWithoutAnyHeadIsOverdueAtTheFirstLook() {
    assertThat(watch.overdue(false)).isTrue();
  }

  @Test
  void aConnectionAnsweringIsNeverOverdueHoweverLong() {
    watch.requestBegun();
    for (int look = 0; look < 100; look++) {
      assertThat(watch.overdue(true)).isFalse();
    }
  }

  @Test
  void afterAnAnswerTheNextHeadHasUntilTheLookAfterNext() {
    watch.requestBegun();
    assertThat(watch.overdue(true)).isFalse();
    // the answer ended between the looks: this look starts the wait, the next one ends it
    assertThat(watch.overdue(false)).isFalse();
    assertThat(watch.overdue(false)).isTrue();
  }

  @Test
  void aRequestBegunBetweenTwoLooksRestartsTheWait() {
    watch.requestBegun();
    assertThat(watch.overdue(false)).isFalse();
    // a quick request, answered before the next look
    watch.requestBegun();
    assertThat(watch.overdue(false)).isFalse();
    watch.requestBegun();
    watch.requestBegun();
    assertThat(watch.overdue(false)).isFalse();
    assertThat(watch.overdue(false)).isTrue();
  }
}

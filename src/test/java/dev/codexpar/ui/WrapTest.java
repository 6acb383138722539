package dev.codexpar.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WrapTest {
  @Test
  void aShortLineStaysWhole() {
    assertThat(Wrap.lines("run r1 done in 3s", 80)).containsExactly("run r1 done in 3s");
  }

  @Test
  void aLongLineBreaksAtSpacesAndEveryPieceFits() {
    String summary =
        "run 20261201-212233-ab12 failed in 4.2s: 2/3 done, 0 running, 1 failed; tokens 7.2k in"
            + " / 204 out";
    List<String> lines = Wrap.lines(summary, 40);
    assertThat(lines).allSatisfy(l -> assertThat(Cell.width(l)).isLessThanOrEqualTo(40));
    assertThat(String.join(" ", lines)).isEqualTo(summary);
    assertThat(lines.get(0)).isEqualTo("run 20261201-212233-ab12 failed in 4.2s:");
  }

  @Test
  void aWordWiderThanTheLineIsBrokenInside() {
    List<String> lines = Wrap.lines("stderr: /a/very/long/path/to/logs/broken.stderr.log", 12);
    assertThat(lines)
        .containsExactly("stderr:", "/a/very/long", "/path/to/log", "s/broken.std", "err.log");
  }

  @Test
  void wideCharactersCountTwoColumns() {
    assertThat(Wrap.lines("日本語のタスク", 6)).containsExactly("日本語", "のタス", "ク");
  }
}

package dev.codexpar.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitTest {
  @TempDir Path tmp;

  @Test
  void aGitThatOutlivesItsLimitIsStoppedWithWhatItStarted() {
    Git quick = new Git(Map.of(), Duration.ofMillis(300));
    long started = System.nanoTime();
    // an alias that runs a command: git's child outlives git's own exit unless the tree is killed
    assertThatThrownBy(() -> quick.run(tmp, "-c", "alias.hang=!sleep 61.337", "hang"))
        .isInstanceOfSatisfying(
            GitException.class, e -> assertThat(e.kind()).isEqualTo(GitFailure.TIMED_OUT));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    // found by its arguments: once git is gone, the sleep would be no descendant of this JVM
    assertThat(
            ProcessHandle.allProcesses()
                .filter(
                    p ->
                        String.join(" ", p.info().arguments().orElse(new String[0]))
                            .contains("61.337")))
        .isEmpty();
  }
}

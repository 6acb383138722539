package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void theFirstArgumentThatIsNoOptionNamesTheCommand() {
    assertThat(Main.needsEngine(new String[] {"run", "tasks.yaml"})).isTrue();
    assertThat(Main.needsEngine(new String[] {"serve", "--http", "8080"})).isTrue();
    assertThat(Main.needsEngine(new String[] {"-h", "run"})).isTrue();
    // a folder named like a command is no command
    assertThat(Main.needsEngine(new String[] {"status", "--dir", "run"})).isFalse();
    assertThat(Main.needsEngine(new String[] {"tail", "serve"})).isFalse();
    assertThat(Main.needsEngine(new String[] {"--help"})).isFalse();
    assertThat(Main.needsEngine(new String[] {})).isFalse();
  }
}

package dev.codexpar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void theFirstArgumentThatIsNoOptionNamesTheCommand() {
    assertThat(Main.needsQuarkus(new String[] {"serve", "--http", "8080"})).isTrue();
    assertThat(Main.needsQuarkus(new String[] {"-h", "serve"})).isTrue();
    assertThat(Main.needsQuarkus(new String[] {"run", "tasks.yaml"})).isFalse();
    // a folder named like a command is no command
    assertThat(Main.needsQuarkus(new String[] {"status", "--dir", "serve"})).isFalse();
    assertThat(Main.needsQuarkus(new String[] {"tail", "serve"})).isFalse();
    assertThat(Main.needsQuarkus(new String[] {"--help"})).isFalse();
    assertThat(Main.needsQuarkus(new String[] {})).isFalse();
  }
}

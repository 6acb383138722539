package dev.codexpar.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The run folder option every command shares. */
public class DirOption {
  @Option(
      names = {"-d", "--dir"},
      paramLabel = "DIR",
      description = "Run folder for outputs/ and logs/ (default: the current folder).")
  Path dir;

  Path dir() {
    return (dir == null ? Path.of("") : dir).toAbsolutePath().normalize();
  }
}

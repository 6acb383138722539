package dev.codexpar.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code codex-par demo} runs, shipped in the artifact (resources under {@code demo/}): a
 * small plan ({@code tasks.yaml}), a sample project its tasks work in, and a stand-in for codex (a
 * POSIX sh script) that plays recorded scenarios of codex's {@code --json} events. Laid out in a
 * folder, the stand-in is an ordinary codex binary to the engine: no model, account or network.
 */
public final class DemoKit {
  private static final String ROOT = "demo/";
  private static final String INDEX = ROOT + "files.txt";
  static final String STAND_IN = "codex/codex";
  private static final String PLAN = "tasks.yaml";

  /** Says a folder holds a demo: only such a folder (or an empty or new one) is written into. */
  private static final String MARKER = ".codex-par-demo";

  private final Path dir;

  private DemoKit(Path dir) {
    this.dir = dir;
  }

  /**
   * Writes the kit into {@code dir} ({@code tasks.yaml}, {@code project/}, {@code codex/}),
   * replacing an earlier demo's copy: its sample files go back to their first state and the
   * stand-in forgets which scenarios already failed once.
   *
   * @throws IllegalArgumentException when {@code dir} holds files but no earlier demo: its {@code
   *     project/} or {@code codex/} could be someone's own
   */
  public static DemoKit install(Path dir) {
    DemoKit kit = new DemoKit(dir);
    try {
      if (!Files.exists(dir.resolve(MARKER)) && holdsFiles(dir)) {
        throw new IllegalArgumentException(
            dir + " holds files but no earlier demo: give the demo an empty or new folder (--dir)");
      }
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(MARKER), "a codex-par demo folder\n");
      deleteTree(dir.resolve("codex"));
      deleteTree(dir.resolve("project"));
      for (String file : index()) {
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        Files.write(target, resource(ROOT + file));
      }
      Files.setPosixFilePermissions(
          kit.codexBinary(), PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out the demo in " + dir, e);
    }
    return kit;
  }

  /** The plan, a tasks.yaml whose paths are relative to its folder. */
  public Path plan() {
    return dir.resolve(PLAN);
  }

  /** The stand-in for codex. */
  public Path codexBinary() {
    return dir.resolve(STAND_IN);
  }

  private static List<String> index() throws IOException {
    return new String(resource(INDEX), StandardCharsets.UTF_8)
        .lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .toList();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DemoKit.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("the artifact lacks its resource " + name);
      }
      return in.readAllBytes();
    }
  }

  private static boolean holdsFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Files.exists(dir);
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isPresent();
    }
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

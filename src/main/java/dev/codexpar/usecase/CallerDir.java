package dev.codexpar.usecase;

import dev.codexpar.model.SafeText;
import dev.codexpar.store.RunFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The run folder a caller names ({@code dir}): a new or empty folder, or the folder of an earlier
 * run of its own, never inside another run's folder nor in the server root's bookkeeping ({@code
 * runs/} but its runs' folders, {@code links/}), and a relative one stays below the folder it
 * resolves against. Every refusal is {@code INVALID_ARGUMENT} naming the argument.
 */
public final class CallerDir {
  private CallerDir() {}

  /**
   * @param dir the caller's text
   * @param base where a relative {@code dir} resolves (and which it may not leave)
   * @param root the server root, whose bookkeeping is no run folder
   * @param field the argument's name, for the refusals
   * @return the folder, absolute and normalized
   */
  public static Path check(String dir, Path base, Path root, String field) {
    Path given = path(dir, field);
    Path resolved = base.resolve(given).normalize();
    if (!given.isAbsolute() && !resolved.startsWith(base.normalize())) {
      throw refuse(field, dir, "leaves " + base + " (a relative folder stays below it)");
    }
    Path real = realOf(resolved);
    Path realRoot = realOf(root.toAbsolutePath().normalize());
    Path runs = realRoot.resolve("runs");
    boolean aRunOfTheRoot =
        real.getParent() != null && real.getParent().equals(runs) && isRunFolder(real);
    if (real.equals(realRoot)
        || real.startsWith(realRoot.resolve("links"))
        || real.startsWith(runs) && !aRunOfTheRoot) {
      throw refuse(
          field, dir, "is the server's own bookkeeping; leave " + field + " out for runs/<id>");
    }
    for (Path up = real.getParent(); up != null; up = up.getParent()) {
      if (isRunFolder(up)) {
        throw refuse(field, dir, "is inside the run folder " + up);
      }
    }
    if (Files.exists(real)) {
      if (!Files.isDirectory(real)) {
        throw refuse(field, dir, "is not a folder");
      }
      if (!isRunFolder(real) && !isEmpty(real, field, dir)) {
        throw refuse(field, dir, "is neither empty nor a run folder: give a new or empty folder");
      }
    }
    return resolved;
  }

  /** The caller's text as a path; a NUL or other impossible character is refused. */
  public static Path path(String text, String field) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw refuse(field, text, "is not a valid path (" + e.getReason() + ")");
    }
  }

  /** The real path of the longest existing prefix, the rest appended (links resolved). */
  private static Path realOf(Path path) {
    Path existing = path;
    List<Path> rest = new java.util.ArrayList<>();
    while (existing != null && !Files.exists(existing)) {
      rest.add(0, existing.getFileName());
      existing = existing.getParent();
    }
    if (existing == null) {
      return path;
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      real = existing;
    }
    for (Path name : rest) {
      real = real.resolve(name);
    }
    return real;
  }

  private static boolean isRunFolder(Path folder) {
    return Files.isRegularFile(folder.resolve(RunFolder.RUN_META));
  }

  private static boolean isEmpty(Path folder, String field, String dir) {
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw refuse(field, dir, "cannot be listed (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Refusal refuse(String field, String dir, String why) {
    return Refusal.invalid(field + " '" + SafeText.snippet(dir, 200) + "' " + why);
  }
}

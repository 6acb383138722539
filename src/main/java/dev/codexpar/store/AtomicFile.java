package dev.codexpar.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicLong;

/** Writes that readers never see half done: a temp file in the same folder, then a rename. */
public final class AtomicFile {
  private AtomicFile() {}

  /** Tells this process's temp files apart; the pid tells them from other processes'. */
  private static final AtomicLong TEMP_COUNTER = new AtomicLong();

  private static final long PID = ProcessHandle.current().pid();

  /**
   * Run files hold prompts, argv and facts: readable by their owner only, whatever the umask (as
   * {@code Files.createTempFile} made them).
   */
  private static final FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(
          EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

  public static void write(Path target, byte[] content) {
    try {
      Files.createDirectories(target.getParent());
      Path temp = createTemp(target);
      try {
        Files.write(temp, content);
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /**
   * A new hidden file beside the target. Named by pid and counter, not by {@code
   * Files.createTempFile}: its first call sets up a SecureRandom (about 20 ms at start-up), which a
   * unique name does not need. A name left by a dead process with the same pid is skipped.
   */
  private static Path createTemp(Path target) throws IOException {
    while (true) {
      Path temp =
          target.resolveSibling(
              "."
                  + target.getFileName()
                  + "."
                  + PID
                  + "-"
                  + TEMP_COUNTER.incrementAndGet()
                  + ".tmp");
      try {
        return posix(target) ? Files.createFile(temp, OWNER_ONLY) : Files.createFile(temp);
      } catch (FileAlreadyExistsException e) {
        // taken: the next number
      }
    }
  }

  private static boolean posix(Path target) {
    return target.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  public static void writeJson(Path target, Object value) {
    try {
      write(target, Json.MAPPER.writeValueAsBytes(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}

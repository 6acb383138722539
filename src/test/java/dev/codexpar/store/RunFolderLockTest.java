package dev.codexpar.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The folder lock is an OS file lock, which belongs to the process: closing any channel on the lock
 * file drops it. A run that looked at its own folder (a resume reads the earlier run, which asks
 * whether the folder is live) used to drop its lock that way, and another codex-par could then
 * start in the folder or clean it under the live run. Only another process can tell.
 */
class RunFolderLockTest {
  @TempDir Path tmp;

  @Test
  void lookingAtItsOwnFolderKeepsTheOwnersLock() throws Exception {
    RunFolder folder = new RunFolder(tmp.resolve("run"));
    try (RunFolder.Ownership owned = folder.tryOwn().orElseThrow()) {
      assertThat(folder.isLive()).isTrue();
      assertThat(folder.tryOwn()).isEmpty();
      assertThat(new RunFolder(tmp.resolve("run/../run")).tryOwn()).isEmpty();
      assertThat(folder.read()).isEmpty();

      assertThat(anotherProcessCanLock(tmp.resolve("run/run.lock"))).isFalse();
    }
    assertThat(folder.isLive()).isFalse();
    assertThat(anotherProcessCanLock(tmp.resolve("run/run.lock"))).isTrue();
  }

  @Test
  void aLookFromAnotherThreadNeverTurnsAwayARunStartingInTheFolder() throws Exception {
    RunFolder folder = new RunFolder(tmp.resolve("run"));
    folder.tryOwn().orElseThrow().close(); // the lock file exists: looks take the lock a moment
    AtomicBoolean looking = new AtomicBoolean(true);
    Thread looker =
        new Thread(
            () -> {
              while (looking.get()) {
                folder.isLive();
              }
            });
    looker.start();
    try {
      for (int i = 0; i < 2_000; i++) {
        Optional<RunFolder.Ownership> owned = folder.tryOwn();
        assertThat(owned).as("start %d", i).isPresent();
        owned.get().close();
      }
    } finally {
      looking.set(false);
      looker.join();
    }
  }

  private static boolean anotherProcessCanLock(Path lockFile) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process probe =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    LockProbe.class.getName(),
                    lockFile.toString()))
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    assertThat(probe.waitFor(60, TimeUnit.SECONDS)).as("the lock probe ended").isTrue();
    return probe.exitValue() == 0;
  }

  /** Exits 0 if it could take the lock on the file in its argument, 1 if not. */
  public static final class LockProbe {
    public static void main(String[] args) throws IOException {
      try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE);
          FileLock lock = channel.tryLock()) {
        System.exit(lock != null ? 0 : 1);
      }
    }
  }
}

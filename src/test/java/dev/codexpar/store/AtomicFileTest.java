package dev.codexpar.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Readers of metas and facts must only ever see a whole file, and no temp file may stay behind. */
@Timeout(60) // a temp name that never frees up would loop, not fail
class AtomicFileTest {
  @TempDir Path tmp;

  @Test
  void writesReplaceTheFileWholeAndLeaveNoTempFileBehind() throws Exception {
    Path target = tmp.resolve("logs").resolve("t.meta.json");

    AtomicFile.write(target, bytes("first"));
    AtomicFile.write(target, bytes("second, longer"));

    assertThat(Files.readString(target)).isEqualTo("second, longer");
    assertThat(namesIn(target.getParent())).containsExactly("t.meta.json");
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void onlyTheOwnerMayReadTheFileWhateverTheUmask() throws Exception {
    Path target = tmp.resolve("run.meta.json");

    AtomicFile.write(target, bytes("{}"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-------");
  }

  @Test
  void concurrentWritersOfOneFileEachLeaveAWholeVersion() throws Exception {
    Path target = tmp.resolve("facts.json");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int writer = 0; writer < 4; writer++) {
        String text = ("writer " + writer + " ").repeat(1000);
        writes.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    AtomicFile.write(target, bytes(text));
                    assertThat(Files.readString(target)).matches("(writer \\d )\\1{999}");
                  }
                  return null;
                }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(namesIn(tmp)).containsExactly("facts.json");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> namesIn(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}

package dev.codexpar.store;

import dev.codexpar.model.TaskSpec;
import java.util.List;

/**
 * Builds {@link Json#MAPPER}'s writers of a run's own files on a thread of its own, for a run about
 * to start: built on the first write instead, they stand before its first task (their first build
 * is one of the costliest steps of a {@code run}'s start-up). Apart from {@link Json} so that the
 * caller's thread does not set up the mapper itself, which touching {@link Json} would.
 */
public final class JsonWriters {
  private JsonWriters() {}

  public static void prepareMeanwhile() {
    Thread preparing =
        new Thread(
            () -> {
              for (Class<?> written : List.of(RunMeta.class, TaskSpec.class, TaskMeta.class)) {
                Json.MAPPER.canSerialize(written);
              }
            },
            "json-writers");
    preparing.setDaemon(true);
    preparing.start();
  }
}

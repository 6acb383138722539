package dev.codexpar.mcp;

import dev.codexpar.run.RunRegistry;
import dev.codexpar.usecase.RunControl;
import dev.codexpar.usecase.RunDirectory;
import dev.codexpar.usecase.RunReads;
import dev.codexpar.usecase.Runs;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;

/** The engine's use cases as the tools reach them, over the server's one registry and root. */
@Singleton
public class UseCases {
  @Inject RunRegistry registry;
  @Inject ServeState state;

  private volatile Runs runs;
  private final RunControl control = new RunControl();
  private final RunReads reads = new RunReads(() -> state.isClosing());

  ServeSettings settings() {
    return state.settings();
  }

  RunDirectory directory() {
    return new RunDirectory(registry, settings().root());
  }

  /** One for the server's life: it remembers where each live run's dispatches resolve. */
  Runs runs() {
    if (runs == null) {
      synchronized (this) {
        if (runs == null) {
          runs = new Runs(registry, Optional.of(directory()));
        }
      }
    }
    return runs;
  }

  RunReads reads() {
    return reads;
  }

  RunControl control() {
    return control;
  }
}

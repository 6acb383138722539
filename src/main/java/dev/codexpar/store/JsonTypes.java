package dev.codexpar.store;

import dev.codexpar.model.Orphan;
import dev.codexpar.model.RetryPolicy;
import dev.codexpar.model.RetryReason;
import dev.codexpar.model.ReviewScope;
import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.Sandbox;
import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskKind;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.TaskSteer;
import dev.codexpar.model.TaskTurn;
import dev.codexpar.model.VerifyRound;
import dev.codexpar.model.VerifySpec;
import dev.codexpar.model.WorktreeInfo;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every type {@link Json#MAPPER} reads or writes by reflection, registered for a native image in
 * one place next to the mapper (so {@code model} stays free of framework annotations): the files of
 * a run folder ({@code run.meta.json}, {@code logs/NAME.meta.json}, {@code logs/NAME.spec.json},
 * {@code shared/facts.json}) and {@code status --json}, with every record and enum they contain.
 * The MCP results are registered by {@code mcp.Views}. {@code JsonTypesTest} fails when a type
 * reachable from these roots is missing.
 */
@RegisterForReflection(
    targets = {
      // logs/NAME.spec.json
      TaskSpec.class,
      TaskKind.class,
      Sandbox.class,
      ReviewScope.class,
      RetryPolicy.class,
      RetryReason.class,
      VerifySpec.class,
      // logs/NAME.meta.json and run.meta.json
      TaskMeta.class,
      RunMeta.class,
      TaskStatus.class,
      RunStatus.class,
      TaskTurn.class,
      TaskTurn.Kind.class,
      VerifyRound.class,
      WorktreeInfo.class,
      TaskSteer.class,
      // shared/facts.json
      Facts.Fact.class,
      // the duration history
      DurationHistory.Content.class,
      DurationHistory.Entry.class,
      // status --json
      RunSnapshot.class,
      TaskSnapshot.class,
      TaskFigures.class,
      Orphan.class
    })
public final class JsonTypes {
  private JsonTypes() {}
}

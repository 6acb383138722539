package dev.codexpar.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Holds the layering of ARCHITECTURE.md: doors → engine → adapters → model, and no cycles. */
@AnalyzeClasses(packages = "dev.codexpar", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInAnyPackage("dev.codexpar..")
          .layer("Doors")
          .definedBy("dev.codexpar.cli..", "dev.codexpar.mcp..")
          .layer("Engine")
          .definedBy("dev.codexpar.run..", "dev.codexpar.plan..", "dev.codexpar.ui..")
          .layer("Adapters")
          .definedBy("dev.codexpar.codex..", "dev.codexpar.process..", "dev.codexpar.store..")
          .layer("Model")
          .definedBy("dev.codexpar.model..")
          .whereLayer("Doors")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("Engine")
          .mayOnlyBeAccessedByLayers("Doors")
          .whereLayer("Adapters")
          .mayOnlyBeAccessedByLayers("Doors", "Engine")
          .whereLayer("Model")
          .mayOnlyBeAccessedByLayers("Doors", "Engine", "Adapters")
          .withOptionalLayers(true);

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dev.codexpar.(*)..").should().beFreeOfCycles();
}

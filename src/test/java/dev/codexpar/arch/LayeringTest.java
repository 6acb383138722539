package dev.codexpar.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the layering of ARCHITECTURE.md: doors → use cases → engine → adapters → model, and no
 * cycles.
 *
 * <p>Plain Jupiter tests calling {@code check}: the ArchUnit JUnit engine is not discovered next to
 * the JUnit platform Quarkus brings, and a rule that silently never runs guards nothing.
 */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.codexpar");
  }

  @Test
  void doorsEngineAdaptersModel() {
    layeredArchitecture()
        .consideringOnlyDependenciesInAnyPackage("dev.codexpar..")
        .layer("Doors")
        .definedBy("dev.codexpar.cli..", "dev.codexpar.mcp..")
        .layer("UseCases")
        .definedBy("dev.codexpar.usecase..")
        .layer("Engine")
        .definedBy(
            "dev.codexpar.run..",
            "dev.codexpar.plan..",
            "dev.codexpar.ui..",
            "dev.codexpar.report..")
        .layer("Adapters")
        .definedBy(
            "dev.codexpar.codex..",
            "dev.codexpar.git..",
            "dev.codexpar.process..",
            "dev.codexpar.store..",
            "dev.codexpar.demo..",
            "dev.codexpar.appserver..")
        .layer("Model")
        .definedBy("dev.codexpar.model..")
        .whereLayer("Doors")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("UseCases")
        .mayOnlyBeAccessedByLayers("Doors")
        .whereLayer("Engine")
        .mayOnlyBeAccessedByLayers("Doors", "UseCases")
        .whereLayer("Adapters")
        .mayOnlyBeAccessedByLayers("Doors", "UseCases", "Engine")
        .whereLayer("Model")
        .mayOnlyBeAccessedByLayers("Doors", "UseCases", "Engine", "Adapters")
        .check(classes);
  }

  @Test
  void noPackageCycles() {
    slices().matching("dev.codexpar.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void importedTheWholeApplication() {
    // Guards against an import that finds nothing and so passes every rule.
    org.assertj.core.api.Assertions.assertThat(classes.size()).isGreaterThan(50);
  }
}

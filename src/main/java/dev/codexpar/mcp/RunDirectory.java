package dev.codexpar.mcp;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.run.Run;
import dev.codexpar.run.RunRegistry;
import dev.codexpar.store.RunFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds runs by id: live ones in the registry, earlier processes' ones on disk under the root
 * ({@code runs/<id>/}, or the folder a {@code links/<id>} file names for a run started with its own
 * dir). A caller's id is checked before it is used in any path.
 */
final class RunDirectory {
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final RunRegistry registry;
  private final ServeSettings settings;

  /**
   * A run found by id: live (with its engine object) or only on disk. {@code supersededBy} names
   * the run that took its folder over (it was resumed or replaced there; its files are in that
   * folder's {@code previous-runs/}).
   */
  record Found(String runId, Optional<Run> live, RunFolder folder, Optional<String> supersededBy) {
    RunSnapshot snapshot() {
      return live.map(Run::snapshot).or(folder::read).orElseThrow(() -> notFound(runId));
    }

    /** The live engine run, for tools that change a run. */
    Run changeable() {
      Run run =
          live.orElseThrow(
              () ->
                  new ToolFailure(
                      ErrorCode.RUN_FINISHED,
                      "run " + runId + " belongs to an earlier codex-par server and is over"));
      return run;
    }
  }

  RunDirectory(RunRegistry registry, ServeSettings settings) {
    this.registry = registry;
    this.settings = settings;
  }

  static String checkRunId(String runId) {
    if (runId == null || runId.isBlank()) {
      throw new ToolFailure(ErrorCode.INVALID_ARGUMENT, "run_id is required");
    }
    if (!RUN_ID.matcher(runId).matches()) {
      throw new ToolFailure(
          ErrorCode.INVALID_ARGUMENT,
          "run_id may only hold letters, digits, '.', '_' and '-' (as returned by start_run)");
    }
    return runId;
  }

  Found find(String runId) {
    checkRunId(runId);
    Optional<Run> live = registry.get(runId);
    if (live.isPresent()) {
      RunFolder folder = new RunFolder(live.get().dir());
      Optional<String> newer =
          live.get().snapshot().live()
              ? Optional.empty()
              : folder.readRunMeta().map(m -> m.runId()).filter(id -> !id.equals(runId));
      if (newer.isEmpty()) {
        return new Found(runId, live, folder, Optional.empty());
      }
      // Over, and a later run took its folder: its files are in previous-runs/ now.
      return new Found(
          runId,
          Optional.empty(),
          folder.archived(runId).orElseThrow(() -> notFound(runId)),
          newer);
    }
    RunFolder folder = folderOf(runId).orElseThrow(() -> notFound(runId));
    Optional<String> newer =
        folder.root().equals(placeOf(runId).map(RunFolder::root).orElse(null))
            ? Optional.empty()
            : placeOf(runId).flatMap(RunFolder::readRunMeta).map(m -> m.runId());
    return new Found(runId, Optional.empty(), folder, newer);
  }

  /** Remembers where a run with its own dir lives, so that later servers find it too. */
  void link(String runId, Path dir) {
    try {
      Path links = settings.root().resolve("links");
      Files.createDirectories(links);
      Files.writeString(links.resolve(runId), dir.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the run's folder under " + settings.root(), e);
    }
  }

  /** Every run this root knows, newest first: live ones as they are, others from their files. */
  List<RunSnapshot> all() {
    Map<String, RunSnapshot> runs = new LinkedHashMap<>();
    registry.all().forEach(r -> runs.put(r.id(), r.snapshot()));
    for (String id : idsOnDisk()) {
      if (!runs.containsKey(id)) {
        folderOf(id).flatMap(RunFolder::read).ifPresent(s -> runs.put(id, s));
      }
    }
    List<RunSnapshot> list = new ArrayList<>(runs.values());
    list.sort(Comparator.comparing(RunSnapshot::runId).reversed());
    return list;
  }

  private List<String> idsOnDisk() {
    List<String> ids = new ArrayList<>();
    for (Path folder : List.of(settings.runsDir(), settings.root().resolve("links"))) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(folder)) {
        entries
            .map(p -> p.getFileName().toString())
            .filter(name -> RUN_ID.matcher(name).matches())
            .forEach(ids::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + folder, e);
      }
    }
    return ids;
  }

  /**
   * The folder holding the files of the run with this id: its own folder, or, once a resumed run
   * took that folder over, the place the run was moved aside to ({@code previous-runs/<id>}).
   */
  private Optional<RunFolder> folderOf(String runId) {
    return placeOf(runId)
        .flatMap(
            f ->
                f.readRunMeta().map(m -> runId.equals(m.runId())).orElse(false)
                    ? Optional.of(f)
                    : f.archived(runId));
  }

  private Optional<RunFolder> placeOf(String runId) {
    Path underRoot = settings.runsDir().resolve(runId);
    if (Files.isRegularFile(underRoot.resolve(RunFolder.RUN_META))) {
      return Optional.of(new RunFolder(underRoot));
    }
    Path link = settings.root().resolve("links").resolve(runId);
    if (Files.isRegularFile(link)) {
      try {
        return Optional.of(new RunFolder(Path.of(Files.readString(link).trim())));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static ToolFailure notFound(String runId) {
    return new ToolFailure(
        ErrorCode.RUN_NOT_FOUND,
        "no run '" + runId + "' (get_status without run_id lists the known runs)");
  }
}

package dev.codexpar.usecase;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.run.Run;
import dev.codexpar.run.RunRegistry;
import dev.codexpar.store.RunFolder;
import dev.codexpar.store.RunMeta;
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
public final class RunDirectory {
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final RunRegistry registry;
  private final Path root;

  /**
   * A run found by id: live (with its engine object) or only on disk. {@code supersededBy} names
   * the run that took its folder over (it was resumed or replaced there; its files are in that
   * folder's {@code previous-runs/}).
   */
  public record Found(
      String runId, Optional<Run> live, RunFolder folder, Optional<String> supersededBy) {
    /** The run in a folder, as a command reads it (there is no registry of live runs). */
    public static Found atFolder(RunFolder folder) {
      return new Found(
          folder.readRunMeta().map(RunMeta::runId).orElse(folder.root().toString()),
          Optional.empty(),
          folder,
          Optional.empty());
    }

    public RunSnapshot snapshot() {
      return live.map(Run::snapshot).or(folder::read).orElseThrow(() -> notFound(runId));
    }

    /** The live engine run, for use cases that change a run; only its owner can. */
    public Run changeable() {
      if (live.isPresent()) {
        return live.get();
      }
      if (folder.isLive()) {
        throw new Refusal(Refusal.Kind.FOLDER_BUSY, RunControl.ownedElsewhere(this));
      }
      throw new Refusal(
          Refusal.Kind.RUN_FINISHED,
          "run " + runId + " belongs to an earlier codex-par process and is over");
    }
  }

  /**
   * @param root the folder whose {@code runs/} holds the runs started without a folder of their own
   */
  public RunDirectory(RunRegistry registry, Path root) {
    this.registry = registry;
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path runsDir() {
    return root.resolve("runs");
  }

  static String checkRunId(String runId) {
    if (runId == null || runId.isBlank()) {
      throw Refusal.invalid("run_id is required");
    }
    if (!RUN_ID.matcher(runId).matches()) {
      throw Refusal.invalid(
          "run_id may only hold letters, digits, '.', '_' and '-' (as in a run id)");
    }
    return runId;
  }

  public Found find(String runId) {
    checkRunId(runId);
    Optional<Run> live = registry.get(runId);
    if (live.isPresent() && live.get().snapshot().live()) {
      return new Found(runId, live, new RunFolder(live.get().dir()), Optional.empty());
    }
    Located at =
        live.map(r -> new RunFolder(r.dir()))
            .or(() -> placeOf(runId))
            .flatMap(place -> locateIn(place, runId))
            .orElseThrow(() -> notFound(runId));
    // Over, and a later run took its folder: the engine object no longer owns those files.
    return new Found(
        runId,
        at.supersededBy().isEmpty() ? live : Optional.empty(),
        at.folder(),
        at.supersededBy());
  }

  /** Remembers where a run with its own dir lives, so that later servers find it too. */
  void link(String runId, Path dir) {
    try {
      Path links = root.resolve("links");
      Files.createDirectories(links);
      Files.writeString(links.resolve(runId), dir.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the run's folder under " + root, e);
    }
  }

  /** One run of {@link #all}: {@code run}, or {@code broken} naming the file that is not. */
  public record Listed(
      String runId, Path dir, RunSnapshot run, RunFolder.CorruptFileException broken) {}

  /**
   * Every run this root knows, newest first: live ones as they are, others from their files; a run
   * whose files are corrupt is listed as broken (naming the file) rather than failing the list.
   */
  public List<Listed> all() {
    Map<String, Listed> runs = new LinkedHashMap<>();
    registry.all().forEach(r -> runs.put(r.id(), new Listed(r.id(), r.dir(), r.snapshot(), null)));
    for (String id : idsOnDisk()) {
      if (!runs.containsKey(id)) {
        listed(id).ifPresent(listing -> runs.put(id, listing));
      }
    }
    List<Listed> list = new ArrayList<>(runs.values());
    list.sort(Comparator.comparing(Listed::runId).reversed());
    return list;
  }

  private Optional<Listed> listed(String id) {
    Optional<RunFolder> place = placeOf(id);
    Optional<RunFolder.Listing> listing;
    try {
      listing =
          place.flatMap(folder -> locateIn(folder, id)).flatMap(at -> at.folder().readForListing());
    } catch (RunFolder.CorruptFileException e) {
      listing = place.map(folder -> new RunFolder.Listing(folder.root(), null, e));
    }
    return listing.map(l -> new Listed(id, l.root(), l.run(), l.broken()));
  }

  private List<String> idsOnDisk() {
    List<String> ids = new ArrayList<>();
    for (Path folder : List.of(runsDir(), root.resolve("links"))) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> entries = Files.list(folder)) {
        entries
            .filter(p -> !Files.isSymbolicLink(p))
            .map(p -> p.getFileName().toString())
            .filter(name -> RUN_ID.matcher(name).matches())
            .forEach(ids::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + folder, e);
      }
    }
    return ids;
  }

  /** Where a run's files are; {@code supersededBy} names the run that took its folder over. */
  private record Located(RunFolder folder, Optional<String> supersededBy) {}

  /**
   * The run's files in the folder it ran in ({@code place}), reading that folder's meta once: the
   * folder itself, or, once a later run took it over, {@code previous-runs/<id>} there.
   */
  private static Optional<Located> locateIn(RunFolder place, String runId) {
    Optional<String> later =
        place.readRunMeta().map(RunMeta::runId).filter(id -> !id.equals(runId));
    if (later.isEmpty()) {
      return Optional.of(new Located(place, Optional.empty()));
    }
    return place.archived(runId).map(archived -> new Located(archived, later));
  }

  /**
   * @throws Refusal when {@code runs/<id>} is a symbolic link: it could lead reads and writes
   *     anywhere (a run with a folder of its own is found by its {@code links/<id>} file instead)
   */
  private Optional<RunFolder> placeOf(String runId) {
    Path underRoot = runsDir().resolve(runId);
    if (Files.isSymbolicLink(underRoot)) {
      throw new Refusal(
          Refusal.Kind.RUN_NOT_FOUND,
          underRoot
              + " is a symbolic link: codex-par reads and writes no run through links (they could"
              + " lead anywhere); remove it");
    }
    if (Files.isRegularFile(underRoot.resolve(RunFolder.RUN_META))) {
      return Optional.of(new RunFolder(underRoot));
    }
    Path link = root.resolve("links").resolve(runId);
    if (Files.isRegularFile(link)) {
      try {
        return Optional.of(new RunFolder(Path.of(Files.readString(link).trim())));
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Refusal notFound(String runId) {
    return new Refusal(
        Refusal.Kind.RUN_NOT_FOUND,
        "no run '" + runId + "' (the list of runs names the known ones)");
  }
}

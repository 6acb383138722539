package dev.codexpar.store;

import dev.codexpar.model.RunSnapshot;
import dev.codexpar.model.RunStatus;
import dev.codexpar.model.SafeText;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskSpec;
import dev.codexpar.model.TaskStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one run folder. Every path built from a task name is checked to stay inside the
 * folder, so a caller's name can never write elsewhere.
 */
public final class RunFolder {
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  public static final String RUN_META = "run.meta.json";
  private static final String LOCK = "run.lock";

  /** The lock files this process holds (see {@link #tryOwn}). */
  private static final Set<Path> OWNED = new HashSet<>();

  private static final String ARCHIVE = "previous-runs";
  private static final List<String> RUN_FOLDERS = List.of("outputs", "logs", "shared");
  private static final List<String> RUN_ENTRIES =
      Stream.concat(RUN_FOLDERS.stream(), Stream.of(RUN_META)).toList();

  private final Path root;

  public RunFolder(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  public Path output(String task) {
    return inside("outputs", task, ".md");
  }

  /**
   * Turn {@code turn}'s own answer ({@code outputs/NAME.turn-N.md}): a later turn's codex writes
   * there ({@code -o}), so a failed turn (codex leaves its {@code -o} file empty) never blanks
   * {@code outputs/NAME.md}.
   */
  public Path turnOutput(String task, int turn) {
    if (turn < 1) {
      throw new IllegalArgumentException("turns count from 1: " + turn);
    }
    return inside("outputs", task, ".turn-" + turn + ".md");
  }

  /**
   * Before turn {@code turn + 1} starts: keeps turn {@code turn}'s answer, which is {@code
   * outputs/NAME.md}, as {@code outputs/NAME.turn-N.md} (once: a turn file already there stays).
   */
  public void keepTurnOutput(String task, int turn) {
    Path kept = turnOutput(task, turn);
    try {
      if (Files.exists(output(task)) && !Files.exists(kept)) {
        AtomicFile.write(kept, Files.readAllBytes(output(task)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep turn " + turn + " of " + task, e);
    }
  }

  /** After turn {@code turn} is done: its answer becomes {@code outputs/NAME.md} (atomically). */
  public void publishTurnOutput(String task, int turn) {
    try {
      AtomicFile.write(output(task), Files.readAllBytes(turnOutput(task, turn)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot publish turn " + turn + " of " + task, e);
    }
  }

  public Path eventLog(String task) {
    return inside("logs", task, ".jsonl");
  }

  /**
   * Moves an attempt's logs aside ({@code logs/NAME.attempt-N.jsonl}, {@code
   * logs/NAME.attempt-N.stderr.log}) before the task runs again, so every attempt is kept.
   */
  public void keepAttempt(String task, int attempt) {
    try {
      moveIfExists(eventLog(task), inside("logs", task, ".attempt-" + attempt + ".jsonl"));
      moveIfExists(stderrLog(task), inside("logs", task, ".attempt-" + attempt + ".stderr.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot keep the logs of attempt " + attempt + " of " + task, e);
    }
  }

  private static void moveIfExists(Path from, Path to) throws IOException {
    if (Files.exists(from)) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  public Path stderrLog(String task) {
    return inside("logs", task, ".stderr.log");
  }

  /**
   * Where to look for a failed task's details: "; stderr: PATH", or nothing for a task whose codex
   * never started (no pid: it has no log).
   */
  public String stderrPointer(TaskSnapshot task) {
    return task.pid() == null ? "" : "; stderr: " + stderrLog(task.name());
  }

  public Path taskMeta(String task) {
    return inside("logs", task, ".meta.json");
  }

  /** The task as it was validated ({@code logs/NAME.spec.json}), so a later resume can rerun it. */
  public Path taskSpec(String task) {
    return inside("logs", task, ".spec.json");
  }

  public void writeSpec(TaskSpec spec) {
    AtomicFile.writeJson(taskSpec(spec.name()), spec);
  }

  /** The task as it was added to this folder's run, if its spec was recorded. */
  public Optional<TaskSpec> readSpec(String task) {
    Path file = taskSpec(task);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(readJson(file, TaskSpec.class));
  }

  /** The folder an earlier run with this id was moved to by {@link #archivePrevious}, if any. */
  public Optional<RunFolder> archived(String runId) {
    if (!SAFE_NAME.matcher(runId).matches() || runId.startsWith(".")) {
      return Optional.empty();
    }
    Path archive = root.resolve(ARCHIVE).resolve(runId);
    return Files.isRegularFile(archive.resolve(RUN_META))
        ? Optional.of(new RunFolder(archive))
        : Optional.empty();
  }

  /** The earlier runs kept in {@code previous-runs/}. */
  public List<RunFolder> archivedRuns() {
    Path archive = root.resolve(ARCHIVE);
    if (!Files.isDirectory(archive)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(archive)) {
      return entries
          .filter(dir -> Files.isRegularFile(dir.resolve(RUN_META)))
          .sorted()
          .map(RunFolder::new)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + archive, e);
    }
  }

  public Path runMeta() {
    return confined(root.resolve(RUN_META));
  }

  public Path facts() {
    return confined(root.resolve("shared").resolve("facts.json"));
  }

  /**
   * {@code folder/TASKsuffix}. Only the task's name is checked (1-100 safe characters, no leading
   * dot): the suffix is codex-par's, so every file of a valid name fits a file system's 255 bytes
   * ({@code .NAME.attempt-10.stderr.log} and an atomic write's temp name are under 150).
   */
  private Path inside(String folder, String task, String suffix) {
    if (!SAFE_NAME.matcher(task).matches() || task.startsWith(".")) {
      throw new IllegalArgumentException(
          "unsafe task name in a file name: '" + SafeText.snippet(task, 100) + "'");
    }
    Path path = root.resolve(folder).resolve(task + suffix).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException("path escapes the run folder: " + task + suffix);
    }
    return confined(path);
  }

  /** Thrown for a path of the run folder that goes through a symbolic link. */
  public static final class LinkedPathException extends UncheckedIOException {
    LinkedPathException(Path link) {
      super(
          link
              + " is a symbolic link: codex-par reads and writes nothing through links in a run"
              + " folder (they could lead anywhere); remove it",
          new IOException("symbolic link in the run folder: " + link));
    }
  }

  /**
   * The path, once no part of it below the root (the file itself included) is a symbolic link: a
   * link there could lead reads and writes out of the folder. The root itself may be reached
   * through links (macOS's /tmp is one).
   */
  private Path confined(Path path) {
    Path at = root;
    for (Path part : root.relativize(path)) {
      at = at.resolve(part);
      if (Files.isSymbolicLink(at)) {
        throw new LinkedPathException(at);
      }
    }
    return path;
  }

  /** Thrown when a file of the run folder holds something codex-par cannot read back. */
  public static final class CorruptFileException extends UncheckedIOException {
    private final Path file;

    CorruptFileException(Path file, IOException cause) {
      super(
          file
              + " is not a readable codex-par file ("
              + SafeText.snippet(firstLine(cause.getMessage()), 120)
              + "); move it away or remove the run with codex-par clean",
          cause);
      this.file = file;
    }

    public Path file() {
      return file;
    }

    private static String firstLine(String text) {
      String line = text == null ? "unreadable" : text.lines().findFirst().orElse("empty");
      return line;
    }
  }

  private static <T> T readJson(Path file, Class<T> type) {
    try {
      T value = Json.MAPPER.readValue(file.toFile(), type);
      if (value == null) {
        throw new CorruptFileException(file, new IOException("empty"));
      }
      return value;
    } catch (IOException e) {
      throw new CorruptFileException(file, e);
    }
  }

  /**
   * Copies a done task's output and logs back from an archived run ({@link #archivePrevious}), so a
   * resumed run keeps them in place and the archive stays whole.
   */
  public void carryOver(Path archive, String task) {
    RunFolder earlier = new RunFolder(archive);
    try {
      for (Path[] pair :
          List.of(
              new Path[] {earlier.output(task), output(task)},
              new Path[] {earlier.eventLog(task), eventLog(task)},
              new Path[] {earlier.stderrLog(task), stderrLog(task)})) {
        if (Files.exists(pair[0])) {
          Files.copy(pair[0], pair[1], StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot carry task " + task + " over from " + archive, e);
    }
  }

  public void createLayout() {
    try {
      Files.createDirectories(root.resolve("outputs"));
      Files.createDirectories(root.resolve("logs"));
      Files.createDirectories(root.resolve("shared"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the run folder " + root, e);
    }
  }

  /**
   * Takes the folder's lock for a new run, or explains why not. The lock is the OS's, so it goes
   * away with its owner, even after {@code kill -9}.
   */
  public Optional<Ownership> tryOwn() {
    try {
      Files.createDirectories(root);
      Path lockFile = root.toRealPath().resolve(LOCK); // one spelling per folder
      // An OS file lock belongs to the process, and closing any channel on the file drops it: this
      // process never opens the lock file of a folder it owns.
      synchronized (OWNED) {
        if (OWNED.contains(lockFile)) {
          return Optional.empty();
        }
        FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
          FileLock lock = channel.tryLock();
          if (lock != null) {
            OWNED.add(lockFile);
            return Optional.of(new Ownership(lockFile, channel, lock));
          }
        } catch (OverlappingFileLockException e) {
          // Held by this very process, through another path to the same file.
        }
        channel.close();
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + root.resolve(LOCK), e);
    }
  }

  /** Whether a live process (this one included) owns a run in this folder right now. */
  public boolean isLive() {
    if (!Files.exists(root.resolve(LOCK))) {
      return false;
    }
    // The probe holds the lock for a moment: under OWNED's monitor, so that this process's own
    // tryOwn (a run starting here) never takes that moment for a live owner.
    synchronized (OWNED) {
      Optional<Ownership> probe = tryOwn();
      probe.ifPresent(Ownership::close);
      return probe.isEmpty();
    }
  }

  /** Whether the folder holds an earlier run (its {@code run.meta.json}). */
  public boolean hasRun() {
    return Files.exists(runMeta());
  }

  /** Thrown when a folder holds files that no codex-par run wrote where a run keeps its own. */
  public static class ForeignFilesException extends IllegalArgumentException {
    ForeignFilesException(Path root, List<Path> foreign) {
      super(
          root
              + " holds "
              + foreign.stream().map(p -> p.getFileName() + "/").toList()
              + " but no codex-par run wrote them (there is no "
              + RUN_META
              + "): codex-par neither moves, mixes nor removes them; use another folder");
    }
  }

  /**
   * outputs/, logs/ or shared/ holding something although no {@code run.meta.json} says a run wrote
   * it: someone else's files (a project's own {@code logs/}, say). Empty ones are what a run that
   * died at its very start leaves; they are reused.
   */
  private List<Path> foreignEntries() {
    if (hasRun()) {
      return List.of();
    }
    return RUN_FOLDERS.stream().map(root::resolve).filter(RunFolder::holdsSomething).toList();
  }

  private static boolean holdsSomething(Path path) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(path)) {
      return entries.findAny().isPresent();
    } catch (IOException e) {
      return true;
    }
  }

  private void refuseForeignEntries() {
    List<Path> foreign = foreignEntries();
    if (!foreign.isEmpty()) {
      throw new ForeignFilesException(root, foreign);
    }
  }

  /**
   * Moves an earlier run's files to {@code previous-runs/<its run id>/} so that a new run never
   * mixes with them.
   *
   * @return where they went, if anything was moved
   */
  public Optional<Path> archivePrevious() {
    refuseForeignEntries();
    if (!hasRun()) {
      return Optional.empty();
    }
    Path target = archiveTarget();
    try {
      Files.createDirectories(target);
      for (String entry : RUN_ENTRIES) {
        Path source = root.resolve(entry);
        if (Files.exists(source)) {
          Files.move(source, target.resolve(entry));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot move the earlier run aside to " + target, e);
    }
    return Optional.of(target);
  }

  /** Where {@link #archivePrevious} would move the earlier run now. */
  public Path archiveTarget() {
    String id = readRunMeta().map(RunMeta::runId).filter(SAFE_NAME.asPredicate()).orElse("unknown");
    Path target = root.resolve(ARCHIVE).resolve(id);
    for (int n = 2; Files.exists(target); n++) {
      target = root.resolve(ARCHIVE).resolve(id + "-" + n);
    }
    return target;
  }

  /**
   * Removes what codex-par wrote here (the caller checked that no run is live): the run's meta and
   * lock, each of its tasks' files (by the names its meta and specs record), facts, and archived
   * runs by the same rule; then outputs/, logs/, shared/ and previous-runs/ if nothing else is left
   * in them. A file codex-par did not write there stays.
   *
   * @throws ForeignFilesException when outputs/, logs/ or shared/ hold files no run wrote
   */
  public Cleaned clean() {
    refuseForeignEntries();
    List<Path> removed = new ArrayList<>();
    List<Path> kept = new ArrayList<>();
    removeOwnFiles(removed, kept);
    Path archive = root.resolve(ARCHIVE);
    if (Files.isDirectory(archive, LinkOption.NOFOLLOW_LINKS)) {
      try (Stream<Path> runs = Files.list(archive)) {
        for (Path earlier : runs.sorted().toList()) {
          if (Files.isRegularFile(earlier.resolve(RUN_META), LinkOption.NOFOLLOW_LINKS)) {
            new RunFolder(earlier).removeOwnFiles(removed, kept);
            removeIfEmpty(earlier, removed);
          } else {
            kept.add(earlier);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + archive, e);
      }
      removeIfEmpty(archive, removed);
    }
    return new Cleaned(removed, kept);
  }

  /** What {@link #clean} removed, and what it left because codex-par did not write it. */
  public record Cleaned(List<Path> removed, List<Path> kept) {}

  private void removeOwnFiles(List<Path> removed, List<Path> kept) {
    Set<String> tasks = new HashSet<>(readRunMeta().map(RunMeta::tasks).orElse(List.of()));
    tasks.addAll(namesWithSuffix(root.resolve("logs"), ".spec.json"));
    Set<Path> own = new HashSet<>();
    for (String task : tasks) {
      if (!SAFE_NAME.matcher(task).matches() || task.startsWith(".")) {
        continue;
      }
      // built without the link check: a link in place of a task's file is removed, not followed
      own.add(root.resolve("outputs").resolve(task + ".md"));
      for (String suffix : List.of(".jsonl", ".stderr.log", ".meta.json", ".spec.json")) {
        own.add(root.resolve("logs").resolve(task + suffix));
      }
    }
    own.add(root.resolve("shared").resolve("facts.json"));
    for (String folder : RUN_FOLDERS) {
      Path dir = root.resolve(folder);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          kept.add(dir);
        }
        continue;
      }
      try (Stream<Path> entries = Files.list(dir)) {
        for (Path entry : entries.sorted().toList()) {
          if (isOwn(entry, own, tasks)) {
            delete(entry);
            removed.add(entry);
          } else {
            kept.add(entry);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir, e);
      }
      removeIfEmpty(dir, removed);
    }
    for (String file : List.of(RUN_META, LOCK)) {
      Path path = root.resolve(file);
      if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
        delete(path);
        removed.add(path);
      }
    }
  }

  /**
   * A task's own file, an earlier attempt's log ({@code NAME.attempt-N.jsonl}) or a temp file an
   * interrupted atomic write left ({@code .FILE.PID-N.tmp}); never a folder or a link.
   */
  private static boolean isOwn(Path entry, Set<Path> own, Set<String> tasks) {
    if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(entry)) {
      return false;
    }
    if (own.contains(entry)) {
      return true;
    }
    String name = entry.getFileName().toString();
    if (name.matches("\\..+\\.\\d+-\\d+\\.tmp")) {
      return own.contains(
          entry.resolveSibling(name.substring(1, name.lastIndexOf('.', name.length() - 5))));
    }
    int attempt = name.indexOf(".attempt-");
    return attempt > 0
        && tasks.contains(name.substring(0, attempt))
        && name.substring(attempt).matches("\\.attempt-\\d+\\.(jsonl|stderr\\.log)");
  }

  private static Set<String> namesWithSuffix(Path dir, String suffix) {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return Set.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(suffix) && !n.startsWith("."))
          .map(n -> n.substring(0, n.length() - suffix.length()))
          .collect(java.util.stream.Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static void removeIfEmpty(Path dir, List<Path> removed) {
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && !holdsSomething(dir)) {
      delete(dir);
      removed.add(dir);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + path, e);
    }
  }

  public void writeTask(String runId, TaskSnapshot task) {
    AtomicFile.writeJson(taskMeta(task.name()), TaskMeta.of(runId, task));
  }

  public void writeRun(RunSnapshot run) {
    AtomicFile.writeJson(runMeta(), RunMeta.of(run, ProcessHandle.current()));
  }

  public Optional<RunMeta> readRunMeta() {
    Path file = runMeta();
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(readJson(file, RunMeta.class));
  }

  /**
   * The run as its files show it. A run whose owner is gone but whose files say it was still going
   * is shown as interrupted, never as running.
   */
  public Optional<RunSnapshot> read() {
    Optional<RunMeta> meta = readRunMeta();
    if (meta.isEmpty()) {
      return Optional.empty();
    }
    RunMeta run = meta.get();
    boolean live = isLive();
    List<TaskSnapshot> tasks = new ArrayList<>();
    for (String name : run.tasks()) {
      readTask(name).map(task -> asShown(task, run, live)).ifPresent(tasks::add);
    }
    tasks.sort(Comparator.comparingInt(TaskSnapshot::wave));
    boolean open = live && run.dynamic() && !run.sealed();
    RunStatus status = live ? RunStatus.derive(tasks, open) : finalStatus(run, tasks);
    return Optional.of(
        new RunSnapshot(
            run.runId(),
            root,
            status,
            run.startedAt(),
            run.endedAt(),
            tasks,
            run.dynamic(),
            run.sealed(),
            live,
            0));
  }

  /**
   * What a listing of many runs shows of this folder: its run, or, when one of its files is
   * corrupt, that file and why (so one broken run does not hide the others). Empty without a run.
   */
  public Optional<Listing> readForListing() {
    try {
      return read().map(run -> new Listing(root, run, null));
    } catch (CorruptFileException e) {
      return Optional.of(new Listing(root, null, e));
    }
  }

  /** One folder of a listing: {@code run}, or {@code broken} naming the file that is not. */
  public record Listing(Path root, RunSnapshot run, CorruptFileException broken) {}

  /** One task of the run as {@link #read} shows it, without reading the other tasks' files. */
  public Optional<TaskSnapshot> readShownTask(String name) {
    return readRunMeta()
        .filter(run -> run.tasks().contains(name))
        .flatMap(run -> readTask(name).map(task -> asShown(task, run, isLive())));
  }

  private static TaskSnapshot asShown(TaskSnapshot task, RunMeta run, boolean live) {
    return live || task.status().isFinal()
        ? task
        : task.withStatus(
            TaskStatus.INTERRUPTED,
            "codex-par (pid " + run.ownerPid() + ") stopped before this task ended");
  }

  private static RunStatus finalStatus(RunMeta run, List<TaskSnapshot> tasks) {
    RunStatus derived = RunStatus.derive(tasks, false);
    return run.status() == RunStatus.RUNNING && derived != RunStatus.INTERRUPTED
        ? RunStatus.INTERRUPTED
        : derived;
  }

  public Optional<TaskSnapshot> readTask(String name) {
    Path file = taskMeta(name);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(readJson(file, TaskMeta.class).toSnapshot());
  }

  /** The held lock of a folder's run; closing it lets another run start there. */
  public static final class Ownership implements AutoCloseable {
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;

    private Ownership(Path lockFile, FileChannel channel, FileLock lock) {
      this.lockFile = lockFile;
      this.channel = channel;
      this.lock = lock;
    }

    @Override
    public void close() {
      synchronized (OWNED) {
        try {
          lock.release();
          channel.close();
        } catch (IOException e) {
          // Closing the channel releases the lock in any case.
        }
        OWNED.remove(lockFile);
      }
    }
  }
}

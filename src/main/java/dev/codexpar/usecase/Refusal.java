package dev.codexpar.usecase;

import dev.codexpar.plan.Problem;
import java.util.List;

/**
 * A use case that cannot be carried out, and why: each door maps the {@link Kind} once (to an exit
 * code, to an MCP error code), never the message, which speaks of the engine and not of a door's
 * flags.
 */
public final class Refusal extends RuntimeException {
  /** What went wrong; the doors map these one to one. */
  public enum Kind {
    /** An argument is missing, malformed or out of range. */
    INVALID_ARGUMENT,
    /** A worktree task has no committed change to show or merge (no worktree, or not done). */
    NO_WORKTREE_CHANGE,
    /**
     * A merge of task branches stopped (a conflict, named by task and files, or local changes in
     * the way); the repository is exactly as it was.
     */
    MERGE_REFUSED,
    /** The tasks have problems ({@link #problems()}). */
    VALIDATION_FAILED,
    /** A dispatched task's name is already used in the run (or twice in the batch). */
    DUPLICATE_TASK,
    /** A dispatched task depends on a task that is neither in the run nor in the batch. */
    UNKNOWN_DEPENDENCY,
    /** No run with that id or in that folder. */
    RUN_NOT_FOUND,
    /** The run has no task of that name. */
    TASK_NOT_FOUND,
    /** The dynamic run is sealed (or finished): it takes no more tasks. */
    RUN_SEALED,
    /** The run stopped starting tasks after a failure. */
    RUN_STOPPED,
    /** The run is static: dispatch and seal need a dynamic run. */
    NOT_DYNAMIC,
    /** The run is over (or belongs to another process): it cannot be changed. */
    RUN_FINISHED,
    /** Another live run owns the folder. */
    FOLDER_BUSY,
    /**
     * The run is still live (a follow-up in a run on the app-server transport waits for its end),
     * or an earlier run left codex processes running that would write into the new run's files.
     */
    RUN_LIVE,
    /** The run to resume recorded no tasks: they must be given. */
    TASKS_UNKNOWN,
    /** The folder holds files that no codex-par run wrote. */
    FOREIGN_FILES,
    /** The task is running (or waiting to run): a follow-up waits until it is done or failed. */
    TASK_BUSY,
    /**
     * The task has no codex session codex-par can continue (codex never started one, or it is a
     * thread on a remote app-server).
     */
    NO_SESSION,
    /** No codex binary was found (the message names what was tried and how to install it). */
    CODEX_NOT_FOUND,
    /** A steer for a task that has no running turn (pending, starting or over). */
    TASK_NOT_RUNNING,
    /** A steer for a task on a transport that cannot be steered (exec). */
    NOT_STEERABLE
  }

  /** What the caller can do about it, worded by each door in its own terms. */
  public enum Remedy {
    NONE,
    /** Stop the codex processes an earlier run left running, then try again. */
    STOP_ORPHANS
  }

  private final Kind kind;
  private final List<Problem> problems;
  private final Remedy remedy;

  public Refusal(Kind kind, String message) {
    this(kind, message, List.of());
  }

  public Refusal(Kind kind, String message, List<Problem> problems) {
    this(kind, message, problems, Remedy.NONE);
  }

  public Refusal(Kind kind, String message, List<Problem> problems, Remedy remedy) {
    super(message, null, false, false);
    this.kind = kind;
    this.problems = List.copyOf(problems);
    this.remedy = remedy;
  }

  public Remedy remedy() {
    return remedy;
  }

  public Kind kind() {
    return kind;
  }

  /** The tasks' problems, for {@link Kind#VALIDATION_FAILED} and the dispatch kinds; else empty. */
  public List<Problem> problems() {
    return problems;
  }

  public static Refusal invalid(String message) {
    return new Refusal(Kind.INVALID_ARGUMENT, message);
  }
}

package dev.codexpar.mcp;

/** The codes of tool errors ({@code structuredContent.code}); documented in the README. */
public enum ErrorCode {
  /** An argument is missing, malformed or out of range. */
  INVALID_ARGUMENT,
  /** The task has no committed worktree change (no worktree: true, or it did not end done). */
  NO_WORKTREE_CHANGE,
  /**
   * merge_tasks stopped: a conflict (the message names the task and the files) or local changes in
   * the way; the repository is exactly as it was.
   */
  MERGE_REFUSED,
  /** The tasks YAML has problems; {@code problems} lists each with its location. */
  VALIDATION_FAILED,
  /** A dispatched task's name is already used in the run (or twice in the batch). */
  DUPLICATE_TASK,
  /** A dispatched task depends on a task that is neither in the run nor in the batch. */
  UNKNOWN_DEPENDENCY,
  /** No run with that id, live or on disk under the server's root. */
  RUN_NOT_FOUND,
  /** The run has no task of that name. */
  TASK_NOT_FOUND,
  /** The dynamic run is sealed (or finished): it takes no more tasks. */
  RUN_SEALED,
  /** The run stopped starting tasks after a failure (start it with keep_going). */
  RUN_STOPPED,
  /** The run is static: dispatch and seal need a run started with dynamic: true. */
  NOT_DYNAMIC,
  /** The run is over (or belongs to an earlier server process): it cannot be changed. */
  RUN_FINISHED,
  /** Another live run owns the requested folder. */
  FOLDER_BUSY,
  /**
   * The run to resume is still live (here or in another codex-par process), or its interrupted
   * tasks left codex processes running (cancel_run stops them): resuming now would run a task twice
   * at once.
   */
  RUN_LIVE,
  /**
   * The run to resume has no recorded task specs (it was started by an older codex-par): give the
   * tasks as yaml or path.
   */
  TASKS_UNKNOWN,
  /**
   * No codex binary was found when the server started: the tools that run codex refuse with what
   * was tried and how to install it; the others work.
   */
  CODEX_NOT_FOUND,
  /** follow_up: the task is running or waiting to run; ask once it is done or failed. */
  TASK_BUSY,
  /** follow_up: the task has no codex session to continue (codex never started one). */
  NO_SESSION,
  /** steer_task: the task has no running turn (pending, starting or over). */
  TASK_NOT_RUNNING,
  /** steer_task: the run's transport (exec) cannot steer; start it with transport app-server. */
  NOT_STEERABLE,
  /** Something failed inside codex-par (e.g. a file could not be read); see the message. */
  INTERNAL
}

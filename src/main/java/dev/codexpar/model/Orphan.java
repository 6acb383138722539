package dev.codexpar.model;

/**
 * A task's codex process still alive after the codex-par process that owned it died.
 *
 * @param task the task's name
 * @param pid the process id (its start time was checked, so it is not a reused pid)
 */
public record Orphan(String task, long pid) {}

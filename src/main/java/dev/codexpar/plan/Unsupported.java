package dev.codexpar.plan;

/** A task field the installed codex cannot honour. */
record Unsupported(String field, String message) {}

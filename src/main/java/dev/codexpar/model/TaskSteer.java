package dev.codexpar.model;

import java.time.Instant;

/** A message sent into a task's running turn (steer), as its meta records it. */
public record TaskSteer(Instant at, String message) {}

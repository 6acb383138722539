package dev.codexpar.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** {@code HH:mm:ss} in one zone: the time stamp of every live line and frame. */
public final class TimeOfDay {
  private final DateTimeFormatter format;

  public TimeOfDay(ZoneId zone) {
    this.format = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(zone);
  }

  public static TimeOfDay local() {
    return new TimeOfDay(ZoneId.systemDefault());
  }

  public String format(Instant time) {
    return format.format(time);
  }
}

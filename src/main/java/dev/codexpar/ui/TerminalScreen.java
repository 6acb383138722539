package dev.codexpar.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

/**
 * The terminal behind stdout, through JLine: its size (followed on SIGWINCH), whether it shows
 * colour, and a frame redrawn in place (JLine's {@link Display} rewrites only the lines that
 * changed). Exists only when stdout (and stdin) is a real terminal; otherwise callers print plain
 * text.
 */
public final class TerminalScreen implements AutoCloseable {
  private static final int FALLBACK_COLUMNS = 80;
  private static final int FALLBACK_ROWS = 24;

  private final Terminal terminal;
  private final Attributes original;
  private Display display;
  private final boolean colour;
  private volatile boolean resized;
  private volatile Runnable onInterrupt = () -> {};
  private boolean painted;

  private TerminalScreen(Terminal terminal, boolean colour) {
    this.terminal = terminal;
    this.original = terminal.getAttributes();
    this.colour = colour;
    this.display = new Display(terminal, false);
    Size size = size();
    display.resize(size.getRows(), size.getColumns());
    terminal.handle(Terminal.Signal.WINCH, signal -> resized = true);
    terminal.handle(Terminal.Signal.INT, signal -> onInterrupt.run());
  }

  /**
   * The screen, when stdout is a terminal that can move its cursor; empty when stdout is a pipe or
   * a file, or {@code TERM=dumb}. Colour is off with {@code NO_COLOR} set (https://no-color.org) or
   * on a terminal without colours.
   *
   * <p>JLine takes over SIGINT while the screen is open (Ctrl+C calls {@link #onInterrupt}); a
   * caller that installs its own signal handlers must do so after opening the screen.
   */
  public static Optional<TerminalScreen> open(Map<String, String> env) {
    if (System.console() == null) {
      return Optional.empty(); // stdin or stdout is no terminal; asking JLine costs ~50 ms
    }
    Terminal terminal;
    try {
      terminal =
          TerminalBuilder.builder()
              .system(true)
              .systemOutput(TerminalBuilder.SystemOutput.SysOut)
              .dumb(false)
              .nativeSignals(true)
              .signalHandler(Terminal.SignalHandler.SIG_IGN)
              .build();
    } catch (IOException | IllegalStateException e) {
      return Optional.empty(); // no terminal on stdout: plain output
    }
    if (terminal.getType().startsWith(Terminal.TYPE_DUMB)
        || terminal.getStringCapability(Capability.cursor_up) == null) {
      close(terminal);
      return Optional.empty();
    }
    Integer colours = terminal.getNumericCapability(Capability.max_colors);
    String noColor = env.get("NO_COLOR");
    boolean colour = (noColor == null || noColor.isEmpty()) && colours != null && colours >= 8;
    TerminalScreen screen = new TerminalScreen(terminal, colour);
    // keys typed while the frame is up must not echo into it (a "^C" would shift every redraw);
    // signals stay on, so Ctrl+C still interrupts
    Attributes quiet = new Attributes(screen.original);
    quiet.setLocalFlag(Attributes.LocalFlag.ECHO, false);
    quiet.setLocalFlag(Attributes.LocalFlag.ECHOCTL, false);
    terminal.setAttributes(quiet);
    terminal.puts(Capability.cursor_invisible);
    terminal.flush();
    return Optional.of(screen);
  }

  public boolean colour() {
    return colour;
  }

  /** Called on Ctrl+C (SIGINT) while no other handler took the signal over. */
  public void onInterrupt(Runnable action) {
    this.onInterrupt = action;
  }

  /** The current size (a terminal that reports none counts as 80x24). */
  public Size size() {
    Size size = terminal.getSize();
    return size.getColumns() <= 0 || size.getRows() <= 0
        ? new Size(FALLBACK_COLUMNS, FALLBACK_ROWS)
        : size;
  }

  /**
   * The columns a line may use: all but the last. A line that reaches the last column leaves the
   * cursor waiting to wrap, and what comes next (JLine's move to the next row included) wraps it:
   * the terminal then keeps the rows as one long line (tmux {@code capture-pane -J}, copy and
   * paste, re-wrap on resize).
   */
  public int columns() {
    return Math.max(1, size().getColumns() - 1);
  }

  /** Whether the terminal was resized since the last {@link #paint}. */
  public boolean resized() {
    return resized;
  }

  /**
   * Draws {@code lines} (ANSI colours allowed) over the previous frame. Lines must fit {@link
   * #columns} and be fewer than the rows, so the frame never scrolls nor wraps.
   */
  public synchronized void paint(List<String> lines) {
    Size size = size();
    if (resized) {
      // The terminal has re-wrapped what it showed, each kind in its own way, so the old frame's
      // place is unknown: start over on a cleared screen rather than diff against a guess.
      resized = false;
      terminal.puts(Capability.clear_screen);
      display = new Display(terminal, false);
      display.resize(size.getRows(), size.getColumns());
    }
    // JLine's Display takes a line without a final "\n" to go on in the next row and pads it to
    // the edge to get there through the terminal's wrap; "\n" makes each row a line of its own
    List<AttributedString> frame = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      frame.add(AttributedString.fromAnsi(i < lines.size() - 1 ? line + "\n" : line));
    }
    // park the cursor at the start of the last line: a later newline leaves the frame intact
    display.update(frame, size.cursorPos(Math.max(0, lines.size() - 1), 0));
    painted = true;
  }

  /**
   * Leaves the last frame in place and prints {@code lines} under it, as plain text, each broken
   * into rows of at most {@link #columns} that end with their own line break.
   */
  public synchronized void printBelow(List<String> lines) {
    if (painted) {
      terminal.writer().println(); // off the frame's last line
      terminal.writer().println(); // and one blank line between frame and summary
    }
    int width = columns();
    lines.forEach(line -> Wrap.lines(line, width).forEach(terminal.writer()::println));
    terminal.flush();
    painted = false;
    display.reset();
  }

  @Override
  public void close() {
    terminal.setAttributes(original);
    terminal.puts(Capability.cursor_visible);
    terminal.flush();
    close(terminal);
  }

  private static void close(Terminal terminal) {
    try {
      terminal.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore the terminal", e);
    }
  }
}

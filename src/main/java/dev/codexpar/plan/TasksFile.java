package dev.codexpar.plan;

import dev.codexpar.model.SafeText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The one way a tasks file is read, for both doors: a regular file (never a device, pipe or folder:
 * {@code /dev/zero} would fill the heap and {@code /dev/stdin} would read the MCP server's own
 * protocol), at most {@link #MAX_BYTES}, UTF-8, no line longer than {@link #MAX_LINE_CHARS}. The
 * line limit keeps parsing linear: SnakeYAML's scanner is quadratic in the length of one line's
 * scalar (a 2 MB single-line prompt took over a minute), while the same text as a block scalar
 * ({@code prompt: |}) parses in milliseconds.
 */
public final class TasksFile {
  public static final int MAX_BYTES = 2 * 1024 * 1024;
  public static final int MAX_LINE_CHARS = 64 * 1024;

  /** Why a tasks file or text was refused before parsing. */
  public enum Refusal {
    NOT_FOUND,
    NOT_A_FILE,
    TOO_LARGE,
    UNREADABLE,
    NOT_UTF8,
    LINE_TOO_LONG
  }

  /** A refused tasks file or text; a {@link PlanException} with one problem and its kind. */
  public static final class TasksFileException extends PlanException {
    private final Refusal refusal;

    TasksFileException(Refusal refusal, String source, int line, String message) {
      super(List.of(new Problem(source, line, null, null, message)));
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  private TasksFile() {}

  /** The file's text, checked as {@link #checkText} checks inline text. */
  public static String read(Path file) {
    String source = SafeText.printable(file.toString());
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new TasksFileException(Refusal.NOT_FOUND, source, 0, "no such file");
    } catch (IOException e) {
      throw new TasksFileException(Refusal.UNREADABLE, source, 0, "cannot read: " + e.getMessage());
    }
    if (!attributes.isRegularFile()) {
      throw new TasksFileException(
          Refusal.NOT_A_FILE,
          source,
          0,
          "not a regular file (a folder, device or pipe): give a tasks file");
    }
    if (attributes.size() > MAX_BYTES) {
      throw tooLarge(source);
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1); // the file may have grown since its size was read
    } catch (IOException e) {
      throw new TasksFileException(Refusal.UNREADABLE, source, 0, "cannot read: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(source);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new TasksFileException(Refusal.NOT_UTF8, source, 0, "not UTF-8 text");
    }
    checkText(text, source);
    return text;
  }

  /** Tasks given as text (inline YAML): the same size and line limits as a file. */
  public static void checkText(String text, String source) {
    if (text.length() > MAX_BYTES) {
      throw tooLarge(source);
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        if (i - lineStart > MAX_LINE_CHARS) {
          throw new TasksFileException(
              Refusal.LINE_TOO_LONG,
              source,
              line,
              "line longer than "
                  + MAX_LINE_CHARS
                  + " characters: write a long prompt as a block scalar (prompt: |) on"
                  + " several lines");
        }
        line++;
        lineStart = i + 1;
      }
    }
  }

  private static TasksFileException tooLarge(String source) {
    return new TasksFileException(
        Refusal.TOO_LARGE, source, 0, "larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
  }
}

package dev.codexpar.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.codexpar.model.TaskFigures;
import dev.codexpar.model.TaskSnapshot;
import dev.codexpar.model.TaskStatus;
import dev.codexpar.model.Transport;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which finished tasks a follow-up may continue, decided from the task as it is. */
class FollowUpRefusalTest {
  private static final String SESSION = "0199a213-81c0-7800-8aa1-000000000001";

  @Test
  void aDoneTaskWithASessionOnThisMachineIsContinuedByExec() {
    assertThatCode(
            () ->
                TaskState.refuseFollowUp(task(TaskStatus.DONE, SESSION, 42L, null), Transport.EXEC))
        .doesNotThrowAnyException();
    // a local app-server's thread is a codex session of this machine too
    assertThatCode(
            () ->
                TaskState.refuseFollowUp(
                    task(TaskStatus.FAILED, SESSION, 42L, "local app-server"), Transport.EXEC))
        .doesNotThrowAnyException();
  }

  @Test
  void aRunningTaskIsBusy() {
    assertThat(reason(task(TaskStatus.RUNNING, SESSION, 42L, null), Transport.EXEC))
        .isEqualTo(FollowUpRefused.Reason.TASK_BUSY);
  }

  @Test
  void aTaskWithoutASessionHasNothingToContinue() {
    assertThat(reason(task(TaskStatus.FAILED, null, 42L, null), Transport.EXEC))
        .isEqualTo(FollowUpRefused.Reason.NO_SESSION);
  }

  @Test
  void aThreadOnARemoteHostKeepsItsSessionThereWhateverTheTransport() {
    TaskSnapshot remote = task(TaskStatus.DONE, SESSION, null, "ws://box:4500");
    FollowUpRefused refused =
        catchThrowableOfType(
            () -> TaskState.refuseFollowUp(remote, Transport.EXEC), FollowUpRefused.class);
    assertThat(refused.reason()).isEqualTo(FollowUpRefused.Reason.NO_SESSION);
    assertThat(refused.getMessage()).contains("task 'fix'").contains("ws://box:4500");
    assertThat(reason(remote, Transport.APP_SERVER)).isEqualTo(FollowUpRefused.Reason.NO_SESSION);
  }

  @Test
  void aLiveRunOnTheAppServerTransportContinuesNoSession() {
    assertThat(
            reason(task(TaskStatus.DONE, SESSION, 42L, "local app-server"), Transport.APP_SERVER))
        .isEqualTo(FollowUpRefused.Reason.RUN_ON_APP_SERVER);
  }

  private static FollowUpRefused.Reason reason(TaskSnapshot t, Transport transport) {
    return catchThrowableOfType(() -> TaskState.refuseFollowUp(t, transport), FollowUpRefused.class)
        .reason();
  }

  private static TaskSnapshot task(TaskStatus status, String session, Long pid, String host) {
    TaskFigures figures = new TaskFigures(3, 0, 0, 0, 0, 0, 0, null, session, "done", null, 0);
    return new TaskSnapshot(
        "fix",
        0,
        List.of(),
        status,
        pid,
        null,
        Instant.parse("2026-12-02T06:00:00Z"),
        status.isFinal() ? Instant.parse("2026-12-02T06:01:00Z") : null,
        figures,
        status.isFinal() ? 0 : null,
        null,
        List.of("codex"),
        "fix",
        "fix",
        List.of(),
        null,
        List.of(),
        List.of(),
        host,
        List.of());
  }
}

package dev.codexpar.run;

import dev.codexpar.process.ProcessTree;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the runs of one registry share.
 *
 * @param io where slow work runs off the runs' locks (git, the launcher's pumps)
 * @param fileWriter the thread that writes the runs' metas
 */
record RunServices(
    TaskLauncher launcher,
    ProcessTree processTree,
    ScheduledExecutorService timer,
    Executor io,
    ScheduledExecutorService fileWriter) {}

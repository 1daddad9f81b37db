package io.taskpod.kubernetes.launch;

/** Where the {@link PodLauncher} hands what each returned create means: the executor's inbox. Must not block. */
public interface LaunchOutcomeSink {

    void launchOutcome(LaunchOutcome outcome);
}

package io.taskpod.testkit.kubernetes;

/** A node for tests. */
public final class TestKubelet {
    /** The {@code User-Agent} prefix of every kubelet's requests. */
    public static final String USER_AGENT_PREFIX = "taskpod-test-kubelet/";
}

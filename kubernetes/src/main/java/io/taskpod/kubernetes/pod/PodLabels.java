package io.taskpod.kubernetes.pod;

import java.util.Set;

/**
 * Every label and annotation key taskpod puts on worker pods, in one place. Labels carry sanitised values for
 * selecting ({@link LabelValues#safe}); annotations carry the exact ids and are the source of truth for mapping a
 * pod back to its try ({@link PodIdentity#of}).
 *
 * <table>
 *   <caption>Worker pod metadata</caption>
 *   <tr><th>key</th><th>label</th><th>annotation</th></tr>
 *   <tr><td>{@code dag_id}, {@code task_id}, {@code run_id}</td><td>safe value</td><td>exact id</td></tr>
 *   <tr><td>{@code try_number}, {@code launch_attempt}</td><td>decimal</td><td>decimal</td></tr>
 *   <tr><td>{@code map_index}</td><td>decimal, mapped tasks only</td><td>decimal, mapped tasks only</td></tr>
 *   <tr><td>{@code taskpod-worker}</td><td>owning scheduler id (safe value)</td><td>exact scheduler id</td></tr>
 *   <tr><td>{@code kubernetes_executor}</td><td>{@code True}: created by the KubernetesExecutor</td><td></td></tr>
 *   <tr><td>{@code taskpod_executor_done}</td><td>{@code True}: finished and kept; out of every watch</td><td></td></tr>
 *   <tr><td>{@code taskpod_pod_revoked}</td><td>{@code True}: revoked; its events are ignored</td><td></td></tr>
 * </table>
 */
public final class PodLabels {

    public static final String DAG_ID = "dag_id";
    public static final String TASK_ID = "task_id";
    public static final String RUN_ID = "run_id";
    public static final String TRY_NUMBER = "try_number";
    public static final String MAP_INDEX = "map_index";
    public static final String LAUNCH_ATTEMPT = "launch_attempt";
    /** Owning scheduler: label (safe value) and annotation (exact id). Airflow's {@code airflow-worker}. */
    public static final String WORKER = "taskpod-worker";
    /** Marks pods created by the KubernetesExecutor, as Airflow's {@code kubernetes_executor=True}. */
    public static final String KUBERNETES_EXECUTOR = "kubernetes_executor";
    /** A finished pod kept in the cluster; Airflow's {@code airflow_executor_done}. */
    public static final String EXECUTOR_DONE = "taskpod_executor_done";
    /** A pod revoked by the scheduler just before deletion; Airflow's {@code airflow_pod_revoked}. */
    public static final String POD_REVOKED = "taskpod_pod_revoked";
    /** The value of the marker labels above. */
    public static final String TRUE = "True";

    /** Label and annotation keys an executor_config may not set: the pod's identity, owner and markers. */
    public static final Set<String> RESERVED = Set.of(DAG_ID, TASK_ID, RUN_ID, TRY_NUMBER, MAP_INDEX, LAUNCH_ATTEMPT,
            WORKER, KUBERNETES_EXECUTOR, EXECUTOR_DONE, POD_REVOKED);

    /** The worker container: the one running {@code taskpod tasks run}. */
    public static final String BASE_CONTAINER = "base";
    /** Environment variable set in the base container of every worker pod. */
    public static final String IS_K8S_EXECUTOR_POD_ENV = "TASKPOD_IS_K8S_EXECUTOR_POD";

    private PodLabels() {}
}

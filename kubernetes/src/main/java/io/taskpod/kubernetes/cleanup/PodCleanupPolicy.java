package io.taskpod.kubernetes.cleanup;

/**
 * Decides what happens to a pod the executor is done with, from {@code delete_worker_pods} and
 * {@code delete_worker_pods_on_failure} (Argo's "decisions return actions"):
 * <table>
 *   <caption>Cleanup by outcome</caption>
 *   <tr><th>finish</th><th>delete_worker_pods</th><th>+ on_failure</th><th>False</th></tr>
 *   <tr><td>succeeded</td><td>delete</td><td>delete</td><td>label done</td></tr>
 *   <tr><td>failed</td><td>label done</td><td>delete</td><td>label done</td></tr>
 *   <tr><td>must not run</td><td>delete</td><td>delete</td><td>delete</td></tr>
 *   <tr><td>revoked</td><td>revoke</td><td>revoke</td><td>revoke</td></tr>
 * </table>
 * Unlike Airflow, a failed pod that is kept is labelled done, so it is never replayed after a restart or adopted
 * again (design decision 8); a Pending pod whose task was failed is deleted whatever the policy, so it can never
 * start the try late. A pod that is already gone needs nothing.
 */
public record PodCleanupPolicy(boolean deleteWorkerPods, boolean deleteWorkerPodsOnFailure) {

    public CleanupAction decide(PodFinish finish, boolean podGone) {
        if (podGone) {
            return CleanupAction.NOTHING;
        }
        return switch (finish) {
            case SUCCEEDED -> deleteWorkerPods ? CleanupAction.DELETE : CleanupAction.LABEL_DONE;
            case FAILED -> deleteWorkerPods && deleteWorkerPodsOnFailure ? CleanupAction.DELETE : CleanupAction.LABEL_DONE;
            case MUST_NOT_RUN -> CleanupAction.DELETE;
            case REVOKED -> CleanupAction.REVOKE;
        };
    }
}

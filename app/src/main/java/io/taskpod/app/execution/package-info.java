/**
 * The execution API's per-try tokens: minted by the executor for each launch, checked by the API for every request
 * of a pod's worker ({@link io.taskpod.app.execution.TryTokens}), and where workers find the API
 * ({@link io.taskpod.app.execution.ExecutionApiUrl}).
 */
package io.taskpod.app.execution;

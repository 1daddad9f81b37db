/**
 * Worker-side writes to a task instance: claiming a try ({@code queued → running}), heartbeating it and
 * recording its final state, each a compare-and-set on the try number and the claiming worker, and each retried
 * through connection errors for a bounded time ({@code [scheduler] worker_state_write_timeout}). Depends on core
 * and the store's {@link io.taskpod.store.Database} only.
 */
package io.taskpod.store.worker;

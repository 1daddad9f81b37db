/**
 * The writes of whoever runs a try, on PostgreSQL ({@link io.taskpod.core.port.TryStore}): claiming it
 * ({@code queued → running}), heartbeating it and recording its final state, each a compare-and-set on the try
 * number and the claiming owner, and each retried through connection errors for a bounded time
 * ({@code [scheduler] worker_state_write_timeout}). Depends on core and the store's
 * {@link io.taskpod.store.Database} only.
 */
package io.taskpod.store.worker;

/**
 * What users do to DAGs and runs by hand, the one code path of the CLI and the API: pause, clear, mark, end or cancel
 * a run, backfill, and naming the latest run. Selections (which tasks a regex and up/downstream reach, which runs a
 * date range covers, which logical dates a backfill creates) are pure functions; the writes go through the store's
 * {@link io.taskpod.store.operate.ManualChangeRepository}. Depends on core, store and the app's scheduler package.
 */
package io.taskpod.app.operate;

/**
 * The set-up of the training run of taskpod's ahead-of-time cache (JDK 24+ {@code -XX:AOTCache}): a database with a
 * queued task for the worker whose run {@code app/create-aot-cache.sh} records when the runnable jar is built (or an
 * image is).
 */
package io.taskpod.app.aot;

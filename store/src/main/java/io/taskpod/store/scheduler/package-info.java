/** The {@code scheduler} table (registration, heartbeats, dead schedulers) and the lock that makes an id exclusive. */
package io.taskpod.store.scheduler;

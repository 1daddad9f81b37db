/** Real PostgreSQL for tests: one embedded server per test JVM, a fresh database per caller. */
package io.taskpod.testkit.postgres;

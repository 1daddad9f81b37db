/**
 * Typed configuration: every key is a {@link io.taskpod.core.config.ConfigKey} with a default, a description
 * and a parser that says what it expects. {@link io.taskpod.core.config.Config} reads a
 * {@link io.taskpod.core.config.ConfigSource} (the app supplies the INI file plus environment overrides) once,
 * and the typed settings records are built from it at start-up and passed down.
 */
package io.taskpod.core.config;

/** Loading {@code taskpod.cfg} (INI) with {@code TASKPOD__SECTION__KEY} environment overrides into a checked Config. */
package io.taskpod.app.config;

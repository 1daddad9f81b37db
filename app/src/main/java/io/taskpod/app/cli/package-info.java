/** The picocli commands of {@code taskpod}: one class per command group, all registered in TaskpodCommand. */
package io.taskpod.app.cli;

/** The {@code dag} table: parsed DAGs and their paused flag. */
package io.taskpod.store.dag;

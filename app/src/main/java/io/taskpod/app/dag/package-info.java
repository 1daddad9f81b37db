/** Parsing DAG files (YAML) into the core DAG model, with load errors that name file, line, field and reason. */
package io.taskpod.app.dag;

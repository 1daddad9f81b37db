/**
 * The DAG model as the scheduler and the worker see it once a DAG file is parsed: DAGs, task definitions,
 * schedules, and the load errors of broken files. Parsing the YAML files lives in the app module.
 */
package io.taskpod.core.dag;

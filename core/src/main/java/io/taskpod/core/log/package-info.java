/** Where task logs live on disk and how executors append their own lines (e.g. why a pod never ran) to them. */
package io.taskpod.core.log;

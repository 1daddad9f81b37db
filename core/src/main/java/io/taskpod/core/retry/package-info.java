/** Pure retry decisions: whether a failed try is retried and when. */
package io.taskpod.core.retry;

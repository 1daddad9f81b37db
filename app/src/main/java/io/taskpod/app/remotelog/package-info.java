/**
 * Remote task logs ({@code [logging] remote_logging}): a copy of every try's log in an S3-compatible object store,
 * uploaded by whatever runs the try, appended to by the scheduler, read by {@code tasks logs} and the API when the
 * log file is not at hand. Only {@link io.taskpod.app.remotelog.S3LogStore} touches the AWS SDK, and it is loaded
 * only when remote logging is on.
 */
package io.taskpod.app.remotelog;

/**
 * What users do to runs by hand (clear, mark, cancel), each in one transaction that also records who did it in the
 * audit log; the stop requests that tell a try's scheduler to stop its pod or process; and the audit log itself.
 * Depends on core and the store's own packages.
 */
package io.taskpod.store.operate;

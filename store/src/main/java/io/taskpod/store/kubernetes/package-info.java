/** PostgreSQL implementations of the ports the Kubernetes executor uses: the resourceVersion store. */
package io.taskpod.store.kubernetes;

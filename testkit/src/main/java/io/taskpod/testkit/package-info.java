/**
 * Test fixtures shared by the modules' tests: real PostgreSQL from embedded binaries, and (in the kubernetes
 * subpackage) an API server and a kubelet for end-to-end tests. Never on a production classpath.
 */
package io.taskpod.testkit;

package io.taskpod.testkit.kubernetes;

/** The API verb of a request, as Kubernetes' audit log and RBAC name them. */
public enum Verb {
    GET, LIST, WATCH, CREATE, UPDATE, PATCH, DELETE, DELETE_COLLECTION
}

package io.taskpod.testkit.postgres;

/** Connection details of one empty test database on a real PostgreSQL server. */
public record TestDatabase(String url, String user, String password, String name) {}

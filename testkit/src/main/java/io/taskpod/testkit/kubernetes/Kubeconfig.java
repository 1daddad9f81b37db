package io.taskpod.testkit.kubernetes;

/** A kubeconfig file's text for a plain-HTTP API server, usable by fabric8 in any JVM. */
final class Kubeconfig {

    static final String NAME = "taskpod-test";

    private Kubeconfig() {}

    static String forServer(String url, String namespace) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: %3$s
                current-context: %1$s
                users:
                - name: %1$s
                  user:
                    token: %1$s-token
                """.formatted(NAME, url, namespace);
    }
}

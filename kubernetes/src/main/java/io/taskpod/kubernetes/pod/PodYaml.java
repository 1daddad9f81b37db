package io.taskpod.kubernetes.pod;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Pods as YAML a user can {@code kubectl apply}: fabric8's serialization without the document marker. Strings stay
 * quoted, so values such as {@code True} are not read back as booleans by YAML 1.1 tools.
 */
public final class PodYaml {

    private PodYaml() {}

    public static String toYaml(Pod pod) {
        String yaml = PodTrees.SERIALIZATION.asYaml(pod);
        return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
    }
}

package io.taskpod.kubernetes.pod;

import io.taskpod.core.config.ConfigKey;
import io.taskpod.core.config.CoreConfigKeys;
import io.taskpod.core.config.Sensitivity;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Refuses literal secrets in a pod's environment: a {@code value} for a variable that sets a secret taskpod key
 * ({@code TASKPOD__DATABASE__PASSWORD}, a database URL with credentials) or whose {@code TASKPOD__} name says
 * password, secret or token. The worker must get those from a Secret ({@code valueFrom.secretKeyRef} or
 * {@code envFrom.secretRef}), as the example pod template does, so no password is ever written into a pod spec,
 * where anyone who can read pods would see it. Messages never include the value.
 */
final class SecretEnvCheck {

    private static final Pattern SECRET_LOOKING = Pattern.compile("TASKPOD__.*(PASSWORD|SECRET|TOKEN).*");
    private static final Map<String, Sensitivity> SENSITIVE_KEYS = CoreConfigKeys.ALL.stream()
            .filter(key -> key.sensitivity() != Sensitivity.PUBLIC)
            .collect(Collectors.toMap(SecretEnvCheck::envName, ConfigKey::sensitivity, (a, b) -> a));

    private SecretEnvCheck() {}

    /** True when a literal {@code value} for this variable would put a secret into the pod spec. */
    static boolean isLiteralSecret(String name, String value) {
        String upper = name.toUpperCase(Locale.ROOT);
        Sensitivity sensitivity = SENSITIVE_KEYS.get(upper);
        if (sensitivity != null) {
            return !sensitivity.redact(value).equals(value);
        }
        return SECRET_LOOKING.matcher(upper).matches() && !value.isEmpty();
    }

    static String advice() {
        return "a literal secret value is never written into a pod spec; take it from a Secret with "
                + "valueFrom.secretKeyRef or envFrom.secretRef (see the example pod template)";
    }

    private static String envName(ConfigKey<?> key) {
        Function<String, String> upper = s -> s.toUpperCase(Locale.ROOT);
        return "TASKPOD__" + upper.apply(key.section()) + "__" + upper.apply(key.name());
    }
}

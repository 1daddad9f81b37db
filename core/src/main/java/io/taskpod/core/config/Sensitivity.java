package io.taskpod.core.config;

import java.util.regex.Pattern;

/** How much of a configuration value may be shown in logs, errors and {@code config list}. */
public enum Sensitivity {
    /** Shown as it is. */
    PUBLIC,
    /** Never shown. */
    SECRET,
    /** A URL that may carry credentials: user info and password parameters are hidden. */
    URL_WITH_CREDENTIALS;

    /** What is shown in place of a secret. */
    public static final String MASK = "********";

    private static final Pattern USER_INFO = Pattern.compile("(//)[^/@]*@");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");

    public String redact(String value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case PUBLIC -> value;
            case SECRET -> value.isEmpty() ? "" : MASK;
            case URL_WITH_CREDENTIALS -> PASSWORD_PARAM.matcher(USER_INFO.matcher(value).replaceAll("$1" + MASK + "@"))
                    .replaceAll("$1" + MASK);
        };
    }
}

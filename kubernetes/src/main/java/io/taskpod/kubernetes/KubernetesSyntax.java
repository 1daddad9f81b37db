package io.taskpod.kubernetes;

import java.util.regex.Pattern;

/**
 * The syntax rules the Kubernetes API server enforces on names, label keys and values, environment variable
 * names and resource quantities, checked before any API call so that an invalid pod is never sent.
 */
public final class KubernetesSyntax {

    /** Longest DNS-1123 label: pod, container, volume and namespace names; label values and name parts. */
    public static final int MAX_LABEL_LENGTH = 63;
    /** Longest DNS-1123 subdomain: label key prefixes. */
    public static final int MAX_SUBDOMAIN_LENGTH = 253;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
    private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern ENV_VAR_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern QUANTITY = Pattern.compile(
            "\\+?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?");

    private KubernetesSyntax() {}

    /** A DNS-1123 label: lower-case alphanumerics and '-', alphanumeric at both ends, at most 63 characters. */
    public static boolean isDnsLabel(String value) {
        return value.length() <= MAX_LABEL_LENGTH && DNS_LABEL.matcher(value).matches();
    }

    /** A DNS-1123 subdomain: dot-separated DNS-1123 labels, at most 253 characters. */
    public static boolean isDnsSubdomain(String value) {
        return value.length() <= MAX_SUBDOMAIN_LENGTH && DNS_SUBDOMAIN.matcher(value).matches();
    }

    /** A label value: empty, or at most 63 of {@code [A-Za-z0-9._-]}, alphanumeric at both ends. */
    public static boolean isLabelValue(String value) {
        return value.length() <= MAX_LABEL_LENGTH && LABEL_VALUE.matcher(value).matches();
    }

    /** A label or annotation key: an optional DNS-1123 subdomain prefix and '/', then a name part of at most 63. */
    public static boolean isQualifiedName(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0 && !isDnsSubdomain(key.substring(0, slash))) {
            return false;
        }
        return name.length() <= MAX_LABEL_LENGTH && QUALIFIED_NAME_PART.matcher(name).matches();
    }

    /** An environment variable name as the API server accepts it. */
    public static boolean isEnvVarName(String name) {
        return ENV_VAR_NAME.matcher(name).matches();
    }

    /** A non-negative resource quantity such as {@code 512Mi}, {@code 0.5}, {@code 250m} or {@code 1e3}. */
    public static boolean isQuantity(String value) {
        return QUANTITY.matcher(value).matches();
    }

    /** What {@link #isDnsLabel} expects, for error messages. */
    public static String dnsLabelRule() {
        return "a DNS-1123 label (at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit)";
    }
}

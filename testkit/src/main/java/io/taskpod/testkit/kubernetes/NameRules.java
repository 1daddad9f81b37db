package io.taskpod.testkit.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kubernetes' name and label syntax rules (apimachinery's {@code validation} package), each returning the
 * error details the API server prints, empty when the value is valid.
 */
final class NameRules {

    static final int SUBDOMAIN_MAX = 253;
    static final int LABEL_MAX = 63;
    static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;

    private static final String LABEL_FORMAT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String SUBDOMAIN_FORMAT = LABEL_FORMAT + "(\\." + LABEL_FORMAT + ")*";
    private static final String QUALIFIED_NAME_FORMAT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final String LABEL_VALUE_FORMAT = "(" + QUALIFIED_NAME_FORMAT + ")?";
    private static final Pattern LABEL = Pattern.compile(LABEL_FORMAT);
    private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FORMAT);
    private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FORMAT);
    private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FORMAT);

    private NameRules() {}

    /** RFC 1123 subdomain: object names of most kinds, pods included. */
    static List<String> dns1123Subdomain(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > SUBDOMAIN_MAX) {
            errors.add("must be no more than " + SUBDOMAIN_MAX + " characters");
        }
        if (!SUBDOMAIN.matcher(value).matches()) {
            errors.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
                    + " '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used"
                    + " for validation is '" + SUBDOMAIN_FORMAT + "')");
        }
        return errors;
    }

    /** RFC 1123 label: namespace names, container and volume names, hostnames. */
    static List<String> dns1123Label(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > LABEL_MAX) {
            errors.add("must be no more than " + LABEL_MAX + " characters");
        }
        if (!LABEL.matcher(value).matches()) {
            errors.add("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
                    + " must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex"
                    + " used for validation is '" + LABEL_FORMAT + "')");
        }
        return errors;
    }

    /** Qualified name with an optional DNS subdomain prefix: label and annotation keys. */
    static List<String> qualifiedName(String value) {
        List<String> errors = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            name = parts[1];
            if (parts[0].isEmpty()) {
                errors.add("prefix part must be non-empty");
            } else {
                dns1123Subdomain(parts[0]).forEach(error -> errors.add("prefix part " + error));
            }
        } else {
            errors.add("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start"
                    + " and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex"
                    + " used for validation is '" + QUALIFIED_NAME_FORMAT + "') with an optional DNS subdomain"
                    + " prefix and '/' (e.g. 'example.com/MyName')");
            return errors;
        }
        if (name.isEmpty()) {
            errors.add("name part must be non-empty");
        } else if (name.length() > LABEL_MAX) {
            errors.add("name part must be no more than " + LABEL_MAX + " characters");
        }
        if (!name.isEmpty() && !QUALIFIED_NAME.matcher(name).matches()) {
            errors.add("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
                    + " with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
                    + " validation is '" + QUALIFIED_NAME_FORMAT + "')");
        }
        return errors;
    }

    /** Label values: empty, or at most 63 alphanumerics, '-', '_' and '.', starting and ending alphanumeric. */
    static List<String> labelValue(String value) {
        List<String> errors = new ArrayList<>();
        if (value.length() > LABEL_MAX) {
            errors.add("must be no more than " + LABEL_MAX + " characters");
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errors.add("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or"
                    + " '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',"
                    + "  or '12345', regex used for validation is '" + LABEL_VALUE_FORMAT + "')");
        }
        return errors;
    }

    /**
     * The hostname a kubelet gives a pod: its name cut to 63 characters, without trailing '-' or '.', as
     * Kubernetes does for pod names longer than a DNS label.
     */
    static String podHostname(String podName) {
        if (podName.length() <= LABEL_MAX) {
            return podName;
        }
        return podName.substring(0, LABEL_MAX).replaceAll("[-.]+$", "");
    }
}

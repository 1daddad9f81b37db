package io.taskpod.testkit.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/** What differs between kinds when objects are created, validated, updated and deleted. */
sealed interface ObjectRules permits PodRules, ObjectRules.Generic, ObjectRules.Namespaces, ObjectRules.Secrets {

    static ObjectRules of(ResourceType type) {
        if (type.equals(ResourceTypes.PODS)) {
            return new PodRules();
        }
        if (type.equals(ResourceTypes.SECRETS)) {
            return new Secrets();
        }
        return type.equals(ResourceTypes.NAMESPACES) ? new Namespaces() : new Generic();
    }

    /** Fills in the defaults the API server sets on every write (create and update). */
    default void applyDefaults(ObjectNode object) {}

    /** Fills in defaults and resets what a client may not set on create (a pod's status, for example). */
    default void prepareForCreate(ObjectNode object) {
        applyDefaults(object);
    }

    /** The validation errors of an object about to be stored; empty when it is valid. */
    List<FieldCause> validate(ObjectNode object);

    /** The validation errors of an update from {@code old}: {@link #validate} plus immutability rules. */
    default List<FieldCause> validateUpdate(ObjectNode updated, ObjectNode old) {
        return validate(updated);
    }

    /** The grace period a delete gets: 0 removes the object at once (finalizers permitting). */
    default long gracePeriodSeconds(ObjectNode object, OptionalLong requested) {
        return 0;
    }

    /** Kinds named as DNS subdomains with no rules beyond metadata. */
    record Generic() implements ObjectRules {
        public List<FieldCause> validate(ObjectNode object) {
            return MetadataValidation.validate(object, NameRules::dns1123Subdomain);
        }
    }

    /** Secrets: {@code stringData} is write-only, merged into {@code data} (base64), as the API server does. */
    record Secrets() implements ObjectRules {
        public void applyDefaults(ObjectNode secret) {
            if (secret.get("stringData") instanceof ObjectNode stringData) {
                ObjectNode data = secret.get("data") instanceof ObjectNode existing ? existing
                        : secret.putObject("data");
                stringData.properties().forEach(entry -> data.put(entry.getKey(), Base64.getEncoder()
                        .encodeToString(entry.getValue().asText().getBytes(StandardCharsets.UTF_8))));
                secret.remove("stringData");
            }
            if (!secret.hasNonNull("type")) {
                secret.put("type", "Opaque");
            }
        }

        public List<FieldCause> validate(ObjectNode object) {
            return MetadataValidation.validate(object, NameRules::dns1123Subdomain);
        }
    }

    /** Namespaces: named as DNS labels, {@code Active} once created. */
    record Namespaces() implements ObjectRules {
        public void prepareForCreate(ObjectNode object) {
            applyDefaults(object);
            object.putObject("status").put("phase", "Active");
        }

        public List<FieldCause> validate(ObjectNode object) {
            return MetadataValidation.validate(object, NameRules::dns1123Label);
        }
    }
}

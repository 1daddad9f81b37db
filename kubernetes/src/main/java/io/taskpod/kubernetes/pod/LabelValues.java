package io.taskpod.kubernetes.pod;

import io.taskpod.kubernetes.KubernetesSyntax;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;

/**
 * Turns any string into a valid Kubernetes label value, in the shape of Airflow's {@code make_safe_label_value}:
 * a valid value of at most 63 characters is kept as it is; otherwise the value is cleaned (accents dropped,
 * characters outside {@code [A-Za-z0-9._-]} removed, non-alphanumerics trimmed at both ends), cut to 53
 * characters, and followed by {@code -} and 9 hex digits of the MD5 of the original, so distinct ids stay distinct.
 * Unlike Airflow, an id with nothing left after cleaning (e.g. {@code 影師嗎}) becomes the bare hash, which is a
 * valid value; Airflow produced {@code -<hash>}, which the API server rejects.
 */
public final class LabelValues {

    private static final int KEEP = 53;
    private static final int HASH_LENGTH = 9;

    private LabelValues() {}

    public static String safe(String value) {
        if (KubernetesSyntax.isLabelValue(value)) {
            return value;
        }
        String cleaned = clean(value);
        if (cleaned.length() > KEEP) {
            cleaned = cleaned.substring(0, KEEP);
        }
        String hash = md5Hex(value).substring(0, HASH_LENGTH);
        return cleaned.isEmpty() ? hash : cleaned + "-" + hash;
    }

    private static String clean(String value) {
        String ascii = Normalizer.normalize(value, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return trimEnds(ascii.replaceAll("[^A-Za-z0-9._-]", ""));
    }

    private static String trimEnds(String value) {
        return value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }

    private static String md5Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides MD5", e);
        }
    }
}

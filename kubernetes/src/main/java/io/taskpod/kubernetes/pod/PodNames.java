package io.taskpod.kubernetes.pod;

import io.taskpod.core.model.TaskInstanceKey;
import io.taskpod.kubernetes.KubernetesSyntax;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Deterministic worker pod names: {@code <slug of dag_id-task_id>-<hash>}, always a DNS-1123 label of at most
 * 63 characters. The slug is for people (lower case, accents transliterated, anything else becomes {@code -}); the
 * 13-character base-36 hash is 64 bits of SHA-256 over the exact dag, task and run ids, try number, map index and
 * launch attempt, so different launches never collide in practice and the same launch always gets the same name:
 * a create retried after a lost response and answered 409 AlreadyExists found our own pod.
 */
public final class PodNames {

    private static final int HASH_LENGTH = 13;
    private static final int MAX_SLUG = KubernetesSyntax.MAX_LABEL_LENGTH - HASH_LENGTH - 1;
    private static final String EMPTY_SLUG = "task";

    private PodNames() {}

    /** The name of the pod for one launch attempt of one try. */
    public static String podName(TaskInstanceKey key, int launchAttempt) {
        String slug = slug(key.dagId() + "-" + key.taskId());
        return slug + "-" + hash(key, launchAttempt);
    }

    static String slug(String text) {
        String ascii = Normalizer.normalize(text.replace("ß", "ss").replace("ẞ", "SS"), Normalizer.Form.NFKD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        String slug = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? EMPTY_SLUG : slug;
    }

    private static String hash(TaskInstanceKey key, int launchAttempt) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-256", e);
        }
        for (String part : new String[] {key.dagId(), key.taskId(), key.runId()}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        sha.update(ByteBuffer.allocate(12).putInt(key.tryNumber()).putInt(key.mapIndex()).putInt(launchAttempt).array());
        long bits = ByteBuffer.wrap(sha.digest()).getLong();
        String base36 = Long.toUnsignedString(bits, 36);
        return "0".repeat(HASH_LENGTH - base36.length()) + base36;
    }
}

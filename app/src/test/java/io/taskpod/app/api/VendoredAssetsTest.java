package io.taskpod.app.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The page's one vendored library is byte for byte the npm package's file its README names, with its licence. */
class VendoredAssetsTest {

    static final String DAGRE = WebUi.RESOURCES + "/vendor/dagre/";
    static final String DAGRE_SHA256 = "b0ddaf4af1417bec9bd89373a3a3987f081727d6cc6d95fc40dbf85a19bdf3b0";

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = VendoredAssetsTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void dagreIsTheFileOfTheNpmPackageWithItsLicence() throws IOException, NoSuchAlgorithmException {
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(resource(DAGRE + "dagre.esm.js")));

        assertThat(sha256).isEqualTo(DAGRE_SHA256);
        assertThat(new String(resource(DAGRE + "README.md"))).contains(DAGRE_SHA256).contains("@dagrejs/dagre@3.1.3");
        assertThat(new String(resource(DAGRE + "LICENSE"))).contains("Copyright (c) 2012-2014 Chris Pettitt");
    }
}

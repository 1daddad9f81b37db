package io.taskpod.app.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses a request that changes anything when a browser says it comes from a page of another site. Such a page can
 * make its visitor's browser send a form POST to taskpod, with the Basic credentials the browser remembers or, with
 * {@code [api] authenticate} off on loopback, with none needed; the session cookie's CSRF token does not cover those.
 * The browser's own headers tell: {@code Sec-Fetch-Site} when it sends one ({@code same-origin} and {@code none}, a
 * user's own navigation, pass), otherwise an {@code Origin} that must name the host the request was sent to. A
 * request with neither (curl, scripts, the CLI) passes: no browser sent it. The same rule as Go's
 * {@code http.CrossOriginProtection}.
 */
final class CrossOriginGuard {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    private CrossOriginGuard() {}

    /**
     * Why this request must be refused, or empty when it may go on.
     *
     * @param method the request's method
     * @param secFetchSite its {@code Sec-Fetch-Site} header, if any
     * @param origin its {@code Origin} header, if any
     * @param host its {@code Host} header, if any
     */
    static Optional<String> refusal(String method, Optional<String> secFetchSite, Optional<String> origin,
            Optional<String> host) {
        if (SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (secFetchSite.isPresent()) {
            String site = secFetchSite.get().strip().toLowerCase(Locale.ROOT);
            return OWN_SITE.contains(site) ? Optional.empty() : Optional.of("the browser says this " + method
                    + " comes from a page of another site (Sec-Fetch-Site: " + ApiText.quote(site) + "); taskpod "
                    + "accepts changes only from its own page or from clients outside a browser");
        }
        if (origin.isEmpty() || authority(origin.get()).equalsIgnoreCase(host.orElse(""))) {
            return Optional.empty();
        }
        return Optional.of("the browser says this " + method + " comes from " + ApiText.quote(origin.get())
                + ", not from " + ApiText.quote(host.orElse("(no Host header)")) + "; taskpod accepts changes only "
                + "from its own page or from clients outside a browser");
    }

    /** {@code host[:port]} of an {@code Origin}; empty for {@code null} or anything that is not a URL. */
    private static String authority(String origin) {
        try {
            return Optional.ofNullable(new URI(origin.strip()).getRawAuthority()).orElse("");
        } catch (URISyntaxException e) {
            return "";
        }
    }
}

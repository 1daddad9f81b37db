package io.taskpod.app.execution;

import java.util.Objects;

/** The outcome of checking a presented token: its claims, or why it is refused (never the token itself). */
public sealed interface TokenCheck {

    /** A token signed by a current or previous key, not expired. */
    record Valid(TryTokenClaims claims) implements TokenCheck {
        public Valid {
            Objects.requireNonNull(claims, "claims");
        }
    }

    /** Missing, malformed, badly signed or expired. */
    record Invalid(String reason) implements TokenCheck {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

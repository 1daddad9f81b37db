package io.taskpod.kubernetes.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header (RFC 9110): delay-seconds, or an HTTP-date. */
public final class RetryAfterHeader {

    private RetryAfterHeader() {}

    /**
     * The wait the header asks for: its seconds, or the time from {@code now} to its date (zero when that has passed);
     * empty when there is no header or it is neither.
     */
    public static Optional<Duration> parse(Optional<String> value, Instant now) {
        return value.map(String::trim).filter(text -> !text.isEmpty()).flatMap(text -> {
            if (text.chars().allMatch(Character::isDigit)) {
                return text.length() > 9 ? Optional.of(Duration.ofSeconds(Integer.MAX_VALUE))
                        : Optional.of(Duration.ofSeconds(Long.parseLong(text)));
            }
            try {
                Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}

package io.taskpod.app.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Dates given on the command line: {@code 2025-01-31}, {@code 2025-01-31T06:00}, or with an offset; UTC when none. */
final class CliDates {

    private CliDates() {}

    static Instant parse(String option, String text) {
        String value = text.strip();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDateTime) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new UserError(option + " must be a date (2025-01-31) or a date and time (2025-01-31T06:00, "
                            + "2025-01-31T06:00:00+02:00; UTC when no offset is given), got '" + CliText.quote(text) + "'",
                            2);
                }
            }
        }
    }
}

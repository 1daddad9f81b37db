package io.taskpod.app.api;

import io.javalin.http.Context;
import java.util.Optional;

/** The query parameters of the API, checked: a bad value is a 400 naming the parameter and what it expects. */
final class ApiParameters {

    static final String MAP_INDEX = "map_index";
    static final String TRY_NUMBER = "try_number";
    static final String LIMIT = "limit";
    static final String OFFSET = "offset";
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 1000;

    private ApiParameters() {}

    /** {@code map_index}: -1 (an unmapped task instance, the default) or a map index. */
    static int mapIndex(Context ctx) {
        return integer(ctx, MAP_INDEX, -1, Integer.MAX_VALUE, "an integer >= -1 (-1 for an unmapped task)").orElse(-1);
    }

    /** {@code try_number}: a try, from 1; empty for the task instance's current try. */
    static Optional<Integer> tryNumber(Context ctx) {
        return integer(ctx, TRY_NUMBER, 1, Integer.MAX_VALUE, "an integer >= 1 (tries count from 1)");
    }

    /** {@code limit}: how many items to return, 1 to 1000, default 25. */
    static int limit(Context ctx) {
        return integer(ctx, LIMIT, 1, MAX_LIMIT, "an integer between 1 and " + MAX_LIMIT).orElse(DEFAULT_LIMIT);
    }

    /** {@code offset}: a byte offset into a log, from 0; empty when absent. */
    static Optional<Long> offset(Context ctx) {
        String text = ctx.queryParam(OFFSET);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value >= 0) {
                return Optional.of(value);
            }
        } catch (NumberFormatException notANumber) {
            // reported below, like a negative number
        }
        throw ApiError.badRequest(OFFSET, OFFSET + " must be an integer >= 0 (a byte offset into the log), got '"
                + ApiText.quote(text) + "'");
    }

    private static Optional<Integer> integer(Context ctx, String name, int min, int max, String expected) {
        String text = ctx.queryParam(name);
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return Optional.of(value);
            }
        } catch (NumberFormatException notANumber) {
            // reported below, like a number out of range
        }
        throw ApiError.badRequest(name, name + " must be " + expected + ", got '" + text + "'");
    }
}

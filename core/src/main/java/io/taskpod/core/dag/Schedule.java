package io.taskpod.core.dag;

/**
 * When a DAG runs by itself: never ({@link None}, triggered runs only), once, or on a cron expression
 * (presets such as {@code @daily} are turned into their cron form when parsed).
 */
public sealed interface Schedule {

    /** Only triggered runs. */
    record None() implements Schedule {}

    /** One scheduled run at the start date. */
    record Once() implements Schedule {}

    /**
     * A five-field cron expression; {@code text} is what the user wrote (e.g. {@code @daily}), {@code cron}
     * the expression evaluated.
     */
    record Cron(String text, String cron) implements Schedule {}
}

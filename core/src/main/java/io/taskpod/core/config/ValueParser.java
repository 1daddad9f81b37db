package io.taskpod.core.config;

/**
 * Turns a raw configuration string into a typed value. Throws {@link IllegalArgumentException} whose message
 * completes the sentence "expected …" when the value does not fit.
 */
@FunctionalInterface
public interface ValueParser<T> {
    T parse(String raw);
}

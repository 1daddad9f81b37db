package io.taskpod.core.config;

/** One line of {@code config list}: the value shown is already redacted. */
public record ConfigEntry(String section, String key, String shownValue, String origin, String description) {}

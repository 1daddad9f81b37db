package io.taskpod.kubernetes.config;

/** TCP keepalive on API connections: on/off, idle seconds before the first probe, seconds between probes, probes. */
public record TcpKeepalive(boolean enabled, int idleSeconds, int intervalSeconds, int count) {}

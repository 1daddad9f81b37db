package io.taskpod.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for servers a test stops and starts again on the same port (the test API server, a
 * restartable PostgreSQL). A port the kernel hands out for {@code bind(0)} lies in the ephemeral range, and while
 * its server is down, a client retrying its connection to {@code 127.0.0.1:port} can be given that very port as
 * its own local port (a TCP self-connect): the connection then holds the port and the server cannot bind it again
 * ({@code Address already in use}). Ports below the ephemeral range are never handed to clients, so these are picked
 * there.
 */
public final class RestartablePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default start of the ephemeral range, used when the range cannot be read. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32768;
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;

    private RestartablePorts() {}

    /** A loopback port that is free now and below the ephemeral range. */
    public static int freePort() {
        int high = ephemeralLow();
        if (high <= LOWEST) {
            throw new IllegalStateException("the ephemeral port range starts at " + high
                    + "; no room below it for a restartable server's port");
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, high);
            if (bindable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + high + " after " + ATTEMPTS
                + " attempts");
    }

    /**
     * The first port of the kernel's ephemeral range. Read line by line: {@code Files.readString} trusts the size
     * procfs reports for the file and returns only its first character.
     */
    static int ephemeralLow() {
        try {
            return Files.isReadable(EPHEMERAL_RANGE)
                    ? Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).getFirst().trim().split("\\s+")[0])
                    : DEFAULT_EPHEMERAL_LOW;
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

package io.taskpod.app.testing.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A "database" that every worker process is pointed at through the node's environment and that refuses every
 * connection, counting it: a worker that opened a database connection, or even tried to, shows up in
 * {@link #connections()}. Listens on a loopback port of its own.
 */
final class DatabaseTrap implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    DatabaseTrap() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofPlatform().daemon().name("database-trap").start(this::accept);
    }

    /** A JDBC URL of the trap. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/taskpod";
    }

    /** How many connections reached the trap. */
    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connections.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
            acceptor.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

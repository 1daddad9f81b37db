package io.taskpod.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class RestartablePortsTest {

    @Test
    void aPortIsFreeAndBelowTheEphemeralRangeSoNoClientCanBeGivenIt() throws Exception {
        int port = RestartablePorts.freePort();

        assertThat(port).isBetween(10_000, RestartablePorts.ephemeralLow() - 1);
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}

package io.taskpod.kubernetes.config;

import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * fabric8's default HTTP client (Vert.x) with {@code enable_tcp_keepalive} applied. Vert.x passes idle, interval
 * and count to the socket only on its native epoll transport, which fabric8 does not use: on the JDK transport only
 * SO_KEEPALIVE takes effect (see {@link KubernetesExecutorSettings#startupWarnings()}).
 */
final class KeepaliveVertxHttpClientFactory extends VertxHttpClientFactory {

    private final TcpKeepalive keepalive;

    KeepaliveVertxHttpClientFactory(TcpKeepalive keepalive) {
        this.keepalive = keepalive;
    }

    @Override
    protected void additionalConfig(WebClientOptions options) {
        options.setTcpKeepAlive(keepalive.enabled());
        if (keepalive.enabled()) {
            options.setTcpKeepAliveIdleSeconds(keepalive.idleSeconds());
            options.setTcpKeepAliveIntervalSeconds(keepalive.intervalSeconds());
            options.setTcpKeepAliveCount(keepalive.count());
        }
    }
}

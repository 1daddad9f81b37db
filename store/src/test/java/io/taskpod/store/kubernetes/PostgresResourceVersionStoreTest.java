package io.taskpod.store.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskpod.core.port.ResourceVersionStore;
import io.taskpod.store.StoreFixture;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostgresResourceVersionStoreTest {

    private final StoreFixture db = StoreFixture.create();
    private final ResourceVersionStore store =
            new PostgresResourceVersionStore(db.jdbc, Clock.fixed(StoreFixture.T0, ZoneOffset.UTC));

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void keepsTheLastVersionPerSchedulerAndNamespace() {
        assertThat(store.load("s1", "default")).isEmpty();

        store.save("s1", "default", "100");
        store.save("s1", "default", "105");
        store.save("s1", ResourceVersionStore.ALL_NAMESPACES, "7");
        store.save("s2", "default", "3");

        assertThat(store.load("s1", "default")).contains("105");
        assertThat(store.load("s1", ResourceVersionStore.ALL_NAMESPACES)).contains("7");
        assertThat(store.load("s2", "default")).contains("3");
        assertThat(store.load("s2", "other")).isEmpty();
    }
}

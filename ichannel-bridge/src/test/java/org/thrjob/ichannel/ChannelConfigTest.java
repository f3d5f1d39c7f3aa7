package org.thrjob.ichannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configuration's defaults (Redis's) and its range checks. */
class ChannelConfigTest {

    @Test
    void defaults_areRedisDefaultsOnLoopback() {
        ChannelConfig config = ChannelConfig.defaults();
        assertEquals("127.0.0.1", config.bindAddress());
        assertEquals(6380, config.port());
        assertEquals(10_000, config.maxClients());
        assertEquals(Duration.ZERO, config.idleTimeout());
        assertEquals(512L * 1024 * 1024, config.protoMaxBulkLen());
        assertEquals(0, config.outputHardLimit());
        assertEquals(0, config.outputSoftLimit());
    }

    @Test
    void builder_outOfRange_throwsNamingTheSettingAndValue() {
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> ChannelConfig.builder().port(70_000));
        assertTrue(port.getMessage().contains("port") && port.getMessage().contains("70000"), port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ChannelConfig.builder().maxClients(0));
        assertThrows(IllegalArgumentException.class, () -> ChannelConfig.builder().idleTimeout(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> ChannelConfig.builder().outputLimit(-1, 0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> ChannelConfig.builder().protoMaxBulkLen(ChannelConfig.MAX_PROTO_MAX_BULK_LEN + 1).build());
        assertThrows(IllegalArgumentException.class, () -> ChannelConfig.builder().bindAddress(" "));
        assertThrows(NullPointerException.class, () -> ChannelConfig.builder().idleTimeout(null));
    }
}

package org.thrjob.ichannel;

import java.nio.charset.StandardCharsets;
import redis.clients.jedis.commands.ProtocolCommand;

/** The test handler's commands that Jedis does not know, for {@code sendCommand}. */
enum Cmd implements ProtocolCommand {
    WECHO, HOLD, PARK, WHOAMI, TYPES, WATCHCLOSE, TIMES;

    @Override
    public byte[] getRaw() {
        return name().getBytes(StandardCharsets.US_ASCII);
    }
}

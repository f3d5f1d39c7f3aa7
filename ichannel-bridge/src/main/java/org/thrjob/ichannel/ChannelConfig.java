package org.thrjob.ichannel;

import java.time.Duration;
import org.thrjob.api.spi.Checks;

/**
 * How an event loop listens and what it allows each client, with Redis's defaults and names.
 *
 * <p><b>Thread-safety:</b> an immutable value; the {@link Builder} is not thread-safe.
 *
 * <p><b>Null and range:</b> the builder's setters throw {@link NullPointerException} for null and
 * {@link IllegalArgumentException} for values out of range, naming the setting and the value.
 *
 * @param bindAddress      the address to listen on ({@code bind}); default {@code 127.0.0.1}
 * @param port             the TCP port ({@code port}); 0 picks a free one; default 6380
 * @param maxClients       connections served at once ({@code maxclients}); default 10000
 * @param idleTimeout      idle clients are closed after it ({@code timeout}); zero (the default)
 *                         never closes them
 * @param outputHardLimit  a client whose pending reply bytes reach it is closed at once
 *                         ({@code client-output-buffer-limit normal <hard>}); 0 (default) = none
 * @param outputSoftLimit  a client whose pending reply bytes stay at or above it for longer than
 *                         {@code outputSoftTime} is closed; 0 (default) = none
 * @param outputSoftTime   how long the soft limit may be exceeded; default 0 s
 * @param protoMaxBulkLen  the largest bulk argument accepted ({@code proto-max-bulk-len});
 *                         default 512 MB
 */
public record ChannelConfig(String bindAddress, int port, int maxClients, Duration idleTimeout,
        long outputHardLimit, long outputSoftLimit, Duration outputSoftTime, long protoMaxBulkLen) {

    /** Redis's {@code proto-max-bulk-len} default: 512 MB. */
    public static final long DEFAULT_PROTO_MAX_BULK_LEN = 512L * 1024 * 1024;

    /** The largest {@code proto-max-bulk-len} a Java array can hold. */
    public static final long MAX_PROTO_MAX_BULK_LEN = Integer.MAX_VALUE - 16;

    /**
     * Checks the values; see {@link Builder} for the rules.
     *
     * @param bindAddress     see the class comment
     * @param port            see the class comment
     * @param maxClients      see the class comment
     * @param idleTimeout     see the class comment
     * @param outputHardLimit see the class comment
     * @param outputSoftLimit see the class comment
     * @param outputSoftTime  see the class comment
     * @param protoMaxBulkLen see the class comment
     */
    public ChannelConfig {
        Checks.notBlank(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535] but was " + port);
        }
        Checks.atLeast(maxClients, 1, "maxClients");
        Checks.notNegative(idleTimeout, "idleTimeout");
        Checks.atLeast(outputHardLimit, 0, "outputHardLimit");
        Checks.atLeast(outputSoftLimit, 0, "outputSoftLimit");
        Checks.notNegative(outputSoftTime, "outputSoftTime");
        Checks.atLeast(protoMaxBulkLen, 1, "protoMaxBulkLen");
        if (protoMaxBulkLen > MAX_PROTO_MAX_BULK_LEN) {
            throw new IllegalArgumentException("protoMaxBulkLen must be <= " + MAX_PROTO_MAX_BULK_LEN
                    + " (the largest Java array) but was " + protoMaxBulkLen);
        }
    }

    /**
     * The defaults: 127.0.0.1:6380, 10000 clients, no idle timeout, no output limit, 512 MB bulks.
     *
     * @return the default configuration
     */
    public static ChannelConfig defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link ChannelConfig}. Not thread-safe.
     */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = 6380;
        private int maxClients = 10_000;
        private Duration idleTimeout = Duration.ZERO;
        private long outputHardLimit;
        private long outputSoftLimit;
        private Duration outputSoftTime = Duration.ZERO;
        private long protoMaxBulkLen = DEFAULT_PROTO_MAX_BULK_LEN;

        private Builder() {
        }

        /**
         * Sets the address to listen on.
         *
         * @param address a host name or IP literal; not null, not blank
         * @return this builder
         */
        public Builder bindAddress(String address) {
            this.bindAddress = Checks.notBlank(address, "bindAddress");
            return this;
        }

        /**
         * Sets the port.
         *
         * @param port 0 to 65535; 0 picks a free port ({@link EventLoop#port()} tells which)
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535] but was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Sets how many connections are served at once; the next one is told
         * {@code -ERR max number of clients reached} and closed.
         *
         * @param maxClients at least 1
         * @return this builder
         */
        public Builder maxClients(int maxClients) {
            this.maxClients = Checks.atLeast(maxClients, 1, "maxClients");
            return this;
        }

        /**
         * Sets the idle timeout; a client with a request in progress is never idle.
         *
         * @param timeout not null, not negative; zero disables it
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Checks.notNegative(timeout, "idleTimeout");
            return this;
        }

        /**
         * Sets the output buffer limits, as {@code client-output-buffer-limit normal hard soft secs}.
         *
         * @param hardBytes a client is closed as soon as this many reply bytes wait; 0 = no limit
         * @param softBytes a client is closed when this many wait for longer than {@code softTime};
         *                  0 = no limit
         * @param softTime  not null, not negative
         * @return this builder
         */
        public Builder outputLimit(long hardBytes, long softBytes, Duration softTime) {
            this.outputHardLimit = Checks.atLeast(hardBytes, 0, "outputHardLimit");
            this.outputSoftLimit = Checks.atLeast(softBytes, 0, "outputSoftLimit");
            this.outputSoftTime = Checks.notNegative(softTime, "outputSoftTime");
            return this;
        }

        /**
         * Sets the largest bulk argument a request may carry.
         *
         * @param bytes 1 to {@link #MAX_PROTO_MAX_BULK_LEN}
         * @return this builder
         */
        public Builder protoMaxBulkLen(long bytes) {
            Checks.atLeast(bytes, 1, "protoMaxBulkLen");
            this.protoMaxBulkLen = bytes;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException if a value is out of range
         */
        public ChannelConfig build() {
            return new ChannelConfig(bindAddress, port, maxClients, idleTimeout, outputHardLimit,
                    outputSoftLimit, outputSoftTime, protoMaxBulkLen);
        }
    }
}

package org.thrjob.api;

import java.time.Duration;
import java.util.Optional;
import org.thrjob.api.spi.Checks;

/**
 * The configuration of a runtime. Immutable; built with {@link #builder()}, whose setters check
 * each value at once and say which value was wrong and why.
 *
 * <pre>{@code
 * Thr thr = Thr.create(ThrConfig.builder().name("indexer").parallelism(4).build());
 * }</pre>
 *
 * <p><b>Thread-safety:</b> a {@code ThrConfig} is immutable and may be shared; a {@link Builder}
 * is not thread-safe.
 */
public final class ThrConfig {

    /** The default capacity of each worker's deque: lib-common's 256 jobs. */
    public static final int DEFAULT_DEQUE_CAPACITY = 256;
    /** The default number of jobs a serial queue runs before it yields its worker. */
    public static final int DEFAULT_SERIAL_BATCH = 64;
    /** The default cap on spare workers started while others block. */
    public static final int DEFAULT_MAX_SPARE_WORKERS = 256;
    /** The default time an idle spare worker lives before it ends. */
    public static final Duration DEFAULT_SPARE_KEEP_ALIVE = Duration.ofSeconds(60);

    private static final ThrConfig DEFAULTS = builder().build();

    private final String name;
    private final int parallelism;
    private final int dequeCapacity;
    private final int serialBatch;
    private final int maxSpareWorkers;
    private final Duration spareKeepAlive;
    private final FailureHandler failureHandler;

    private ThrConfig(Builder builder) {
        this.name = builder.name;
        this.parallelism = builder.parallelism;
        this.dequeCapacity = builder.dequeCapacity;
        this.serialBatch = builder.serialBatch;
        this.maxSpareWorkers = builder.maxSpareWorkers;
        this.spareKeepAlive = builder.spareKeepAlive;
        this.failureHandler = builder.failureHandler;
    }

    /**
     * The default configuration: name {@code "thr"}, one worker per available processor, and the
     * {@code DEFAULT_*} constants.
     *
     * @return the defaults
     */
    public static ThrConfig defaults() {
        return DEFAULTS;
    }

    /**
     * Starts a configuration from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration's values, to change some of them.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.name = name;
        builder.parallelism = parallelism;
        builder.dequeCapacity = dequeCapacity;
        builder.serialBatch = serialBatch;
        builder.maxSpareWorkers = maxSpareWorkers;
        builder.spareKeepAlive = spareKeepAlive;
        builder.failureHandler = failureHandler;
        return builder;
    }

    /**
     * The runtime's name: thread names are {@code <name>-<provider>-worker-<n>}.
     *
     * @return the name, never blank
     */
    public String name() {
        return name;
    }

    /**
     * How many workers run jobs at once.
     *
     * @return at least 1
     */
    public int parallelism() {
        return parallelism;
    }

    /**
     * The capacity of each worker's deque; a job posted from a worker whose deque is full runs
     * inline.
     *
     * @return a power of two, at least 2
     */
    public int dequeCapacity() {
        return dequeCapacity;
    }

    /**
     * How many jobs a serial queue runs in a row before it yields its worker to other work.
     *
     * @return at least 1
     */
    public int serialBatch() {
        return serialBatch;
    }

    /**
     * The most spare workers alive at once, started to replace workers blocked in
     * {@link Thr#blocking} or waiting on a syn with nothing to run.
     *
     * @return zero or more
     */
    public int maxSpareWorkers() {
        return maxSpareWorkers;
    }

    /**
     * How long an idle spare worker lives before it ends.
     *
     * @return a positive duration
     */
    public Duration spareKeepAlive() {
        return spareKeepAlive;
    }

    /**
     * The handler of failed jobs, if one was set; otherwise the provider logs each failure through
     * slf4j.
     *
     * @return the handler, or empty for the provider's default
     */
    public Optional<FailureHandler> failureHandler() {
        return Optional.ofNullable(failureHandler);
    }

    @Override
    public String toString() {
        return "ThrConfig[name=" + name + ", parallelism=" + parallelism
                + ", dequeCapacity=" + dequeCapacity + ", serialBatch=" + serialBatch
                + ", maxSpareWorkers=" + maxSpareWorkers + ", spareKeepAlive=" + spareKeepAlive
                + ", failureHandler=" + (failureHandler == null ? "default" : failureHandler) + "]";
    }

    /**
     * Builds a {@link ThrConfig}. Each setter checks its value at once.
     *
     * <p><b>Thread-safety:</b> not thread-safe; confine a builder to one thread.
     */
    public static final class Builder {

        private String name = "thr";
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private int dequeCapacity = DEFAULT_DEQUE_CAPACITY;
        private int serialBatch = DEFAULT_SERIAL_BATCH;
        private int maxSpareWorkers = DEFAULT_MAX_SPARE_WORKERS;
        private Duration spareKeepAlive = DEFAULT_SPARE_KEEP_ALIVE;
        private FailureHandler failureHandler;

        private Builder() {
        }

        /**
         * Sets the runtime's name.
         *
         * @param name not null, not blank
         * @return this builder
         * @throws NullPointerException     if {@code name} is null
         * @throws IllegalArgumentException if {@code name} is blank
         */
        public Builder name(String name) {
            this.name = Checks.notBlank(name, "name");
            return this;
        }

        /**
         * Sets the number of workers.
         *
         * @param parallelism at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code parallelism} is less than 1
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = Checks.atLeast(parallelism, 1, "parallelism");
            return this;
        }

        /**
         * Sets each worker's deque capacity.
         *
         * @param dequeCapacity a power of two, at least 2
         * @return this builder
         * @throws IllegalArgumentException if {@code dequeCapacity} is not a power of two or is
         *                                  less than 2
         */
        public Builder dequeCapacity(int dequeCapacity) {
            this.dequeCapacity = Checks.powerOfTwo(dequeCapacity, 2, "dequeCapacity");
            return this;
        }

        /**
         * Sets how many jobs a serial queue runs in a row before yielding.
         *
         * @param serialBatch at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code serialBatch} is less than 1
         */
        public Builder serialBatch(int serialBatch) {
            this.serialBatch = Checks.atLeast(serialBatch, 1, "serialBatch");
            return this;
        }

        /**
         * Sets the cap on spare workers.
         *
         * @param maxSpareWorkers zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code maxSpareWorkers} is negative
         */
        public Builder maxSpareWorkers(int maxSpareWorkers) {
            this.maxSpareWorkers = Checks.atLeast(maxSpareWorkers, 0, "maxSpareWorkers");
            return this;
        }

        /**
         * Sets how long an idle spare worker lives.
         *
         * @param spareKeepAlive positive
         * @return this builder
         * @throws NullPointerException     if {@code spareKeepAlive} is null
         * @throws IllegalArgumentException if {@code spareKeepAlive} is zero or negative
         */
        public Builder spareKeepAlive(Duration spareKeepAlive) {
            Checks.notNull(spareKeepAlive, "spareKeepAlive");
            if (spareKeepAlive.isNegative() || spareKeepAlive.isZero()) {
                throw new IllegalArgumentException(
                        "spareKeepAlive must be > 0 but was " + spareKeepAlive);
            }
            this.spareKeepAlive = spareKeepAlive;
            return this;
        }

        /**
         * Sets the handler of failed jobs.
         *
         * @param failureHandler the handler, or null for the provider's default (an slf4j error)
         * @return this builder
         */
        public Builder failureHandler(FailureHandler failureHandler) {
            this.failureHandler = failureHandler;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return an immutable configuration
         */
        public ThrConfig build() {
            return new ThrConfig(this);
        }
    }
}

/**
 * thr-job's usage patterns, written against thrjob's API, and a demo that runs them all.
 *
 * <p>The module needs nothing but {@code org.thrjob.api}: the provider is found at run time through
 * {@link java.util.ServiceLoader} (put {@code org.thrjob.forkjoin} on the module path, or choose
 * one with {@code -Dthr.provider=NAME}). Run the demo with the {@code run} script at the root of the
 * repository, or {@code java --module-path ... -m org.thrjob.examples/org.thrjob.examples.Demo}.
 */
module org.thrjob.examples {
    // Transitive: the examples' public methods take a Thr.
    requires transitive org.thrjob.api;

    exports org.thrjob.examples;
}

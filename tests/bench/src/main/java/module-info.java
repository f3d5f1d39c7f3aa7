/**
 * thrjob's JMH benchmarks, each beside the JDK baseline it must beat; see
 * {@code docs/BENCHMARKS.md} for the command and how to read the numbers.
 *
 * <p>The benchmarks see only the API: the provider is found by {@code Thr.create()} through
 * {@link java.util.ServiceLoader}, as an application finds it. JMH's annotation processor writes
 * its classes into the {@code org.thrjob.bench.jmh_generated} package of this same module.
 * {@code benchmarks.jar} runs on the class path, where this descriptor does not apply: it is
 * here so that the compiler checks the benchmarks reach nothing but the API.
 */
module org.thrjob.bench {
    requires org.thrjob.api;
    requires org.thrjob.bio;
    requires org.thrjob.blocking;
    requires org.thrjob.ichannel;
    requires java.management;
    requires jmh.core;
}

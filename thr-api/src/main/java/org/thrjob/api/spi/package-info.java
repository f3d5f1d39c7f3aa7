/**
 * The service provider interface: what a thrjob implementation provides ({@link
 * org.thrjob.api.spi.ThrProvider}) and the helpers every provider shares ({@link
 * org.thrjob.api.spi.Checks}).
 *
 * <p>Applications never need this package. A third-party provider implements
 * {@code ThrProvider}, declares it with {@code provides} in its module descriptor and
 * {@code META-INF/services} on the class path, and runs the TCK ({@code tests/tck/README.md}).
 */
package org.thrjob.api.spi;

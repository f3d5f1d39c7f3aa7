package org.thrjob.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.ThrProvider;

/**
 * SPEC rules 1.1 and 1.2: the provider under test is found the way applications find it, through
 * {@link ServiceLoader} by its {@code name()}, and {@code Thr.create} with no switch set chooses
 * the provider of highest {@code priority()} among those found.
 *
 * <p>Which providers share the class path, and so which one wins, is the test module's choice:
 * these tests compare with what {@link ServiceLoader} finds, never with a provider's name.
 *
 * <p><b>Thread-safety:</b> JUnit runs one test of an instance at a time.
 */
public abstract class ProviderLookupTck extends ThrTck {

    /** For providers' test classes. */
    protected ProviderLookupTck() {
    }

    /**
     * SPEC rule 1.1: {@link ServiceLoader} lists a provider with the {@code name()} of the provider
     * under test, so that the {@code thr.provider} switch can select it.
     *
     * <p>If this fails: the provider's jar lacks its
     * {@code META-INF/services/org.thrjob.api.spi.ThrProvider} entry or its module's
     * {@code provides} clause.
     */
    @Test
    public void required_r1_1_serviceLoaderFindsTheProviderByName() {
        List<String> names = ServiceLoader.load(ThrProvider.class).stream()
                .map(provider -> provider.get().name())
                .toList();
        assertTrue(names.contains(provider().name()), "providers found: " + names);
    }

    /**
     * SPEC rule 1.2: with neither {@code thr.provider} nor {@code THR_PROVIDER} set,
     * {@code Thr.create} returns a runtime of the provider of highest {@code priority()} that
     * {@link ServiceLoader} finds, with the configured name and parallelism. Skipped when a switch
     * is set in the environment of the test.
     *
     * <p>If this fails: the provider's {@code create} does not honour the configuration, or its
     * runtime reports another {@code providerName()} than its provider's {@code name()}.
     */
    @Test
    public void required_r1_2_createWithNoSwitchChoosesTheHighestPriority() {
        String property = System.getProperty("thr.provider");
        String environment = System.getenv("THR_PROVIDER");
        Assumptions.assumeTrue(
                (property == null || property.isBlank()) && (environment == null || environment.isBlank()),
                "a provider switch is set in this environment");
        ThrProvider highest = ServiceLoader.load(ThrProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .max(Comparator.comparingInt(ThrProvider::priority))
                .orElseThrow(() -> new AssertionError("ServiceLoader finds no ThrProvider"));
        String name = config().build().name();
        try (Thr thr = Thr.create(config().name(name).parallelism(1).build())) {
            assertEquals(highest.name(), thr.providerName(), "the provider Thr.create chose");
            assertEquals(name, thr.name());
            assertEquals(1, thr.parallelism());
        }
    }
}

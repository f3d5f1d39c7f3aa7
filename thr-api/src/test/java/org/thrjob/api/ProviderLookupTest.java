package org.thrjob.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;
import org.thrjob.api.ProviderLookup.Found;
import org.thrjob.api.ProviderLookup.Request;
import org.thrjob.api.spi.ThrProvider;

class ProviderLookupTest {

    private static final String ARTIFACTS = "org.thrjob:thr-impl-forkjoin";

    /** A provider that only answers the lookup's questions. */
    static class Alpha implements ThrProvider {
        private final String name;
        private final int priority;

        Alpha(String name, int priority) {
            this.name = name;
            this.priority = priority;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Thr create(ThrConfig config) {
            throw new UnsupportedOperationException("lookup tests never create a runtime");
        }
    }

    /** A second class, so that messages naming both classes can be told apart. */
    static final class Beta extends Alpha {
        Beta(String name, int priority) {
            super(name, priority);
        }
    }

    private static Found found(ThrProvider... providers) {
        return new Found(List.of(providers), List.of());
    }

    private static ProviderLookupException fails(Request request, Found found) {
        return assertThrows(ProviderLookupException.class, () -> ProviderLookup.choose(request, found));
    }

    @Test
    void choose_noName_takesTheHighestPriority() {
        Alpha low = new Alpha("low", 100);
        Beta high = new Beta("high", 200);

        assertSame(high, ProviderLookup.choose(null, found(low, high)));
    }

    @Test
    void choose_byName_winsOverPriority() {
        Alpha low = new Alpha("low", 100);
        Beta high = new Beta("high", 200);

        assertSame(low, ProviderLookup.choose(new Request("low", "-Dthr.provider"), found(low, high)));
    }

    @Test
    void choose_byClassName_selectsThatClass() {
        Alpha alpha = new Alpha("alpha", 100);
        Beta beta = new Beta("beta", 200);

        assertSame(alpha, ProviderLookup.choose(
                new Request(Alpha.class.getName(), "environment variable THR_PROVIDER"), found(alpha, beta)));
    }

    @Test
    void choose_unknownName_listsNamesArtifactsAndTheSwitch() {
        ProviderLookupException e = fails(new Request("nope", "-Dthr.provider"),
                found(new Alpha("alpha", 100), new Beta("beta", 200)));

        String message = e.getMessage();
        assertTrue(message.contains("'nope'"), message);
        assertTrue(message.contains("asked by -Dthr.provider"), message);
        assertTrue(message.contains("'alpha'") && message.contains("'beta'"), message);
        assertTrue(message.contains(ARTIFACTS), message);
        assertTrue(message.endsWith("See docs/PROVIDERS.md#unknown-provider"), message);
    }

    @Test
    void choose_unknownNameFromEnvironment_namesTheEnvironmentVariable() {
        ProviderLookupException e = fails(new Request("nope", "environment variable THR_PROVIDER"),
                found());

        assertTrue(e.getMessage().contains("environment variable THR_PROVIDER"), e.getMessage());
        assertTrue(e.getMessage().contains("Found: none"), e.getMessage());
    }

    @Test
    void choose_tieAtTopPriority_namesBothAndWhereTheyCameFrom() {
        Alpha alpha = new Alpha("alpha", 300);
        Beta beta = new Beta("beta", 300);

        ProviderLookupException e = fails(null, found(new Alpha("low", 1), alpha, beta));

        String message = e.getMessage();
        assertTrue(message.contains("'alpha' (" + ProviderLookup.where(alpha) + ")"), message);
        assertTrue(message.contains("'beta' (" + ProviderLookup.where(beta) + ")"), message);
        assertTrue(message.contains("-Dthr.provider=NAME") && message.contains("THR_PROVIDER=NAME"), message);
        assertTrue(message.endsWith("See docs/PROVIDERS.md#priority-tie"), message);
    }

    @Test
    void choose_tieBelowTheTop_isNoError() {
        Beta top = new Beta("top", 300);

        assertSame(top, ProviderLookup.choose(null, found(new Alpha("a", 1), new Alpha("b", 1), top)));
    }

    @Test
    void choose_duplicateNames_namesBothClasses() {
        ProviderLookupException e = fails(null, found(new Alpha("same", 1), new Beta("same", 2)));

        String message = e.getMessage();
        assertTrue(message.contains("'same'"), message);
        assertTrue(message.contains(Alpha.class.getName()) && message.contains(Beta.class.getName()), message);
        assertTrue(message.endsWith("See docs/PROVIDERS.md#duplicate-name"), message);
    }

    @Test
    void choose_duplicateNames_failEvenWhenAskedByName() {
        fails(new Request("same", "-Dthr.provider"), found(new Alpha("same", 1), new Beta("same", 2)));
    }

    @Test
    void choose_noneFound_namesTheArtifacts() {
        ProviderLookupException e = fails(null, found());

        assertTrue(e.getMessage().contains(ARTIFACTS), e.getMessage());
        assertTrue(e.getMessage().contains("org.thrjob:thr-impl-threads"), e.getMessage());
        assertTrue(e.getMessage().endsWith("See docs/PROVIDERS.md#no-provider"), e.getMessage());
    }

    @Test
    void choose_brokenProvider_doesNotHideTheOthers() {
        Alpha alpha = new Alpha("alpha", 100);
        Found found = new Found(List.of(alpha),
                List.of(new ServiceConfigurationError("org.example.Broken: not found")));

        assertSame(alpha, ProviderLookup.choose(null, found));
    }

    @Test
    void choose_brokenProviders_areListedAndSuppressed() {
        ServiceConfigurationError broken = new ServiceConfigurationError("org.example.Broken: not found");
        Found found = new Found(List.of(new Alpha("alpha", 1)), List.of(broken));

        ProviderLookupException e = fails(new Request("nope", "-Dthr.provider"), found);

        assertTrue(e.getMessage().contains("org.example.Broken: not found"), e.getMessage());
        assertEquals(List.of(broken), List.of(e.getSuppressed()));
        assertTrue(e.getMessage().endsWith("See docs/PROVIDERS.md#unknown-provider"), e.getMessage());
    }

    @Test
    void choose_onlyBrokenProviders_saysNoneLoadedAndWhy() {
        ServiceConfigurationError broken = new ServiceConfigurationError("org.example.Broken: boom");

        ProviderLookupException e = fails(null, new Found(List.of(), List.of(broken)));

        assertTrue(e.getMessage().contains("org.example.Broken: boom"), e.getMessage());
        assertEquals(List.of(broken), List.of(e.getSuppressed()));
    }

    @Test
    void choose_tieWithBrokenProvider_listsItToo() {
        ServiceConfigurationError broken = new ServiceConfigurationError("org.example.Broken: boom");
        Found found = new Found(List.of(new Alpha("a", 5), new Beta("b", 5)), List.of(broken));

        ProviderLookupException e = fails(null, found);

        assertTrue(e.getMessage().contains("org.example.Broken: boom"), e.getMessage());
        assertTrue(e.getMessage().endsWith("See docs/PROVIDERS.md#priority-tie"), e.getMessage());
    }

    @Test
    void where_classPathProvider_namesItsLocation() {
        String where = ProviderLookup.where(new Alpha("alpha", 1));

        assertTrue(where.contains("test-classes"), where);
    }

    @Test
    void load_brokenServiceEntry_isReportedBesideTheGoodOne() {
        // src/test/resources lists LoadableProvider and a class that does not exist.
        Found found = ProviderLookup.load();

        assertEquals(List.of("loadable"), found.providers().stream().map(ThrProvider::name).toList());
        assertEquals(1, found.broken().size(), found.broken().toString());
        assertTrue(found.broken().get(0).getMessage().contains("org.thrjob.api.NoSuchProvider"),
                found.broken().get(0).getMessage());
    }

    @Test
    void create_nullConfig_throwsNpe() {
        assertThrows(NullPointerException.class, () -> Thr.create(null));
    }
}

package org.thrjob.api;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.thrjob.api.spi.Checks;
import org.thrjob.api.spi.ThrProvider;

/**
 * Chooses a provider for {@link Thr#create(ThrConfig)}: the three rules of DESIGN.md, with error
 * messages that say what was found and what to do (SPEC rules 1.1 to 1.4).
 */
final class ProviderLookup {

    static final String PROPERTY = "thr.provider";
    static final String ENVIRONMENT = "THR_PROVIDER";
    private static final String DOCS = "docs/PROVIDERS.md#";
    private static final String ARTIFACTS =
            "org.thrjob:thr-impl-forkjoin (provider 'forkjoin') or org.thrjob:thr-impl-threads (provider 'threads')";

    private ProviderLookup() {
    }

    static Thr create(ThrConfig config) {
        Checks.notNull(config, "config");
        Found found = load();
        ThrProvider provider = choose(requestedName(), found);
        if (!found.broken.isEmpty()) {
            // thr-api has no logging dependency: the JDK's System.Logger reaches whatever the
            // application routes it to (slf4j included, through its jdk-platform-logging bridge).
            System.getLogger(ProviderLookup.class.getName()).log(System.Logger.Level.WARNING,
                    "thrjob chose provider '" + provider.name() + "';" + found.brokenReport()
                    + " See " + DOCS + "broken-provider");
        }
        Thr thr = provider.create(config);
        if (thr == null) {
            throw new ProviderLookupException("thrjob provider '" + provider.name() + "' ("
                    + where(provider) + ") returned null from create(); report it to its authors");
        }
        return thr;
    }

    /** The provider named by {@code -Dthr.provider}, else {@code THR_PROVIDER}, else null. */
    private static Request requestedName() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return new Request(property.trim(), "-D" + PROPERTY);
        }
        String environment = System.getenv(ENVIRONMENT);
        if (environment != null && !environment.isBlank()) {
            return new Request(environment.trim(), "environment variable " + ENVIRONMENT);
        }
        return null;
    }

    /** Every provider that loads, and the errors of those that don't: one never hides the others. */
    static Found load() {
        List<ThrProvider> providers = new ArrayList<>();
        List<ServiceConfigurationError> broken = new ArrayList<>();
        Iterator<ThrProvider> iterator = ServiceLoader.load(ThrProvider.class).iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    break;
                }
                providers.add(iterator.next());
            } catch (ServiceConfigurationError error) {
                broken.add(error);
                if (broken.size() > 100) {
                    break; // a provider file that fails forever must not hang the lookup
                }
            }
        }
        return new Found(providers, broken);
    }

    static ThrProvider choose(Request request, Found found) {
        rejectDuplicateNames(found);
        if (request != null) {
            return byName(request, found);
        }
        if (found.providers.isEmpty()) {
            throw failure("No thrjob provider was found on the module path or the class path. Add "
                    + ARTIFACTS + ".", "no-provider", found);
        }
        List<ThrProvider> sorted = new ArrayList<>(found.providers);
        sorted.sort(Comparator.comparingInt(ThrProvider::priority).reversed());
        ThrProvider best = sorted.get(0);
        if (sorted.size() > 1 && sorted.get(1).priority() == best.priority()) {
            ThrProvider other = sorted.get(1);
            throw failure("Two thrjob providers tie for the highest priority " + best.priority()
                    + ": '" + best.name() + "' (" + where(best) + ") and '" + other.name() + "' ("
                    + where(other) + "). Choose one with -D" + PROPERTY + "=NAME or "
                    + ENVIRONMENT + "=NAME, or remove one from the path.", "priority-tie", found);
        }
        return best;
    }

    private static ThrProvider byName(Request request, Found found) {
        for (ThrProvider provider : found.providers) {
            if (provider.name().equals(request.name)
                    || provider.getClass().getName().equals(request.name)) {
                return provider;
            }
        }
        throw failure("No thrjob provider named '" + request.name + "' (asked by " + request.source
                + "). Found: " + found.names() + ". Add the artifact that provides it ("
                + ARTIFACTS + "), or change or unset " + request.source + ".", "unknown-provider", found);
    }

    private static void rejectDuplicateNames(Found found) {
        Map<String, ThrProvider> byName = new TreeMap<>();
        for (ThrProvider provider : found.providers) {
            ThrProvider first = byName.putIfAbsent(provider.name(), provider);
            if (first != null) {
                throw failure("Two thrjob providers share the name '" + provider.name() + "': "
                        + first.getClass().getName() + " (" + where(first) + ") and "
                        + provider.getClass().getName() + " (" + where(provider)
                        + "). Remove one of them from the path.", "duplicate-name", found);
            }
        }
    }

    /** Every failure lists the providers that failed to load: one may be the one wanted. */
    private static ProviderLookupException failure(String message, String anchor, Found found) {
        ProviderLookupException exception = new ProviderLookupException(
                message + found.brokenReport() + " See " + DOCS + anchor);
        found.broken.forEach(exception::addSuppressed);
        return exception;
    }

    /** The module, else the jar or directory, a provider was loaded from. */
    static String where(ThrProvider provider) {
        Module module = provider.getClass().getModule();
        CodeSource source = provider.getClass().getProtectionDomain().getCodeSource();
        String location = source == null || source.getLocation() == null
                ? "unknown location" : source.getLocation().toString();
        return module.isNamed() ? "module " + module.getName() + ", " + location : location;
    }

    record Request(String name, String source) {
    }

    record Found(List<ThrProvider> providers, List<ServiceConfigurationError> broken) {

        String names() {
            if (providers.isEmpty()) {
                return "none";
            }
            return providers.stream()
                    .map(p -> "'" + p.name() + "' (" + where(p) + ")")
                    .collect(Collectors.joining(", "));
        }

        String brokenReport() {
            if (broken.isEmpty()) {
                return "";
            }
            return " Providers that failed to load: " + broken.stream()
                    .map(ServiceConfigurationError::getMessage)
                    .collect(Collectors.joining("; ")) + ".";
        }
    }
}

package org.thrjob.api;

/**
 * Thrown by {@link Thr#create()} when no provider can be chosen: none found, the requested one is
 * missing, two share a name, or two tie for the highest priority.
 *
 * <p>The message says what was found, what to add or set ({@code thr.provider},
 * {@code THR_PROVIDER}, an artifact), and ends with the {@code docs/PROVIDERS.md} anchor that
 * explains the case. Providers that failed to load are listed with their error and attached as
 * suppressed exceptions, without hiding the ones that loaded.
 *
 * <p><b>Thread-safety:</b> an exception instance is immutable once thrown.
 */
public class ProviderLookupException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong and what to do
     */
    public ProviderLookupException(String message) {
        super(message);
    }
}

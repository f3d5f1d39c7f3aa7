package org.thrjob.server;

/**
 * A bad option: its message names the option and the value and says what is accepted. The
 * launcher prints it and exits with status 1.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong and what to do
     */
    public ConfigException(String message) {
        super(message);
    }
}

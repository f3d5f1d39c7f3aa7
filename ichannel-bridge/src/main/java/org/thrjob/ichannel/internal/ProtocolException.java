package org.thrjob.ichannel.internal;

/**
 * Bad input from a client: its message is Redis's text, without the {@code ERR } code, e.g.
 * {@code "Protocol error: invalid bulk length"}. Control flow for the parser only, so it carries no
 * stack trace.
 */
final class ProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message, null, false, false);
    }
}

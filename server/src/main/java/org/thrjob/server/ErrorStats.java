package org.thrjob.server;

import java.util.Map;
import java.util.TreeMap;

/**
 * Redis 7's error statistics ({@code afterErrorReply}): every error reply a client receives
 * counts in {@code total_error_replies} and, by its code (the first word: {@code ERR},
 * {@code WRONGTYPE}, {@code NOAUTH}...), in {@code INFO errorstats}. Errors a module's
 * {@code call} collects are counted only if the module replies them. Like Redis, past 128
 * distinct codes new codes are no longer tracked one by one (a client could make up any).
 *
 * <p><b>Thread-safety:</b> the main thread only.
 */
final class ErrorStats {

    /** Redis's ERROR_STATS_NUMBER. */
    private static final int MAX_CODES = 128;

    private final Map<String, Long> byCode = new TreeMap<>();
    private long total;

    /**
     * Counts an error reply.
     *
     * @param message the message, its code first, with or without the leading {@code -}
     */
    void count(String message) {
        total++;
        String m = message.startsWith("-") ? message.substring(1) : message;
        int space = m.indexOf(' ');
        // Redis looks for the space in the first 32 bytes (with the '-'); without one it is ERR
        String code = space > 0 && space < 31 ? m.substring(0, space) : "ERR";
        if (byCode.containsKey(code) || byCode.size() < MAX_CODES) {
            byCode.merge(code, 1L, Long::sum);
        }
    }

    /** CONFIG RESETSTAT. */
    void reset() {
        total = 0;
        byCode.clear();
    }

    long total() {
        return total;
    }

    /** The counts by code, sorted. */
    Map<String, Long> byCode() {
        return byCode;
    }
}

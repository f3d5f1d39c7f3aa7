package org.thrjob.server;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Argument parsing as Redis does it ({@code string2ll}, {@code strtold}), and Redis's error texts.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class Args {

    static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    static final String SYNTAX = "ERR syntax error";
    static final String DB_RANGE = "ERR DB index is out of range";
    static final String OVERFLOW = "ERR increment or decrement would overflow";
    static final String NOT_POSITIVE = "ERR value is out of range, must be positive";

    private Args() {
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static String upper(byte[] bytes) {
        return text(bytes).toUpperCase(Locale.ROOT);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    /** A strict 64-bit integer as Redis's {@code string2ll} reads it, or null. */
    static Long parseLong(byte[] b) {
        int n = b.length;
        if (n == 0 || n > 20) {
            return null;
        }
        if (n == 1 && b[0] == '0') {
            return 0L;
        }
        int i = 0;
        boolean negative = b[0] == '-';
        if (negative) {
            i = 1;
            if (n == 1) {
                return null;
            }
        }
        if (b[i] < '1' || b[i] > '9') {
            return null;
        }
        long v = 0;
        for (; i < n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            // accumulate negatively so that Long.MIN_VALUE fits
            if (v < (Long.MIN_VALUE + d) / 10) {
                return null;
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return null;
            }
            v = -v;
        }
        return v;
    }

    /** A finite double, or null. */
    static Double parseDouble(byte[] b) {
        String s = text(b);
        if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isNaN(d) ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean is(byte[] arg, String upperName) {
        if (arg.length != upperName.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int c = arg[i];
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != upperName.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}

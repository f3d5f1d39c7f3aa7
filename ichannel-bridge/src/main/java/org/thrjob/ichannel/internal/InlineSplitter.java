package org.thrjob.ichannel.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an inline request line into arguments as Redis's {@code sdssplitargs} does: blanks
 * separate arguments; {@code "..."} takes the escapes {@code \n \r \t \b \a \xHH} and {@code \\c};
 * {@code '...'} takes {@code \'} only; a closing quote must be followed by a blank or the end.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class InlineSplitter {

    private InlineSplitter() {
    }

    /**
     * Splits {@code line[from, to)}.
     *
     * @return the arguments, empty for a blank line, or null for unbalanced quotes
     */
    static List<byte[]> split(byte[] line, int from, int to) {
        // sdssplitargs reads a C string: a NUL ends the line, whatever follows it.
        for (int i = from; i < to; i++) {
            if (line[i] == 0) {
                to = i;
                break;
            }
        }
        if (noQuotes(line, from, to)) {
            return splitPlain(line, from, to);
        }
        List<byte[]> args = new ArrayList<>();
        int p = from;
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        while (true) {
            while (p < to && isSpace(line[p])) {
                p++;
            }
            if (p >= to) {
                return args;
            }
            boolean inq = false;
            boolean insq = false;
            boolean done = false;
            current.reset();
            while (!done) {
                if (inq) {
                    if (p >= to) {
                        return null;
                    }
                    byte c = line[p];
                    if (c == '\\' && p + 3 < to && line[p + 1] == 'x'
                            && isHex(line[p + 2]) && isHex(line[p + 3])) {
                        current.write(hex(line[p + 2]) * 16 + hex(line[p + 3]));
                        p += 3;
                    } else if (c == '\\' && p + 1 < to) {
                        p++;
                        byte e = line[p];
                        switch (e) {
                            case 'n' -> current.write('\n');
                            case 'r' -> current.write('\r');
                            case 't' -> current.write('\t');
                            case 'b' -> current.write('\b');
                            case 'a' -> current.write(7);
                            default -> current.write(e);
                        }
                    } else if (c == '"') {
                        // The closing quote must be followed by a blank or the end.
                        if (p + 1 < to && !isSpace(line[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.write(c);
                    }
                } else if (insq) {
                    if (p >= to) {
                        return null;
                    }
                    byte c = line[p];
                    if (c == '\\' && p + 1 < to && line[p + 1] == '\'') {
                        p++;
                        current.write('\'');
                    } else if (c == '\'') {
                        if (p + 1 < to && !isSpace(line[p + 1])) {
                            return null;
                        }
                        done = true;
                    } else {
                        current.write(c);
                    }
                } else {
                    if (p >= to) {
                        done = true;
                        break;
                    }
                    byte c = line[p];
                    switch (c) {
                        case ' ', '\n', '\r', '\t', 0 -> done = true;
                        case '"' -> inq = true;
                        case '\'' -> insq = true;
                        default -> current.write(c);
                    }
                }
                if (p < to) {
                    p++;
                }
            }
            args.add(current.toByteArray());
        }
    }

    private static boolean noQuotes(byte[] line, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == '"' || line[i] == '\'') {
                return false;
            }
        }
        return true;
    }

    /**
     * The common case (PING, GET key): no quote, so no escape either; arguments are the runs of
     * bytes between separators. Redis's unquoted state ends an argument at space, CR, LF, tab and
     * NUL, while the skip between arguments also skips VT and FF: both are kept here.
     */
    private static List<byte[]> splitPlain(byte[] line, int from, int to) {
        List<byte[]> args = new ArrayList<>(4);
        int p = from;
        while (true) {
            while (p < to && isSpace(line[p])) {
                p++;
            }
            if (p >= to) {
                return args;
            }
            int start = p;
            while (p < to && !endsUnquoted(line[p])) {
                p++;
            }
            args.add(java.util.Arrays.copyOfRange(line, start, p));
            if (p < to) {
                p++;
            }
        }
    }

    private static boolean endsUnquoted(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(byte c) {
        if (c <= '9') {
            return c - '0';
        }
        return (c | 0x20) - 'a' + 10;
    }
}

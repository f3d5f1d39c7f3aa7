package org.thrjob.server;

/**
 * Redis's glob matching ({@code stringmatchlen}) for KEYS, SCAN MATCH and CONFIG GET: {@code *},
 * {@code ?}, {@code [abc]}, {@code [^a-z]} and {@code \} escapes, on bytes.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class Glob {

    private Glob() {
    }

    static boolean matches(byte[] pattern, byte[] string) {
        return match(pattern, 0, string, 0, false);
    }

    private static int lower(int c, boolean nocase) {
        return nocase && c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    @SuppressWarnings("fallthrough") // an escaped byte goes on as a plain one, as in Redis
    static boolean match(byte[] p, int pi, byte[] s, int si, boolean nocase) {
        while (pi < p.length) {
            switch (p[pi]) {
                case '*':
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int k = si; k <= s.length; k++) {
                        if (match(p, pi + 1, s, k, nocase)) {
                            return true;
                        }
                    }
                    return false;
                case '?':
                    if (si >= s.length) {
                        return false;
                    }
                    si++;
                    break;
                case '[': {
                    if (si >= s.length) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean found = false;
                    int c = lower(s[si] & 0xff, nocase);
                    while (pi < p.length && p[pi] != ']') {
                        if (p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            found |= lower(p[pi] & 0xff, nocase) == c;
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int a = lower(p[pi] & 0xff, nocase);
                            int b = lower(p[pi + 2] & 0xff, nocase);
                            found |= Math.min(a, b) <= c && c <= Math.max(a, b);
                            pi += 2;
                        } else {
                            found |= lower(p[pi] & 0xff, nocase) == c;
                        }
                        pi++;
                    }
                    if (found == not) {
                        return false;
                    }
                    si++;
                    break;
                }
                case '\\':
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    // fall through: the escaped byte matches itself
                default:
                    if (si >= s.length || lower(p[pi] & 0xff, nocase) != lower(s[si] & 0xff, nocase)) {
                        return false;
                    }
                    si++;
                    break;
            }
            pi++;
        }
        return si == s.length;
    }
}

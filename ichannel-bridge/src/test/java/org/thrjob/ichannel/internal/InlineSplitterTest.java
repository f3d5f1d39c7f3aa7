package org.thrjob.ichannel.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inline splitting as Redis's sdssplitargs splits. */
class InlineSplitterTest {

    private static List<String> split(String line) {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
        List<byte[]> args = InlineSplitter.split(b, 0, b.length);
        return args == null ? null : args.stream().map(a -> new String(a, StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void split_plainAndQuoted_asSdssplitargs() {
        assertEquals(List.of("SET", "k", "v"), split("SET k v"));
        assertEquals(List.of("a", "b"), split(" \t a \u000b\f b  "));
        assertEquals(List.of(), split("   "));
        assertEquals(List.of("hello world", "x"), split("\"hello world\" x"));
        assertEquals(List.of("foobar baz"), split("foo\"bar baz\""));
        assertEquals(List.of("it's"), split("'it\\'s'"));
        assertEquals(List.of("a\\nb"), split("'a\\nb'"));
        assertEquals(List.of("A\n\r\t\b\u0007\"q"), split("\"\\x41\\n\\r\\t\\b\\a\\\"q\""));
        assertEquals(List.of("xZZ"), split("\"\\xZZ\""), "\\x without two hex digits is a plain escape");
    }

    @Test
    void split_nul_endsTheLine() {
        assertEquals(List.of("PING"), split("PING\0 ignored"));
        assertNull(split("PING \"x\0\""), "the closing quote after the NUL is not seen");
    }

    @Test
    void split_unbalanced_isNull() {
        assertNull(split("\"open"));
        assertNull(split("'open"));
        assertNull(split("\"a\"b"));
        assertNull(split("'a'b"));
    }
}

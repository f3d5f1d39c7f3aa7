package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lazy expiry on lookup, with the clock read by the lookup itself or given by the caller. */
class DatabaseTest {

    private final List<String> expired = new ArrayList<>();
    private final Database db = new Database((d, key) -> expired.add(text(key)));

    private static Key key(String name) {
        return new Key(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Key key) {
        return new String(key.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void lookup_keysWithAndWithoutExpiry_onlyThePastOneIsDeletedAndReported() {
        byte[] value = {1};
        for (String name : List.of("plain", "past", "future")) {
            db.dict.put(key(name), value);
        }
        long now = KeyStore.now();
        db.expire(key("past"), now - 1);
        db.expire(key("future"), now + 3_600_000);

        assertArrayEquals(value, (byte[]) db.lookup(key("plain")));
        assertArrayEquals(value, (byte[]) db.lookup(key("future")));
        assertNull(db.lookup(key("past")), "an expired key is not returned");
        assertEquals(List.of("past"), expired);
        assertEquals(2, db.dict.size(), "and it is deleted");
        assertNull(db.expires.get(key("past")));
        assertNull(db.lookup(key("missing")));
        assertEquals(List.of("past"), expired, "reported once");
    }

    @Test
    void lookup_atAGivenTime_judgesByThatTime() {
        db.dict.put(key("k"), new byte[] {2});
        db.expire(key("k"), 1_000);
        assertArrayEquals(new byte[] {2}, (byte[]) db.lookup(key("k"), 999), "not yet due at 999");
        assertNull(db.lookup(key("k"), 1_000), "due at its time");
        assertEquals(List.of("k"), expired);
    }
}

package org.thrjob.server;

import static org.thrjob.blocking.CommandFlag.FAST;
import static org.thrjob.blocking.CommandFlag.READONLY;
import static org.thrjob.blocking.CommandFlag.WRITE;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.thrjob.blocking.CommandContext;
import org.thrjob.blocking.CommandRegistry;

/**
 * The hash commands (HSET, HGET, HGETALL, HDEL) and the set commands (SADD, SREM, SCARD, SMEMBERS).
 * A hash or set left empty is deleted, as in Redis.
 *
 * <p><b>Thread-safety:</b> the commands run on the main thread.
 */
final class HashSetCommands {

    private final RedisServer server;

    HashSetCommands(RedisServer server) {
        this.server = server;
    }

    void register(CommandRegistry r) {
        r.register("hset", -4, this::hset, WRITE, FAST);
        r.register("hget", 3, this::hget, READONLY, FAST);
        r.register("hgetall", 2, this::hgetall, READONLY);
        r.register("hdel", -3, this::hdel, WRITE, FAST);
        r.register("sadd", -3, this::sadd, WRITE, FAST);
        r.register("srem", -3, this::srem, WRITE, FAST);
        r.register("scard", 2, this::scard, READONLY, FAST);
        r.register("smembers", 2, this::smembers, READONLY);
    }

    private static final Object WRONG = new Object();

    private Object typed(CommandContext ctx, Key key, Class<?> type) {
        Object value = server.keys().lookup(ctx.db(), key);
        if (value != null && !type.isInstance(value)) {
            ctx.replyError(Values.WRONGTYPE);
            return WRONG;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private void hset(CommandContext ctx, List<byte[]> args) {
        if (args.size() % 2 != 0) {
            ctx.replyError(CommandRegistry.wrongArityError("hset"));
            return;
        }
        Key key = new Key(args.get(1));
        Object value = typed(ctx, key, Map.class);
        if (value == WRONG) {
            return;
        }
        Map<Key, byte[]> hash = (Map<Key, byte[]>) value;
        if (hash == null) {
            hash = new LinkedHashMap<>();
            server.keys().put(ctx.db(), key, hash, true);
        }
        int added = 0;
        for (int i = 2; i < args.size(); i += 2) {
            if (hash.put(new Key(args.get(i)), args.get(i + 1)) == null) {
                added++;
            }
        }
        ctx.replyInteger(added);
        server.propagate(ctx.db(), args);
    }

    @SuppressWarnings("unchecked")
    private void hget(CommandContext ctx, List<byte[]> args) {
        Object value = typed(ctx, new Key(args.get(1)), Map.class);
        if (value == WRONG) {
            return;
        }
        byte[] field = value == null ? null : ((Map<Key, byte[]>) value).get(new Key(args.get(2)));
        if (field == null) {
            ctx.replyNull();
        } else {
            ctx.replyBulk(field);
        }
    }

    @SuppressWarnings("unchecked")
    private void hgetall(CommandContext ctx, List<byte[]> args) {
        Object value = typed(ctx, new Key(args.get(1)), Map.class);
        if (value == WRONG) {
            return;
        }
        Map<Key, byte[]> hash = value == null ? Map.of() : (Map<Key, byte[]>) value;
        ctx.replyMap(hash.size());
        for (Map.Entry<Key, byte[]> e : hash.entrySet()) {
            ctx.replyBulk(e.getKey().bytes());
            ctx.replyBulk(e.getValue());
        }
    }

    @SuppressWarnings("unchecked")
    private void hdel(CommandContext ctx, List<byte[]> args) {
        Key key = new Key(args.get(1));
        Object value = typed(ctx, key, Map.class);
        if (value == WRONG) {
            return;
        }
        int removed = 0;
        if (value != null) {
            Map<Key, byte[]> hash = (Map<Key, byte[]>) value;
            for (int i = 2; i < args.size(); i++) {
                if (hash.remove(new Key(args.get(i))) != null) {
                    removed++;
                }
            }
            if (hash.isEmpty()) {
                server.keys().delete(ctx.db(), key, false);
            }
        }
        ctx.replyInteger(removed);
        if (removed > 0) {
            server.propagate(ctx.db(), args);
        }
    }

    @SuppressWarnings("unchecked")
    private void sadd(CommandContext ctx, List<byte[]> args) {
        Key key = new Key(args.get(1));
        Object value = typed(ctx, key, LinkedHashSet.class);
        if (value == WRONG) {
            return;
        }
        LinkedHashSet<Key> set = (LinkedHashSet<Key>) value;
        if (set == null) {
            set = new LinkedHashSet<>();
            server.keys().put(ctx.db(), key, set, true);
        }
        int added = 0;
        for (int i = 2; i < args.size(); i++) {
            if (set.add(new Key(args.get(i)))) {
                added++;
            }
        }
        ctx.replyInteger(added);
        if (added > 0) {
            server.propagate(ctx.db(), args);
        }
    }

    @SuppressWarnings("unchecked")
    private void srem(CommandContext ctx, List<byte[]> args) {
        Key key = new Key(args.get(1));
        Object value = typed(ctx, key, LinkedHashSet.class);
        if (value == WRONG) {
            return;
        }
        int removed = 0;
        if (value != null) {
            LinkedHashSet<Key> set = (LinkedHashSet<Key>) value;
            for (int i = 2; i < args.size(); i++) {
                if (set.remove(new Key(args.get(i)))) {
                    removed++;
                }
            }
            if (set.isEmpty()) {
                server.keys().delete(ctx.db(), key, false);
            }
        }
        ctx.replyInteger(removed);
        if (removed > 0) {
            server.propagate(ctx.db(), args);
        }
    }

    private void scard(CommandContext ctx, List<byte[]> args) {
        Object value = typed(ctx, new Key(args.get(1)), LinkedHashSet.class);
        if (value != WRONG) {
            ctx.replyInteger(value == null ? 0 : ((LinkedHashSet<?>) value).size());
        }
    }

    @SuppressWarnings("unchecked")
    private void smembers(CommandContext ctx, List<byte[]> args) {
        Object value = typed(ctx, new Key(args.get(1)), LinkedHashSet.class);
        if (value == WRONG) {
            return;
        }
        LinkedHashSet<Key> set = value == null ? new LinkedHashSet<>() : (LinkedHashSet<Key>) value;
        ctx.replySet(set.size());
        for (Key member : set) {
            ctx.replyBulk(member.bytes());
        }
    }
}

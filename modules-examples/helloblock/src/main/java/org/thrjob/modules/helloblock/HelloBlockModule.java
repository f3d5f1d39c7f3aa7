package org.thrjob.modules.helloblock;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.Thr;
import org.thrjob.blocking.CommandContext;
import org.thrjob.blocking.CommandModule;
import org.thrjob.blocking.CommandRegistry;
import org.thrjob.blocking.ThreadSafeContext;

/**
 * Redis's {@code helloblock} module (src/modules/helloblock.c):
 *
 * <ul>
 *   <li>{@code HELLO.BLOCK <delay> <timeout>}: blocks the client; a job waits {@code delay}
 *       seconds and unblocks it with a random integer, the reply. After {@code timeout}
 *       milliseconds (0 = never) the client gets {@code +Request timedout} instead. A number
 *       that does not parse gets {@code -ERR invalid count}.</li>
 *   <li>{@code HELLO.KEYS}: blocks the client without callbacks; a job takes the GIL through the
 *       client's thread-safe context, lists the keys of the client's database, releases it, and
 *       replies every key through the context. Redis's module calls SCAN in steps, releasing the
 *       lock between them; thrjob's {@code KeySpace.keys} lists them under one lock.</li>
 * </ul>
 *
 * <p>Where Redis starts a thread that sleeps, the job is posted with {@link Thr#postAfter}, so no
 * worker sleeps; the jobs run on the host's runtime ({@link CommandRegistry#runtime()}).
 *
 * <p>Thread-safety: the runtime field is set in {@link #register} before any command runs; the
 * commands run on the host's main thread; the job only calls {@link BlockedClient#unblock}, which
 * any thread may call.
 */
public final class HelloBlockModule implements CommandModule {

    private Thr thr;

    /** Called by ServiceLoader. */
    public HelloBlockModule() {
    }

    @Override
    public String name() {
        return "helloblock";
    }

    @Override
    public void register(CommandRegistry registry) {
        thr = registry.runtime();
        registry.register("hello.block", 3, this::helloBlock);
        registry.register("hello.keys", 1, this::helloKeys);
    }

    private void helloBlock(CommandContext ctx, List<byte[]> args) {
        Long delay = parseLong(args.get(1));
        Long timeout = parseLong(args.get(2));
        if (delay == null || timeout == null) {
            ctx.replyError("ERR invalid count");
            return;
        }
        BlockedClient<Long> bc = ctx.blockClient(
                (c, a) -> c.replyInteger(c.<Long>blockedPrivdata()),
                (c, a) -> c.replySimple("Request timedout"),
                (c, p) -> { },
                timeout);
        // As in Redis, the disconnect callback only shows the API: the job cannot be stopped.
        bc.setDisconnectCallback(p -> { });
        try {
            thr.postAfter(Duration.ofSeconds(Math.max(0, delay)),
                    () -> bc.unblock((long) ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE)));
        } catch (RejectedJobException e) {
            bc.abort();
            ctx.replyError("ERR Can't start thread");
        }
    }

    private void helloKeys(CommandContext ctx, List<byte[]> args) {
        // No callbacks and no timeout: the reply is made through the thread-safe context.
        BlockedClient<Object> bc = ctx.blockClient((c, a) -> { }, null, (c, p) -> { }, 0);
        ThreadSafeContext tsc = ctx.threadSafeContext(bc);
        try {
            thr.schedule(() -> {
                List<byte[]> keys;
                tsc.lock();
                try {
                    keys = tsc.keySpace().keys(tsc.db());
                } finally {
                    tsc.unlock();
                }
                tsc.replyArray(keys.size());
                for (byte[] key : keys) {
                    tsc.replyBulk(key);
                }
                tsc.close();
                bc.unblock(null);
            });
        } catch (RejectedJobException e) {
            bc.abort();
            ctx.replyError("ERR Can't start thread");
        }
    }

    /** Redis's {@code RedisModule_StringToLongLong}: the whole string a signed 64-bit decimal. */
    static Long parseLong(byte[] arg) {
        String s = new String(arg, StandardCharsets.US_ASCII);
        if (s.isEmpty() || s.length() > 1 && s.charAt(0) == '0' || s.startsWith("+") || s.startsWith("-0")) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

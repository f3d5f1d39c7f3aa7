package org.thrjob.modules.block;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.Thr;
import org.thrjob.blocking.CommandContext;
import org.thrjob.blocking.CommandModule;
import org.thrjob.blocking.CommandRegistry;

/**
 * Redis's {@code block} test module (tests/modules/blockonbackground.c):
 *
 * <ul>
 *   <li>{@code BLOCK.DEBUG <delay_ms> <timeout_ms>}: a job waits {@code delay_ms} then unblocks
 *       with a random integer; the wait is measured ({@code measureTimeStart/End}) so it counts in
 *       the command's {@code usec}, also when the client times out first ({@code +Request
 *       timedout}, the timeout callback ends the measurement).</li>
 *   <li>{@code BLOCK.DEBUG_NO_TRACK <delay_ms> <timeout_ms>}: the same without measuring.</li>
 *   <li>{@code BLOCK.DOUBLE_DEBUG <delay_ms>}: two measured waits of {@code delay_ms}, no timeout.</li>
 *   <li>{@code BLOCK.BLOCK <timeout_ms>}: blocks until {@code BLOCK.RELEASE <reply>} (the client
 *       gets {@code reply}) or, with a timeout above 0, {@code +Timed out}; one client at a time
 *       ({@code -ERR another client already blocked}). Without a timeout there is no timeout
 *       callback, so CLIENT UNBLOCK cannot release it, as in Redis.</li>
 *   <li>{@code BLOCK.IS_BLOCKED}: 1 while a client is blocked by BLOCK.BLOCK, else 0.</li>
 *   <li>{@code BLOCK.RELEASE <reply>}: {@code +OK}, or {@code -ERR No blocked client}.</li>
 * </ul>
 *
 * <p>Bad numbers get {@code -ERR invalid count} (BLOCK.DEBUG*) and {@code -ERR invalid timeout}
 * (BLOCK.BLOCK). Where Redis starts a thread that sleeps, a job is posted with
 * {@link Thr#postAfter}; the measurement starts when the job is posted, which is when Redis's
 * thread starts to sleep.
 *
 * <p>Thread-safety: commands and callbacks run on the host's main thread, the only thread that
 * touches the fields; jobs only call {@link BlockedClient}'s methods, which any thread may call.
 */
public final class BlockModule implements CommandModule {

    /** The host's runtime ({@link CommandRegistry#runtime()}): the module's jobs run there. */
    private Thr thr;
    /** Redis's {@code blocked_client}: the client BLOCK.BLOCK holds, or null. */
    private BlockedClient<byte[]> blocked;

    /** Called by ServiceLoader. */
    public BlockModule() {
    }

    @Override
    public String name() {
        return "block";
    }

    @Override
    public void register(CommandRegistry registry) {
        thr = registry.runtime();
        registry.register("block.debug", 3, (ctx, args) -> debug(ctx, args, true));
        registry.register("block.debug_no_track", 3, (ctx, args) -> debug(ctx, args, false));
        registry.register("block.double_debug", 2, this::doubleDebug);
        registry.register("block.block", 2, this::block);
        registry.register("block.is_blocked", -1, (ctx, args) -> ctx.replyInteger(blocked != null ? 1 : 0));
        registry.register("block.release", 2, this::release);
    }

    private void debug(CommandContext ctx, List<byte[]> args, boolean track) {
        Long delay = parseLong(args.get(1));
        Long timeout = parseLong(args.get(2));
        if (delay == null || timeout == null) {
            ctx.replyError("ERR invalid count");
            return;
        }
        // The timeout callback needs the handle (Redis's GetBlockedClientHandle); it runs on
        // the main thread after blockClient returned, so the holder is set by then.
        AtomicReference<BlockedClient<Long>> handle = new AtomicReference<>();
        BlockedClient<Long> bc = ctx.blockClient(
                (c, a) -> c.replyInteger(c.<Long>blockedPrivdata()),
                (c, a) -> {
                    handle.get().measureTimeEnd();
                    c.replySimple("Request timedout");
                },
                (c, p) -> { },
                timeout);
        handle.set(bc);
        if (track) {
            bc.measureTimeStart();
        }
        post(ctx, bc, Math.max(0, delay), () -> {
            if (track) {
                bc.measureTimeEnd();
            }
            bc.unblock((long) ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
        });
    }

    private void doubleDebug(CommandContext ctx, List<byte[]> args) {
        Long delay = parseLong(args.get(1));
        if (delay == null) {
            ctx.replyError("ERR invalid count");
            return;
        }
        long ms = Math.max(0, delay);
        BlockedClient<Long> bc = ctx.blockClient((c, a) -> c.replyInteger(c.<Long>blockedPrivdata()),
                (c, a) -> c.replySimple("Request timedout"), (c, p) -> { }, 0);
        bc.measureTimeStart();
        post(ctx, bc, ms, () -> {
            bc.measureTimeEnd();
            // A second measurement: the total must be both waits.
            bc.measureTimeStart();
            thr.postAfter(Duration.ofMillis(ms), () -> {
                bc.measureTimeEnd();
                bc.unblock((long) ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
            });
        });
    }

    private void post(CommandContext ctx, BlockedClient<?> bc, long delayMs, Runnable job) {
        try {
            thr.postAfter(Duration.ofMillis(delayMs), job::run);
        } catch (RejectedJobException e) {
            bc.abort();
            ctx.replyError("ERR Can't start thread");
        }
    }

    /** BLOCK.BLOCK's one function for the call, the reply and the timeout, as in Redis. */
    private void block(CommandContext ctx, List<byte[]> args) {
        if (ctx.isBlockedReply()) {
            ctx.replyBulk(ctx.<byte[]>blockedPrivdata());
            return;
        }
        if (ctx.isBlockedTimeout()) {
            blocked = null;
            ctx.replySimple("Timed out");
            return;
        }
        Long timeout = parseLong(args.get(1));
        if (timeout == null) {
            ctx.replyError("ERR invalid timeout");
            return;
        }
        if (blocked != null) {
            ctx.replyError("ERR another client already blocked");
            return;
        }
        BlockedClient<byte[]> bc = ctx.blockClient(this::block, timeout > 0 ? this::block : null,
                (c, p) -> { }, Math.max(0, timeout));
        // Redis keeps a dangling handle when the client goes; forgetting it keeps the module usable.
        bc.setDisconnectCallback(p -> blocked = null);
        blocked = bc;
    }

    private void release(CommandContext ctx, List<byte[]> args) {
        if (blocked == null) {
            ctx.replyError("ERR No blocked client");
            return;
        }
        blocked.unblock(args.get(1));
        blocked = null;
        ctx.replySimple("OK");
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

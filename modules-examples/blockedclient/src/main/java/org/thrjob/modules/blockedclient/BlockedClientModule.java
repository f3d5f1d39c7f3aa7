package org.thrjob.modules.blockedclient;

import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.Thr;
import org.thrjob.api.ThrQueue;
import org.thrjob.blocking.CallReply;
import org.thrjob.blocking.CommandContext;
import org.thrjob.blocking.CommandFlag;
import org.thrjob.blocking.CommandModule;
import org.thrjob.blocking.CommandRegistry;
import org.thrjob.blocking.ContextFlag;
import org.thrjob.blocking.ThreadSafeContext;
import org.thrjob.blocking.YieldFlag;

/**
 * Redis's {@code blockedclient} test module (tests/modules/blockedclient.c), in part:
 *
 * <ul>
 *   <li>{@code ACQUIRE_GIL}: blocks the client; a job takes the GIL through the client's
 *       thread-safe context, a second thread fails to take it with {@code tryLock} (Redis asserts
 *       it; here the client gets {@code -ERR the GIL was not held} instead), the job releases it
 *       and replies {@code +OK} through the context. Inside MULTI it answers {@code +Blocked client
 *       is not supported inside multi}; where blocking is denied {@code +Blocked client is not
 *       allowed}.</li>
 *   <li>{@code DO_FAKE_BG_TRUE}: blocks, replies a boolean true through the thread-safe context
 *       and unblocks at once, from the main thread (RESP2 {@code :1}, RESP3 {@code #t}).</li>
 *   <li>{@code UNBLOCK_BY_TIMER <period_ms> <timeout_ms>}: a module timer
 *       ({@link CommandContext#createTimer}) unblocks the client after {@code period_ms} with
 *       {@code +OK}; if the timeout (0 = none) is due first the client is unblocked without a
 *       reply, as there is no timeout callback. Both are decided on the main thread in deadline
 *       order, the timer winning when they are due together (Redis's order).</li>
 *   <li>{@code DO_RM_CALL <command> [args...]}: runs the command with
 *       {@link CommandContext#call} and replies its reply as is, errors included (Redis's
 *       {@code E} flag). A blocking command does not block there.</li>
 *   <li>{@code DO_BG_RM_CALL <command> [args...]}: blocks the client; a job takes the GIL, runs
 *       the command with {@link ThreadSafeContext#call}, releases the GIL, replies its reply
 *       through the thread-safe context and unblocks. As Redis calls it without {@code E}, a
 *       command that did not run (unknown, wrong arity) replies {@code -NULL reply
 *       returned}.</li>
 * </ul>
 *
 * <p>The busy commands, after Redis's {@code RedisModule_Yield} tests: {@code SLOW_FG_COMMAND
 * <block_time_us>} runs on the main thread, yielding ({@link CommandContext#yield}) every
 * millisecond, until {@code STOP_SLOW_FG_COMMAND} (with block time 0: the other clients are served
 * meanwhile and get {@code -BUSY Slow module operation} past {@code busy-reply-threshold}) or for
 * the block time (then nothing is served); {@code SET_SLOW_BG_OPERATION 0|1} makes
 * {@code DO_BG_RM_CALL}'s job yield from its thread, holding the GIL
 * ({@link ThreadSafeContext#yield}), until turned off; {@code IS_IN_SLOW_BG_OPERATION} tells
 * whether it is in there. The last three are {@code allow-busy}.
 *
 * <p>The async RM_Call commands (DO_RM_CALL_ASYNC and friends, Redis's {@code K} flag) are not
 * here: a called command never blocks. The jobs run on the host's runtime
 * ({@link CommandRegistry#runtime()}); ACQUIRE_GIL's second thread is a dedicated queue of it,
 * made on first use.
 *
 * <p>Thread-safety: commands run on the host's main thread, the only one touching the plain fields;
 * the busy switches are volatile (a command served while another yields sets them, a job reads
 * them); the jobs use the thread-safe context and the blocked client, which any thread may use.
 */
public final class BlockedClientModule implements CommandModule {

    /** The host's runtime ({@link CommandRegistry#runtime()}): the module's jobs run there. */
    private Thr thr;
    /** The second thread of ACQUIRE_GIL: a dedicated queue, so it is surely another thread. */
    private ThrQueue subWorker;

    /** The busy text of this module's yields: other clients get {@code -BUSY Slow module operation}. */
    static final String SLOW_REPLY = "Slow module operation";
    /** Between two yields: Redis's test module sleeps one millisecond. */
    private static final long YIELD_PAUSE_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1);
    /** Set by STOP_SLOW_FG_COMMAND (served while SLOW_FG_COMMAND yields), read by the command. */
    private volatile boolean abortFg;
    /** SET_SLOW_BG_OPERATION's switch, read by DO_BG_RM_CALL's jobs. */
    private volatile boolean slowBgOperation;
    /** Whether a DO_BG_RM_CALL job is in its slow operation (IS_IN_SLOW_BG_OPERATION). */
    private volatile boolean inSlowBgOperation;

    /** Called by ServiceLoader. */
    public BlockedClientModule() {
    }

    @Override
    public String name() {
        return "blockedclient";
    }

    @Override
    public void register(CommandRegistry registry) {
        thr = registry.runtime();
        registry.register("acquire_gil", -1, this::acquireGil);
        registry.register("do_fake_bg_true", -1, this::doFakeBgTrue);
        registry.register("unblock_by_timer", 3, this::unblockByTimer);
        registry.register("do_rm_call", -1, this::doRmCall);
        registry.register("do_bg_rm_call", -1, this::doBgRmCall);
        registry.register("slow_fg_command", -1, this::slowFgCommand);
        registry.register("stop_slow_fg_command", -1, this::stopSlowFgCommand, CommandFlag.ALLOW_BUSY);
        registry.register("set_slow_bg_operation", -1, this::setSlowBgOperation, CommandFlag.ALLOW_BUSY);
        registry.register("is_in_slow_bg_operation", -1, this::isInSlowBgOperation, CommandFlag.ALLOW_BUSY);
    }

    private void doRmCall(CommandContext ctx, List<byte[]> args) {
        if (args.size() < 2) {
            ctx.replyError(CommandRegistry.wrongArityError("do_rm_call"));
            return;
        }
        ctx.replyCallReply(ctx.call(args.subList(1, args.size())));
    }

    private void doBgRmCall(CommandContext ctx, List<byte[]> args) {
        String refused = refusal(ctx);
        if (refused != null) {
            ctx.replySimple(refused);
            return;
        }
        if (args.size() < 2) {
            ctx.replyError(CommandRegistry.wrongArityError("do_bg_rm_call"));
            return;
        }
        List<byte[]> command = List.copyOf(args.subList(1, args.size()));
        Thr runtime = thr;
        BlockedClient<Object> bc = ctx.blockClient((c, a) -> { }, null, (c, p) -> { }, 0);
        ThreadSafeContext tsc = ctx.threadSafeContext(bc);
        try {
            runtime.schedule(() -> {
                CallReply reply;
                tsc.lock();
                try {
                    slowOperation(tsc);
                    reply = tsc.call(command);
                } finally {
                    tsc.unlock();
                }
                if (reply.isRejected()) {
                    tsc.replyError("NULL reply returned");
                } else {
                    tsc.replyCallReply(reply);
                }
                tsc.close();
                bc.unblock(null);
            });
        } catch (RejectedJobException e) {
            bc.abort();
            ctx.replyError("ERR Can't start thread");
        }
    }

    /**
     * While SET_SLOW_BG_OPERATION is on, the job holds the GIL and yields every millisecond with
     * clients served, as Redis's {@code bg_call_worker}: past the busy reply threshold the other
     * clients get {@code -BUSY Slow module operation}, except the allow-busy commands (the one
     * that turns the operation off among them).
     */
    private void slowOperation(ThreadSafeContext tsc) {
        if (!slowBgOperation) {
            return;
        }
        inSlowBgOperation = true;
        while (slowBgOperation) {
            tsc.yield(YieldFlag.CLIENTS, SLOW_REPLY);
            LockSupport.parkNanos(YIELD_PAUSE_NANOS); // the slow work itself (Redis's usleep(1000))
        }
        inSlowBgOperation = false;
    }

    /**
     * SLOW_FG_COMMAND block_time_us: runs on the main thread, yielding every millisecond, until
     * STOP_SLOW_FG_COMMAND (block_time 0: clients are served meanwhile, with {@code -BUSY Slow
     * module operation} past the threshold) or until block_time microseconds have passed (then
     * nothing is served: the others wait). Replies 1.
     */
    private void slowFgCommand(CommandContext ctx, List<byte[]> args) {
        if (args.size() != 2) {
            ctx.replyError(CommandRegistry.wrongArityError("slow_fg_command"));
            return;
        }
        Long blockTime = parseSigned(args.get(1));
        if (blockTime == null) {
            ctx.replyError("Invalid integer value");
            return;
        }
        long start = System.nanoTime();
        // When not blocking indefinitely, clients are not served (as Redis's test module).
        YieldFlag flag = blockTime != 0 ? YieldFlag.NONE : YieldFlag.CLIENTS;
        while (!abortFg) {
            ctx.yield(flag, SLOW_REPLY);
            LockSupport.parkNanos(YIELD_PAUSE_NANOS);
            if (blockTime != 0 && (System.nanoTime() - start) / 1000 > blockTime) {
                break;
            }
        }
        abortFg = false;
        ctx.replyInteger(1);
    }

    /** STOP_SLOW_FG_COMMAND (allowed while busy): the running SLOW_FG_COMMAND ends. Replies 1. */
    private void stopSlowFgCommand(CommandContext ctx, List<byte[]> args) {
        abortFg = true;
        ctx.replyInteger(1);
    }

    /** SET_SLOW_BG_OPERATION 0|1 (allowed while busy): DO_BG_RM_CALL's jobs run slowly or not. */
    private void setSlowBgOperation(CommandContext ctx, List<byte[]> args) {
        if (args.size() != 2) {
            ctx.replyError(CommandRegistry.wrongArityError("set_slow_bg_operation"));
            return;
        }
        Long on = parseSigned(args.get(1));
        if (on == null) {
            ctx.replyError("Invalid integer value");
            return;
        }
        slowBgOperation = on != 0;
        ctx.replySimple("OK");
    }

    /** IS_IN_SLOW_BG_OPERATION (allowed while busy): 1 while a job is in its slow operation. */
    private void isInSlowBgOperation(CommandContext ctx, List<byte[]> args) {
        if (args.size() != 1) {
            ctx.replyError(CommandRegistry.wrongArityError("is_in_slow_bg_operation"));
            return;
        }
        ctx.replyInteger(inSlowBgOperation ? 1 : 0);
    }

    /** Redis's {@code RedisModule_StringToLongLong}, negative numbers included. */
    private static Long parseSigned(byte[] arg) {
        String s = new String(arg, java.nio.charset.StandardCharsets.US_ASCII);
        if (s.startsWith("-")) {
            Long magnitude = parseLong(s.substring(1).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return magnitude == null ? null : -magnitude;
        }
        return parseLong(arg);
    }

    /** Redis's check before blocking: the reply when this context may not block, or null. */
    static String refusal(CommandContext ctx) {
        Set<ContextFlag> flags = ctx.contextFlags();
        if (flags.contains(ContextFlag.MULTI)) {
            return "Blocked client is not supported inside multi";
        }
        if (flags.contains(ContextFlag.DENY_BLOCKING)) {
            return "Blocked client is not allowed";
        }
        return null;
    }

    private void acquireGil(CommandContext ctx, List<byte[]> args) {
        String refused = refusal(ctx);
        if (refused != null) {
            ctx.replySimple(refused);
            return;
        }
        if (subWorker == null) {
            subWorker = thr.newDedicatedQueue("blockedclient-sub-worker");
        }
        BlockedClient<Object> bc = ctx.blockClient((c, a) -> { }, null, (c, p) -> { }, 0);
        ThreadSafeContext tsc = ctx.threadSafeContext(bc);
        ThrQueue sub = subWorker;
        try {
            thr.schedule(() -> {
                boolean[] subLocked = new boolean[1];
                tsc.lock();
                try {
                    sub.sync(() -> {
                        subLocked[0] = tsc.tryLock();
                        if (subLocked[0]) {
                            tsc.unlock();
                        }
                    });
                } finally {
                    tsc.unlock();
                }
                if (subLocked[0]) {
                    tsc.replyError("ERR the GIL was not held: a second thread took it");
                } else {
                    tsc.replySimple("OK");
                }
                tsc.close();
                bc.unblock(null);
            });
        } catch (RejectedJobException e) {
            bc.abort();
            ctx.replyError("ERR Can't start thread");
        }
    }

    private void unblockByTimer(CommandContext ctx, List<byte[]> args) {
        Long period = parseLong(args.get(1));
        Long timeout = parseLong(args.get(2));
        if (period == null || timeout == null || period < 0 || timeout < 0) {
            ctx.replyError("ERR invalid arguments");
            return;
        }
        // No timeout callback: a timeout unblocks silently, the client gets no reply (as Redis).
        BlockedClient<Object> bc = ctx.blockClient((c, a) -> c.replySimple("OK"), null, (c, p) -> { }, timeout);
        // A main-thread timer, as Redis's RM_CreateTimer: the dispatcher decides it against the
        // block's deadline in deadline order, the timer winning a tie.
        ctx.createTimer(period, t -> bc.unblock(null));
    }

    /** Redis's {@code RedisModule_StringToLongLong}: the whole string a signed 64-bit decimal. */
    static Long parseLong(byte[] arg) {
        String s = new String(arg, java.nio.charset.StandardCharsets.US_ASCII);
        if (s.isEmpty() || s.length() > 1 && s.charAt(0) == '0' || s.startsWith("+") || s.startsWith("-0")) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void doFakeBgTrue(CommandContext ctx, List<byte[]> args) {
        BlockedClient<Object> bc = ctx.blockClient((c, a) -> { }, null, (c, p) -> { }, 0);
        ThreadSafeContext tsc = ctx.threadSafeContext(bc);
        tsc.replyBool(true);
        tsc.close();
        bc.unblock(null);
    }
}

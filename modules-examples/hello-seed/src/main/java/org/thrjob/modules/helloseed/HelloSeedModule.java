package org.thrjob.modules.helloseed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.RejectedJobException;
import org.thrjob.api.Thr;
import org.thrjob.blocking.CommandContext;
import org.thrjob.blocking.CommandModule;
import org.thrjob.blocking.CommandRegistry;

/**
 * {@code HELLO.SEED [timeout_ms]}: the guide's command that "blocks a client for one second, and
 * then sends as reply Hello!". The reply and timeout callbacks are one function that asks
 * {@link CommandContext#isBlockedReply()} / {@link CommandContext#isBlockedTimeout()}, as the
 * guide's last variant does. The timeout (default 0, none) replies null, "as it often happens
 * with actual Redis blocking commands timing out"; a timeout that is not a non-negative integer
 * gets {@code -ERR invalid timeout}.
 *
 * <p>The job is posted with {@link Thr#postAfter} on the host's runtime
 * ({@link CommandRegistry#runtime()}) where the guide starts a thread that sleeps.
 *
 * <p>Thread-safety: the runtime field is set in {@link #register} before any command runs;
 * commands run on the host's main thread; the job only calls {@link BlockedClient#unblock}, which
 * any thread may call.
 */
public final class HelloSeedModule implements CommandModule {

    /** The guide's delay. */
    static final Duration DELAY = Duration.ofSeconds(1);

    private Thr thr;

    /** Called by ServiceLoader. */
    public HelloSeedModule() {
    }

    @Override
    public String name() {
        return "helloseed";
    }

    @Override
    public void register(CommandRegistry registry) {
        thr = registry.runtime();
        registry.register("hello.seed", -1, this::helloSeed);
    }

    private void helloSeed(CommandContext ctx, List<byte[]> args) {
        if (ctx.isBlockedReply()) {
            ctx.replySimple("Hello!");
            return;
        }
        if (ctx.isBlockedTimeout()) {
            ctx.replyNull();
            return;
        }
        if (args.size() > 2) {
            ctx.replyError("ERR wrong number of arguments for 'hello.seed' command");
            return;
        }
        long timeout = 0;
        if (args.size() == 2) {
            try {
                timeout = Long.parseLong(new String(args.get(1), StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                timeout = -1;
            }
            if (timeout < 0) {
                ctx.replyError("ERR invalid timeout");
                return;
            }
        }
        BlockedClient<Object> bc = ctx.blockClient(this::helloSeed, this::helloSeed, (c, p) -> { }, timeout);
        try {
            thr.postAfter(DELAY, () -> bc.unblock(null));
        } catch (RejectedJobException e) {
            bc.abort();
            ctx.replyError("ERR Sorry can't start the job");
        }
    }
}

package org.thrjob.server;

import org.thrjob.blocking.CommandContext;

/**
 * {@code MODULE UNLOAD <name>}: the dispatcher removes the module's commands unless a client is
 * blocked by one of them or one of its timers is pending; the reply is Redis's
 * ({@code +OK}, or {@code -ERR Error unloading module: <reason>}), and a refusal is logged as
 * Redis logs it.
 *
 * <p><b>Thread-safety:</b> main thread only, as the command.
 */
final class ModuleUnload {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModuleUnload.class);

    private ModuleUnload() {
    }

    static void run(RedisServer server, CommandContext ctx, String name) {
        java.util.Optional<String> refusal = server.dispatcher.unloadModule(name);
        if (refusal.isPresent()) {
            LOG.warn("Error unloading module {}: {}", name, refusal.get());
            ctx.replyError("ERR Error unloading module: " + refusal.get());
            return;
        }
        LOG.info("Module {} unloaded", name);
        ctx.replySimple("OK");
    }
}

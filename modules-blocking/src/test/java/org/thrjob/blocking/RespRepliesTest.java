package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.spi.ThrProvider;

/** Every reply type, and Redis's RESP2 forms of the RESP3 ones; the client's id and database. */
class RespRepliesTest {

    private static void allTypes(TestHost host) {
        host.registry.register("all", 1, (ctx, args) -> {
            ctx.replyArray(9);
            ctx.replySimple("OK");
            ctx.replyInteger(-3);
            ctx.replyBulk("bulk");
            ctx.replyNull();
            ctx.replyMap(1);
            ctx.replySet(0);
            ctx.replyBool(true);
            ctx.replyDouble(1.5);
            ctx.replyDouble(Double.POSITIVE_INFINITY);
        });
        host.registry.register("who", 1, (ctx, args) -> {
            ctx.replyArray(3);
            ctx.replyInteger(ctx.clientId());
            ctx.replyInteger(ctx.respVersion());
            ctx.replyInteger(ctx.db());
        });
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void resp3_nativeTypes(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            allTypes(host);
            FakeClient c = host.client(3);
            host.send(c, "ALL");
            assertEquals(List.of("*9", "+OK", ":-3", "$bulk", "(nil)", "%1", "~0", "#t", ",1.5", ",Infinity"), c.replies);
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void resp2_redisDowngrades(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            allTypes(host);
            FakeClient c = host.client(2);
            c.db = 5;
            host.send(c, "ALL");
            host.send(c, "WHO");
            assertEquals(List.of("*9", "+OK", ":-3", "$bulk", "(nil)", "*2", "*0", ":1", "$1.5", "$inf",
                    "*3", ":" + c.id(), ":2", ":5"), c.replies);
            host.registry.register("neg", 1, (ctx, args) -> ctx.replyArray(-1));
            host.send(c, "NEG");
            assertEquals("-ERR IllegalArgumentException: length must be >= 0 but was -1",
                    c.replies.get(c.replies.size() - 1));
            assertThrows(IllegalStateException.class, () -> host.dispatcher.submit(new FakeClient(99, 2, host.log),
                    TestHost.args("ALL")), "a client must be connected first");
        }
    }
    /** The dispatcher remembers the last client it served: a disconnect must end that too. */
    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void submit_rightAfterTheClientsDisconnect_isRefused_andAStrangerWithItsIdDisconnectsNothing(
            ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            allTypes(host);
            FakeClient kept = host.client(2);
            host.send(kept, "WHO");
            FakeClient stranger = new FakeClient(kept.id(), 2, host.log);
            host.dispatcher.disconnect(stranger); // another connection object: not this client
            host.send(kept, "WHO");
            assertEquals(List.of("*3", ":" + kept.id(), ":2", ":0", "*3", ":" + kept.id(), ":2", ":0"),
                    kept.replies, "still connected");
            host.dispatcher.disconnect(kept);
            assertThrows(IllegalStateException.class, () -> host.dispatcher.submit(kept, TestHost.args("WHO")),
                    "a disconnected client, though it was the last one served");
        }
    }
}

package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.BlockedClient;
import org.thrjob.api.spi.ThrProvider;

/** SPEC 9.8: an explicit unblock of a client blocked on keys, from its own callback or a job. */
class UnblockOnKeysTest {

    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void unblockFromItsKeyReadyCallback_runsTheTimeoutCallbackOnce_notTheKeyCallbackAgain(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<String> calls = new ArrayList<>();
            List<String> freed = new ArrayList<>();
            host.registry.register("wait", 1, (ctx, args) -> ctx.<String>blockClientOnKeys((c, a) -> {
                calls.add("ready");
                c.blockedClient().unblock(null);
                return false;
            }, (c, a) -> {
                calls.add("timeout");
                c.replySimple("Action aborted");
            }, (c, p) -> freed.add(p), 0, List.of(KEY), "data", false));
            FakeClient c = host.client();
            host.send(c, "WAIT");
            host.dispatcher.signalKeyAsReady(0, KEY);
            host.awaitReplies(c, 1);
            host.dispatcher.signalKeyAsReady(0, KEY);
            host.pump();
            assertEquals(List.of("+Action aborted"), c.replies);
            assertEquals(List.of("ready", "timeout"), calls);
            assertEquals(List.of("data"), freed, "SPEC 9.2");
            assertEquals(0, host.dispatcher.stats().blockedNow());
        }
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void unblockWithoutTimeoutCallback_refused_valueFreed_clientStaysBlocked(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            List<BlockedClient<String>> handles = new ArrayList<>();
            List<String> freed = new ArrayList<>();
            host.registry.register("wait", 1, (ctx, args) -> handles.add(ctx.<String>blockClientOnKeys(
                    (c, a) -> true, null, (c, p) -> freed.add(p), 0, List.of(KEY), null, false)));
            FakeClient c = host.client();
            host.send(c, "WAIT");
            assertFalse(handles.get(0).unblock("given"));
            host.pumpUntil(() -> !freed.isEmpty(), "the refused value is freed");
            assertEquals(List.of("given"), freed);
            assertEquals(1, host.dispatcher.stats().blockedNow(), "still blocked");
            host.dispatcher.disconnect(c);
            assertEquals(0, host.dispatcher.stats().blockedNow());
        }
    }
}

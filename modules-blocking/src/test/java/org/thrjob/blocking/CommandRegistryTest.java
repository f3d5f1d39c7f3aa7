package org.thrjob.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.thrjob.api.spi.ThrProvider;

/** The registry: names, arity, flags and Redis's error texts; modules found by ServiceLoader. */
class CommandRegistryTest {

    @Test
    void unknownCommand_redisText() {
        assertEquals("ERR unknown command 'foo', with args beginning with: 'a' 'b c' ",
                CommandRegistry.unknownCommandError(TestHost.args("foo", "a", "b\r\nc".replace("\r\n", " "))));
        assertEquals("ERR unknown command 'foo', with args beginning with: ",
                CommandRegistry.unknownCommandError(TestHost.args("foo")));
        String longArg = "x".repeat(300);
        String text = CommandRegistry.unknownCommandError(TestHost.args("foo", longArg, "next"));
        assertEquals("ERR unknown command 'foo', with args beginning with: '" + "x".repeat(128) + "' ", text,
                "arguments are cut at 128 characters");
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void runtime_theHostsOne_keptByModules_orRefusedWhenTheHostGaveNone(ThrProvider provider) {
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> new CommandRegistry().runtime());
        assertTrue(none.getMessage().contains("new CommandRegistry(thr)"), none.getMessage());
        assertThrows(NullPointerException.class, () -> new CommandRegistry(null));
        try (org.thrjob.api.Thr thr = Providers.thr(provider)) {
            CommandRegistry registry = new CommandRegistry(thr);
            org.thrjob.api.Thr[] seen = new org.thrjob.api.Thr[1];
            registry.load(new CommandModule() {
                @Override
                public String name() {
                    return "keeper";
                }

                @Override
                public void register(CommandRegistry r) {
                    seen[0] = r.runtime();
                }
            });
            assertTrue(seen[0] == thr, "the module gets the host's runtime itself");
        }
    }

    @Test
    void register_duplicateAnyCase_refusedNamingTheOwner() {
        CommandRegistry registry = new CommandRegistry();
        registry.load(new CommandModule() {
            @Override
            public String name() {
                return "first";
            }

            @Override
            public void register(CommandRegistry r) {
                r.register("Hello.World", 1, (ctx, args) -> ctx.replySimple("hi"), CommandFlag.READONLY, CommandFlag.FAST);
            }
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> registry.register("HELLO.world", 1, (ctx, args) -> { }));
        assertEquals("ERR command 'hello.world' already exists (registered by module 'first'); module"
                + " 'host' must pick another name", e.getMessage());
        CommandSpec spec = registry.lookup("hello.WORLD").orElseThrow();
        assertEquals("first", spec.module());
        assertTrue(spec.flags().contains(CommandFlag.FAST));
        assertThrows(IllegalArgumentException.class, () -> registry.register("zero", 0, (ctx, args) -> { }));
        assertThrows(IllegalArgumentException.class, () -> registry.register(" ", 1, (ctx, args) -> { }));
    }

    @Test
    void arity_positiveExactNegativeAtLeast() {
        CommandSpec exact = new CommandSpec("get", 2, java.util.Set.of(), "m", (ctx, args) -> { });
        CommandSpec atLeast = new CommandSpec("mget", -2, java.util.Set.of(), "m", (ctx, args) -> { });
        assertTrue(exact.acceptsArgc(2));
        assertTrue(!exact.acceptsArgc(3) && !exact.acceptsArgc(1));
        assertTrue(atLeast.acceptsArgc(2) && atLeast.acceptsArgc(10));
        assertTrue(!atLeast.acceptsArgc(1));
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.blocking.Providers#all")
    void dispatch_unknownAndWrongArity_redisErrors(ThrProvider provider) {
        try (TestHost host = new TestHost(provider)) {
            host.registry.register("GET", 2, (ctx, args) -> ctx.replyNull());
            FakeClient c = host.client();
            host.send(c, "nosuch", "k");
            host.send(c, "get");
            host.send(c, "Get", "k");
            assertEquals(List.of("-ERR unknown command 'nosuch', with args beginning with: 'k' ",
                    "-ERR wrong number of arguments for 'get' command", "(nil)"), c.replies);
            assertEquals(1, host.dispatcher.stats().commands().get("get").calls(),
                    "rejected calls are not calls");
        }
    }

    @Test
    void loadModules_serviceLoaderFindsTheTestModule() {
        CommandRegistry registry = new CommandRegistry();
        List<String> loaded = registry.loadModules(getClass().getClassLoader());
        assertEquals(List.of("example"), loaded);
        assertEquals("example", registry.lookup("example.echo").orElseThrow().module());
    }

    @Test
    void lookupBytes_anyCaseManyNamesAndNonAscii_found() {
        CommandRegistry registry = new CommandRegistry();
        for (int i = 0; i < 100; i++) {
            registry.register("cmd" + i, 1, (ctx, args) -> { });
        }
        registry.register("h\u00e9llo", 1, (ctx, args) -> { });
        for (int i = 0; i < 100; i++) {
            assertEquals("cmd" + i, registry.lookup(("CmD" + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .orElseThrow().name());
        }
        assertEquals("h\u00e9llo", registry.lookup("H\u00c9LLO".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .orElseThrow().name());
        assertTrue(registry.lookup("cmd100".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(registry.lookup("cmd".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).isEmpty());
    }
}

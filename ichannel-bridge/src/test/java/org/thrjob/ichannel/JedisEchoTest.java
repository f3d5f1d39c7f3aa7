package org.thrjob.ichannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.util.KeyValue;

/** A real Redis client (Jedis) against the echo handler, on every provider. */
class JedisEchoTest {

    private static Jedis jedis(TestServer server) {
        return new Jedis(new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().timeoutMillis(30_000).build());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void pipeline_10000MixedMainAndWorkerReplies_allArriveInRequestOrder(String provider) throws Exception {
        try (TestServer server = TestServer.echo(provider); Jedis jedis = jedis(server)) {
            Pipeline pipeline = jedis.pipelined();
            List<Response<Object>> responses = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                Cmd command = i % 2 == 0 ? null : Cmd.WECHO;
                responses.add(command == null
                        ? pipeline.sendCommand(Protocol.Command.ECHO, "v" + i)
                        : pipeline.sendCommand(command, "v" + i));
            }
            pipeline.sync();
            for (int i = 0; i < responses.size(); i++) {
                assertArrayEquals(bytes("v" + i), (byte[]) responses.get(i).get(), "reply " + i);
            }
            assertEquals("PONG", jedis.ping());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void workerReplies_shuffledAcrossWorkers_arriveInRequestOrder(String provider) throws Exception {
        try (TestServer server = TestServer.start(provider, ChannelConfig.builder(), thr -> new EchoHandler(thr, 50));
                Jedis jedis = jedis(server)) {
            for (int round = 0; round < 5; round++) {
                Pipeline pipeline = jedis.pipelined();
                List<Response<Object>> responses = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    responses.add(pipeline.sendCommand(Cmd.HOLD, round + ":" + i));
                }
                pipeline.sync();
                for (int i = 0; i < responses.size(); i++) {
                    assertArrayEquals(bytes(round + ":" + i), (byte[]) responses.get(i).get(), "reply " + i);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void hello3_jedisOnResp3_readsResp3TypesAndRespTwoClientsGetTheirForms(String provider) throws Exception {
        try (TestServer server = TestServer.echo(provider);
                Jedis resp3 = new Jedis(new HostAndPort("127.0.0.1", server.port()),
                        DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build());
                Jedis resp2 = jedis(server)) {
            assertEquals("PONG", resp3.ping());
            List<?> who = (List<?>) resp3.sendCommand(Cmd.WHOAMI);
            assertEquals(3L, who.get(3), "HELLO 3 switched the connection to RESP3");
            List<?> types = (List<?>) resp3.sendCommand(Cmd.TYPES);
            assertEquals(3.5, types.get(0));
            assertEquals(Boolean.TRUE, types.get(1));
            assertEquals(new BigInteger("123456789012345678901234567890"), types.get(2));
            KeyValue<?, ?> entry = (KeyValue<?, ?>) ((List<?>) types.get(3)).get(0);
            assertArrayEquals(bytes("k"), (byte[]) entry.getKey());
            assertEquals(1L, entry.getValue());
            assertArrayEquals(bytes("s"), (byte[]) ((List<?>) types.get(4)).get(0));
            assertNull(types.get(5));
            assertArrayEquals(bytes("txt:verbatim"), (byte[]) types.get(6));

            List<?> two = (List<?>) resp2.sendCommand(Cmd.TYPES);
            assertArrayEquals(bytes("3.5"), (byte[]) two.get(0));
            assertEquals(1L, two.get(1));
            assertArrayEquals(bytes("123456789012345678901234567890"), (byte[]) two.get(2));
            List<?> flat = (List<?>) two.get(3);
            assertArrayEquals(bytes("k"), (byte[]) flat.get(0));
            assertEquals(1L, flat.get(1));
            assertNull(two.get(5));
            assertArrayEquals(bytes("verbatim"), (byte[]) two.get(6));
            assertEquals(2L, ((List<?>) resp2.sendCommand(Cmd.WHOAMI)).get(3));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void echo_10MegabyteValues_comeBackWholeFromMainAndWorker(String provider) throws Exception {
        byte[] value = new byte[10 * 1024 * 1024];
        ThreadLocalRandom.current().nextBytes(value);
        try (TestServer server = TestServer.echo(provider); Jedis jedis = jedis(server)) {
            assertArrayEquals(value, jedis.echo(value));
            assertArrayEquals(value, (byte[]) jedis.sendCommand(Cmd.WECHO, value));
            Pipeline pipeline = jedis.pipelined();
            Response<Object> first = pipeline.sendCommand(Protocol.Command.ECHO, value);
            Response<Object> between = pipeline.sendCommand(Protocol.Command.ECHO, "small");
            Response<Object> second = pipeline.sendCommand(Cmd.WECHO, value);
            pipeline.sync();
            assertArrayEquals(value, (byte[]) first.get());
            assertArrayEquals(bytes("small"), (byte[]) between.get());
            assertArrayEquals(value, (byte[]) second.get());
            assertEquals(0, server.loop.stats().queryBytes(), "the big arguments' buffers were let go");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void clients_500AtOnce_eachGetsItsOwnReplies(String provider) throws Exception {
        int clients = 500;
        try (TestServer server = TestServer.echo(provider)) {
            List<Jedis> all = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                for (int i = 0; i < clients; i++) {
                    Jedis jedis = jedis(server);
                    all.add(jedis);
                    jedis.clientSetname("c" + i);
                }
                assertEquals(clients, server.loop.stats().connections());
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        for (int round = 0; round < 5; round++) {
                            for (int i = first; i < clients; i += 8) {
                                Jedis jedis = all.get(i);
                                assertEquals("c" + i + "/" + round, jedis.echo("c" + i + "/" + round));
                                assertArrayEquals(bytes("w" + i), (byte[]) jedis.sendCommand(Cmd.WECHO, "w" + i));
                                assertEquals("c" + i, jedis.clientGetname());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(Providers.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                pool.shutdownNow();
                assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
                all.forEach(Jedis::close);
            }
            Providers.until(() -> server.loop.stats().connections() == 0, "the 500 clients are gone");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.thrjob.ichannel.Providers#all")
    void attributes_nameDbProtocolPeer_keptPerConnection(String provider) throws Exception {
        try (TestServer server = TestServer.echo(provider); Jedis a = jedis(server); Jedis b = jedis(server)) {
            a.clientSetname("alpha");
            a.select(3);
            List<?> whoA = (List<?>) a.sendCommand(Cmd.WHOAMI);
            List<?> whoB = (List<?>) b.sendCommand(Cmd.WHOAMI);
            assertArrayEquals(bytes("alpha"), (byte[]) whoA.get(1));
            assertEquals(3L, whoA.get(2));
            assertEquals(2L, whoA.get(3));
            assertNull(whoB.get(1));
            assertEquals(0L, whoB.get(2));
            assertTrue((Long) whoB.get(0) > (Long) whoA.get(0), "ids increase: " + whoA + " " + whoB);
            String peer = new String((byte[]) whoA.get(4), StandardCharsets.UTF_8);
            assertTrue(peer.contains("127.0.0.1:"), peer);
            assertInstanceOf(Long.class, a.clientId());
            long before = System.currentTimeMillis();
            List<?> times = (List<?>) a.sendCommand(Cmd.TIMES);
            long created = (Long) times.get(0);
            long active = (Long) times.get(1);
            assertTrue(created <= active && active >= before - 5 && active <= System.currentTimeMillis() + 5,
                    "created " + created + ", last active " + active + ", request sent at " + before);
        }
    }
}

package org.thrjob.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * What only a real process shows: a command module from outside the server, compiled and jarred
 * here and put on the module path, is loaded and answers; and redis-cli, Debian's client, talks to
 * the server both with commands as arguments and interactively through its standard input.
 */
class ExternalModuleAndCliTest {

    @TempDir
    Path dir;

    private static final String MODULE_INFO = "module com.example.hello {\n"
            + "    requires org.thrjob.blocking;\n"
            + "    provides org.thrjob.blocking.CommandModule with com.example.hello.HelloModule;\n"
            + "}\n";

    private static final String MODULE_CLASS = "package com.example.hello;\n"
            + "import org.thrjob.blocking.*;\n"
            + "public final class HelloModule implements CommandModule {\n"
            + "    public HelloModule() { }\n"
            + "    public String name() { return \"hello\"; }\n"
            + "    public void register(CommandRegistry registry) {\n"
            + "        registry.register(\"hello.greet\", 2, (ctx, args) -> ctx.replyBulk(\"Hello, \"\n"
            + "                + new String(args.get(1), java.nio.charset.StandardCharsets.UTF_8) + \"!\"), CommandFlag.FAST);\n"
            + "        registry.register(\"hello.keys\", 1, (ctx, args) -> ctx.replyInteger(ctx.keySpace().get(ctx.db(),\n"
            + "                \"greeted\".getBytes()) == null ? 0 : 1), CommandFlag.READONLY);\n"
            + "    }\n"
            + "}\n";

    /** Compiles the module against the server's module path and jars it. */
    private Path buildModuleJar() throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.resolve("com/example/hello"));
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(src.resolve("com/example/hello/HelloModule.java"), MODULE_CLASS);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "--release", "17", "-d", classes.toString(),
                "--module-path", ChildServer.modulePath(),
                src.resolve("module-info.java").toString(), src.resolve("com/example/hello/HelloModule.java").toString());
        assertEquals(0, status, "the external module did not compile");
        Path jar = dir.resolve("hello-module.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }

    @ParameterizedTest
    @MethodSource("org.thrjob.server.Servers#providers")
    void moduleJarOnTheModulePathIsLoadedAndAnswers(String provider) throws Exception {
        Assumptions.assumeTrue(provider != null, "no ThrProvider on the test class path");
        Path jar = buildModuleJar();
        try (ChildServer child = ChildServer.start(List.of(jar.toString()), "--port", "0", "--provider", provider);
                Jedis j = new Jedis("127.0.0.1", child.port(), 10_000)) {
            assertEquals("Hello, world!", new String((byte[]) j.sendCommand(() -> "hello.greet".getBytes(), "world"),
                    StandardCharsets.UTF_8));
            j.set("greeted", "yes");
            assertEquals(1L, j.sendCommand(() -> "HELLO.KEYS".getBytes()), "the module sees the server's key space");
            List<?> modules = (List<?>) j.sendCommand(() -> "MODULE".getBytes(), "LIST");
            assertEquals(1, modules.size());
            assertEquals("hello", new String((byte[]) ((List<?>) modules.get(0)).get(1), StandardCharsets.UTF_8));
            assertTrue(j.info("threads").contains("thr_provider:" + provider), "the provider chosen at deploy time");
            j.shutdown();
            assertEquals(0, child.exitCode(), child.output());
        }
    }

    private static String redisCli(int port, String stdin, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("redis-cli", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = cli.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = cli.getInputStream().readAllBytes();
        assertTrue(cli.waitFor(30, TimeUnit.SECONDS), "redis-cli did not end");
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void redisCliTalksToTheServer() throws Exception {
        boolean installed = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(p -> Files.isExecutable(Path.of(p, "redis-cli")));
        Assumptions.assumeTrue(installed, "redis-cli is not installed: .ci/run installs Debian's redis-tools");
        RedisServer server = Servers.start("--port", "0");
        try {
            int port = server.port();
            assertEquals("PONG\n", redisCli(port, "", "ping"));
            assertEquals("OK\n", redisCli(port, "", "set", "greeting", "hello world"));
            assertEquals("hello world\n", redisCli(port, "", "get", "greeting"));
            assertEquals("3\n", redisCli(port, "", "rpush", "l", "a", "b", "c"));
            assertEquals("a\nb\nc\n", redisCli(port, "", "lrange", "l", "0", "-1"));
            assertEquals("(error) WRONGTYPE Operation against a key holding the wrong kind of value\n",
                    redisCli(port, "", "--no-raw", "get", "l"));
            // Interactive: commands on standard input, one a line, as a user types them.
            String session = redisCli(port, "incr counter\nincr counter\nhset h f v\nhgetall h\nselect 2\ndbsize\n");
            assertEquals("1\n2\n1\nf\nv\nOK\n0\n", session);
            String info = redisCli(port, "", "info", "server");
            assertTrue(info.contains("redis_version:"), info);
        } finally {
            Servers.stop(server);
        }
    }
}

package org.thrjob.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.thrjob.api.Thr;
import org.thrjob.ichannel.ChannelConfig;
import org.thrjob.ichannel.EventLoop;
import org.thrjob.ichannel.Reply;

/**
 * A RESP server built from ichannel alone, for {@code tests/bench/redis-compare.sh}: it answers
 * {@code PING} and {@code ECHO} on the main thread as {@code redis-server} does, and the
 * {@code CONFIG GET} that {@code redis-benchmark} sends at start; anything else is an error.
 *
 * <pre>
 * java -Dthr.provider=forkjoin -cp tests/bench/target/benchmarks.jar org.thrjob.bench.PingServer [port]
 * </pre>
 *
 * <p>Thread-safety: the handler runs on the main thread only; {@code main} serves until killed.
 */
public final class PingServer {

    private PingServer() {
    }

    /**
     * Serves on 127.0.0.1 until the process is killed.
     *
     * @param args the port (default 6390)
     * @throws IOException if the port cannot be bound
     */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 6390;
        try (Thr thr = Thr.create()) {
            EventLoop loop = EventLoop.open(thr, ChannelConfig.builder().port(port).build(),
                    (connection, request, slot) -> slot.reply(answer(request)));
            System.out.println("PingServer on " + loop.localAddress() + " (provider " + thr.providerName() + ")");
            loop.run();
        }
    }

    private static Reply answer(List<byte[]> request) {
        byte[] name = request.get(0);
        if (name.length == 4 && (name[0] | 0x20) == 'p' && (name[1] | 0x20) == 'i'
                && (name[2] | 0x20) == 'n' && (name[3] | 0x20) == 'g') {
            return request.size() == 1 ? Reply.PONG : Reply.bulk(request.get(1));
        }
        String command = new String(name, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        if (command.equals("ECHO") && request.size() == 2) {
            return Reply.bulk(request.get(1));
        }
        if (command.equals("CONFIG") && request.size() == 3) {
            String parameter = new String(request.get(2), StandardCharsets.UTF_8);
            return Reply.array(Reply.bulk(parameter), Reply.bulk(parameter.equals("appendonly") ? "no" : ""));
        }
        return Reply.error("unknown command '" + command + "'");
    }
}

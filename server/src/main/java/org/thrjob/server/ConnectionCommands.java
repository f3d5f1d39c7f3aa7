package org.thrjob.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.thrjob.ichannel.Reply;
import org.thrjob.ichannel.Slot;

/**
 * The commands that act on the connection before any command runs, so the server answers them
 * itself rather than through the dispatcher: AUTH, HELLO, QUIT, MULTI, EXEC and DISCARD.
 *
 * <p><b>Thread-safety:</b> the main thread only.
 */
final class ConnectionCommands {

    private static final String WRONGPASS = "-WRONGPASS invalid username-password pair or user is disabled.";

    private ConnectionCommands() {
    }

    /**
     * Handles the request if it is one of these commands; false lets it go on. Their errors are
     * counted in the error statistics as the dispatcher's are.
     */
    static boolean handle(RedisServer server, Client c, List<byte[]> args, Slot request) {
        byte[] name = args.get(0);
        if (!isOne(name)) {
            return false; // every other command: no counting slot to allocate
        }
        Slot slot = new CountingSlot(request, server.errorStats);
        if (Args.is(name, "AUTH")) {
            auth(server, c, args, slot);
        } else if (Args.is(name, "HELLO")) {
            hello(server, c, args, slot);
        } else if (Args.is(name, "QUIT")) {
            slot.reply(Reply.OK);
            c.connection.closeAfterReplies();
        } else if (!c.authenticated) {
            return false; // MULTI, EXEC, DISCARD need authentication: NOAUTH follows
        } else if (Args.is(name, "MULTI")) {
            if (args.size() != 1) {
                slot.reply(Reply.error("-ERR wrong number of arguments for 'multi' command"));
            } else if (c.multi != null) {
                slot.reply(Reply.error("-ERR MULTI calls can not be nested"));
            } else {
                c.startMulti();
                slot.reply(Reply.OK);
            }
        } else if (Args.is(name, "EXEC")) {
            if (args.size() != 1) {
                slot.reply(Reply.error("-ERR wrong number of arguments for 'exec' command"));
            } else if (c.multi == null) {
                slot.reply(Reply.error("-ERR EXEC without MULTI"));
            } else {
                server.exec(c, slot);
            }
        } else if (Args.is(name, "DISCARD")) {
            if (args.size() != 1) {
                slot.reply(Reply.error("-ERR wrong number of arguments for 'discard' command"));
            } else if (c.multi == null) {
                slot.reply(Reply.error("-ERR DISCARD without MULTI"));
            } else {
                c.endMulti();
                slot.reply(Reply.OK);
            }
        } else {
            return false;
        }
        c.lastCommand = Args.text(name).toLowerCase(java.util.Locale.ROOT);
        return true;
    }

    /** Whether {@code name} is one of these commands; the length rules out most others at once. */
    private static boolean isOne(byte[] name) {
        switch (name.length) {
            case 4:
                return Args.is(name, "AUTH") || Args.is(name, "QUIT") || Args.is(name, "EXEC");
            case 5:
                return Args.is(name, "HELLO") || Args.is(name, "MULTI");
            case 7:
                return Args.is(name, "DISCARD");
            default:
                return false;
        }
    }

    /** Compares in constant time, as Redis's {@code time_independent_strcmp}. */
    private static boolean passwordMatches(String expected, byte[] given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given);
    }

    /** Checks a username and password; null if fine, else the error reply. */
    private static String check(RedisServer server, byte[] user, byte[] pass) {
        String required = server.config.requirePass();
        if (user != null && !Args.text(user).equals("default")) {
            return WRONGPASS;
        }
        if (required.isEmpty()) {
            return user == null ? "-ERR AUTH <password> called without any password configured for the"
                    + " default user. Are you sure your configuration is correct?" : null;
        }
        return passwordMatches(required, pass) ? null : WRONGPASS;
    }

    private static void auth(RedisServer server, Client c, List<byte[]> args, Slot slot) {
        if (args.size() < 2) {
            slot.reply(Reply.error("-ERR wrong number of arguments for 'auth' command"));
            return;
        }
        if (args.size() > 3) {
            slot.reply(Reply.error("-" + Args.SYNTAX));
            return;
        }
        byte[] user = args.size() == 3 ? args.get(1) : null;
        String error = check(server, user, args.get(args.size() - 1));
        if (error != null) {
            slot.reply(Reply.error(error));
            return;
        }
        c.authenticated = true;
        slot.reply(Reply.OK);
    }

    private static void hello(RedisServer server, Client c, List<byte[]> args, Slot slot) {
        int protocol = c.connection.protocol();
        int i = 1;
        if (args.size() > 1) {
            Long version = Args.parseLong(args.get(1));
            if (version == null) {
                slot.reply(Reply.error("-ERR Protocol version is not an integer or out of range"));
                return;
            }
            if (version != 2 && version != 3) {
                slot.reply(Reply.error("-NOPROTO unsupported protocol version"));
                return;
            }
            protocol = version.intValue();
            i = 2;
        }
        String name = null;
        boolean authenticate = false;
        byte[] user = null;
        byte[] pass = null;
        for (; i < args.size(); i++) {
            boolean more = i + 1 < args.size();
            if (Args.is(args.get(i), "AUTH") && i + 2 < args.size()) {
                authenticate = true;
                user = args.get(i + 1);
                pass = args.get(i + 2);
                i += 2;
            } else if (Args.is(args.get(i), "SETNAME") && more) {
                name = Args.text(args.get(++i));
            } else {
                slot.reply(Reply.error("-ERR Syntax error in HELLO option '" + Args.text(args.get(i)) + "'"));
                return;
            }
        }
        if (authenticate) {
            String error = check(server, user, pass);
            if (error != null) {
                slot.reply(Reply.error(error));
                return;
            }
            c.authenticated = true;
        }
        if (!c.authenticated) {
            slot.reply(Reply.error("-NOAUTH HELLO must be called with the client already authenticated,"
                    + " otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate"
                    + " the client and select the RESP protocol version at the same time"));
            return;
        }
        if (name != null) {
            String error = ServerCommands.checkClientName(name);
            if (error != null) {
                slot.reply(Reply.error("-" + error));
                return;
            }
            c.connection.name(name.isEmpty() ? null : name);
        }
        c.connection.protocol(protocol);
        slot.reply(Reply.map(
                Reply.bulk("server"), Reply.bulk("redis"),
                Reply.bulk("version"), Reply.bulk(RedisServer.REDIS_VERSION),
                Reply.bulk("proto"), Reply.integer(protocol),
                Reply.bulk("id"), Reply.integer(c.id()),
                Reply.bulk("mode"), Reply.bulk("standalone"),
                Reply.bulk("role"), Reply.bulk("master"),
                Reply.bulk("modules"), Reply.array(List.of())));
    }
}

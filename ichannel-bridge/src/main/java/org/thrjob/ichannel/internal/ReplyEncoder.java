package org.thrjob.ichannel.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.thrjob.ichannel.Reply;

/**
 * Writes replies in RESP2 or RESP3, as Redis's {@code addReply*} functions do, including the RESP2
 * forms of the RESP3 types (see {@link Reply}).
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class ReplyEncoder {

    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);

    private ReplyEncoder() {
    }

    static void encode(Reply reply, int protocol, OutputBuffer out) {
        boolean resp3 = protocol == 3;
        if (reply == Reply.OK) {
            out.put(OK);
        } else if (reply == Reply.PONG) {
            out.put(PONG);
        } else if (reply instanceof Reply.BulkString bulk) {
            byte[] bytes = bulk.bytes();
            out.header('$', bytes.length);
            out.put(bytes);
            out.crlf();
        } else if (reply instanceof Reply.SimpleString simple) {
            out.put((byte) '+');
            putUtf8(simple.text(), out);
            out.crlf();
        } else if (reply instanceof Reply.IntegerReply integer) {
            out.header(':', integer.value());
        } else if (reply instanceof Reply.ErrorReply error) {
            out.put(errorLine(error.message()));
            out.crlf();
        } else if (reply instanceof Reply.NullReply nul) {
            out.put(resp3 ? NULL3 : nul == Reply.NullReply.BULK ? NULL_BULK : NULL_ARRAY);
        } else if (reply instanceof Reply.ArrayReply array) {
            aggregate('*', array.elements(), protocol, out);
        } else if (reply instanceof Reply.MapReply map) {
            List<Reply> kv = map.keysAndValues();
            if (resp3) {
                out.header('%', kv.size() / 2);
                for (Reply r : kv) {
                    encode(r, protocol, out);
                }
            } else {
                aggregate('*', kv, protocol, out);
            }
        } else if (reply instanceof Reply.SetReply set) {
            aggregate(resp3 ? '~' : '*', set.elements(), protocol, out);
        } else if (reply instanceof Reply.PushReply push) {
            aggregate(resp3 ? '>' : '*', push.elements(), protocol, out);
        } else if (reply instanceof Reply.DoubleReply d) {
            String text = formatDouble(d.value());
            if (resp3) {
                out.put((byte) ',');
                out.putAscii(text);
                out.crlf();
            } else {
                bulkAscii(text, out);
            }
        } else if (reply instanceof Reply.BooleanReply b) {
            if (resp3) {
                out.putAscii(b == Reply.BooleanReply.TRUE ? "#t" : "#f");
                out.crlf();
            } else {
                out.header(':', b == Reply.BooleanReply.TRUE ? 1 : 0);
            }
        } else if (reply instanceof Reply.BigNumberReply big) {
            if (resp3) {
                out.put((byte) '(');
                out.putAscii(big.digits());
                out.crlf();
            } else {
                bulkAscii(big.digits(), out);
            }
        } else if (reply instanceof Reply.VerbatimString verbatim) {
            byte[] text = verbatim.text();
            if (resp3) {
                out.header('=', text.length + 4L);
                out.putAscii(verbatim.format());
                out.put((byte) ':');
            } else {
                out.header('$', text.length);
            }
            out.put(text);
            out.crlf();
        } else if (reply instanceof Reply.BulkErrorReply error) {
            byte[] line = errorLine(error.message());
            if (resp3) {
                // The bulk form keeps the code but not the leading '-'.
                out.header('!', line.length - 1L);
                out.put(line, 1, line.length - 1);
            } else {
                out.put(line);
            }
            out.crlf();
        } else if (reply instanceof Reply.AttributeReply attribute) {
            if (resp3) {
                List<Reply> kv = attribute.attributes().keysAndValues();
                out.header('|', kv.size() / 2);
                for (Reply r : kv) {
                    encode(r, protocol, out);
                }
            }
            encode(attribute.reply(), protocol, out);
        } else {
            throw new IllegalArgumentException("unknown reply type " + reply.getClass().getName());
        }
    }

    private static void aggregate(char type, List<Reply> elements, int protocol, OutputBuffer out) {
        out.header(type, elements.size());
        for (Reply r : elements) {
            encode(r, protocol, out);
        }
    }

    private static void bulkAscii(String text, OutputBuffer out) {
        out.header('$', text.length());
        out.putAscii(text);
        out.crlf();
    }

    private static void putUtf8(String text, OutputBuffer out) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.put(bytes);
    }

    /**
     * The error line as Redis's {@code addReplyErrorLength} writes it: {@code -ERR } unless the
     * message brings its own {@code -CODE}, with CR and LF made spaces so the reply stays one line.
     */
    static byte[] errorLine(String message) {
        String line = message.startsWith("-") ? message : "-ERR " + message;
        return line.replace('\r', ' ').replace('\n', ' ').getBytes(StandardCharsets.UTF_8);
    }

    /** RESP3 doubles: {@code inf}, {@code -inf}, {@code nan}, integral values without a fraction. */
    static String formatDouble(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e17) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}

package org.thrjob.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.thrjob.ichannel.Reply;

/**
 * The adapter from modules-blocking's reply model to ichannel's: the dispatcher streams a reply as
 * calls (an array header, then its elements); this assembles them into one {@link Reply} value and
 * hands each complete top-level reply on, where it answers the oldest waiting slot.
 *
 * <p><b>Thread-safety:</b> not thread-safe: the main thread only.
 */
final class ReplyAssembler {

    /** An aggregate being filled: its kind, its elements so far, how many it needs. */
    private static final class Open {
        final char kind;
        final int needed;
        final List<Reply> elements;

        Open(char kind, int needed) {
            this.kind = kind;
            this.needed = needed;
            this.elements = new ArrayList<>(needed);
        }
    }

    private final Consumer<Reply> complete;
    private final ArrayList<Open> stack = new ArrayList<>();

    ReplyAssembler(Consumer<Reply> complete) {
        this.complete = complete;
    }

    /** A scalar reply, or the end of an aggregate: goes into the open aggregate or out. */
    void value(Reply reply) {
        Reply r = reply;
        while (true) {
            if (stack.isEmpty()) {
                complete.accept(r);
                return;
            }
            Open top = stack.get(stack.size() - 1);
            top.elements.add(r);
            if (top.elements.size() < top.needed) {
                return;
            }
            stack.remove(stack.size() - 1);
            r = close(top);
        }
    }

    /** An aggregate header: {@code a}rray, {@code m}ap (pairs) or {@code s}et. */
    void open(char kind, int count) {
        int needed = kind == 'm' ? count * 2 : count;
        if (needed == 0) {
            value(close(new Open(kind, 0)));
        } else {
            stack.add(new Open(kind, needed));
        }
    }

    private static Reply close(Open open) {
        switch (open.kind) {
            case 'm':
                return Reply.map(open.elements.toArray(new Reply[0]));
            case 's':
                return Reply.set(open.elements);
            default:
                return Reply.array(open.elements);
        }
    }
}

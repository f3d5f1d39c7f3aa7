package org.thrjob.threads.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.thrjob.api.SynLocal;

/**
 * Per-thread values of a syn: a {@link ThreadLocal} for the lookup, and a list of every value
 * created for {@link #collect()}. Each thread creates its value at most once (SPEC rule 5.8).
 *
 * <p><b>Thread-safety:</b> {@link #get()} from any thread returns that thread's value;
 * {@link #collect()} from any thread, meant for after the syn's {@code await}.
 *
 * @param <T> the value type
 */
final class SynLocalImpl<T> implements SynLocal<T> {

    private final Supplier<? extends T> initial;
    private final ConcurrentLinkedQueue<T> created = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<T> values = new ThreadLocal<>();

    SynLocalImpl(Supplier<? extends T> initial) {
        this.initial = initial;
    }

    @Override
    public T get() {
        T value = values.get();
        if (value == null) {
            value = initial.get();
            if (value == null) {
                throw new NullPointerException("the initial supplier of a SynLocal returned null;"
                        + " it must return a value for each thread");
            }
            values.set(value);
            created.add(value);
        }
        return value;
    }

    @Override
    public List<T> collect() {
        return List.copyOf(created);
    }

    @Override
    public String toString() {
        return "SynLocal[values=" + created.size() + "]";
    }
}

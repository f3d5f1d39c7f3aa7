package org.thrjob.bio;

import java.util.regex.Pattern;
import org.thrjob.api.spi.Checks;

/**
 * A kind of background job: Redis's {@code BIO_CLOSE_FILE}, {@code BIO_AOF_FSYNC},
 * {@code BIO_LAZY_FREE}, or one an application registers with {@link Bio#register(String)}.
 *
 * <p>Each kind has its own worker, a dedicated thr queue whose thread carries the kind's name, as
 * Redis names its bio threads. Jobs of one kind run one at a time in the order they were
 * submitted; jobs of different kinds run concurrently and in no particular order with each other.
 *
 * <p>A kind is its name: two {@code BioKind}s with the same name are equal. A {@link Bio} knows the
 * three built-in kinds and the kinds registered with it; passing it any other kind is an
 * {@link IllegalArgumentException} at the call.
 *
 * <p><b>Thread-safety:</b> immutable; may be shared between threads freely.
 *
 * <p><b>Null and range:</b> {@link #named(String)} rejects a null name with a
 * {@link NullPointerException} and a name that does not match {@code [A-Za-z0-9_.-]{1,64}} (a
 * thread name that reads well in a thread dump) with an {@link IllegalArgumentException}.
 */
public final class BioKind {

    /** Deferred {@code close(2)}: {@link Bio#close(java.io.Closeable)}; thread {@code bio_close_file}. */
    public static final BioKind CLOSE_FILE = new BioKind("bio_close_file");

    /** Deferred AOF fsync: {@link Bio#fsync(java.nio.channels.FileChannel)}; thread {@code bio_aof_fsync}. */
    public static final BioKind AOF_FSYNC = new BioKind("bio_aof_fsync");

    /** Deferred freeing of objects: {@link Bio#lazyFree}; thread {@code bio_lazy_free}. */
    public static final BioKind LAZY_FREE = new BioKind("bio_lazy_free");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final String name;

    private BioKind(String name) {
        this.name = name;
    }

    /**
     * The kind of the given name. It still has to be {@linkplain Bio#register(String) registered}
     * with a {@link Bio} before jobs of it can be submitted there.
     *
     * @param name the kind's name, also its thread's name; Redis's style is {@code bio_<what>}
     * @return the kind; equal to any other kind of the same name
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code name} does not match {@code [A-Za-z0-9_.-]{1,64}}
     */
    public static BioKind named(String name) {
        Checks.notNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bio kind name must match [A-Za-z0-9_.-]{1,64} (it names"
                    + " a thread) but was '" + name + "'");
        }
        return new BioKind(name);
    }

    /**
     * The kind's name, which is also the name of its worker thread.
     *
     * @return the name, never null
     */
    public String name() {
        return name;
    }

    /**
     * Tells whether {@code other} is a kind of the same name.
     *
     * @param other the object to compare with; may be null
     * @return true for a {@code BioKind} of the same name
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof BioKind && ((BioKind) other).name.equals(name);
    }

    /**
     * A hash of the name.
     *
     * @return the name's hash code
     */
    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /**
     * The name.
     *
     * @return the kind's name
     */
    @Override
    public String toString() {
        return name;
    }
}

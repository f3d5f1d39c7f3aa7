package org.thrjob.blocking;

import java.util.Set;

/**
 * A registered command: its lower-case name, Redis arity, flags and implementation.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param name    the lower-case name
 * @param arity   the number of arguments including the name if positive; at least
 *                {@code -arity} if negative; never 0
 * @param flags   the flags (unmodifiable)
 * @param module  the name of the module that registered it
 * @param command the implementation
 */
public record CommandSpec(String name, int arity, Set<CommandFlag> flags, String module, Command command) {

    /**
     * Checks the components.
     *
     * @param name    the lower-case name
     * @param arity   the Redis arity, not 0
     * @param flags   the flags
     * @param module  the registering module's name
     * @param command the implementation
     * @throws NullPointerException     if a component is null
     * @throws IllegalArgumentException if {@code arity} is 0
     */
    public CommandSpec {
        java.util.Objects.requireNonNull(name, "name must not be null");
        java.util.Objects.requireNonNull(module, "module must not be null");
        java.util.Objects.requireNonNull(command, "command must not be null");
        flags = Set.copyOf(flags);
        if (arity == 0) {
            throw new IllegalArgumentException("arity of '" + name + "' must not be 0: use n for"
                    + " exactly n arguments (the name included) or -n for at least n");
        }
    }

    /**
     * Whether {@code argc} arguments (the name included) fit the arity, as Redis checks it.
     *
     * @param argc the number of arguments
     * @return true if the call may go ahead
     */
    public boolean acceptsArgc(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }
}

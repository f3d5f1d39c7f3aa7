package org.thrjob.blocking;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import org.thrjob.api.Thr;
import org.thrjob.api.spi.Checks;

/**
 * The command table: modules register commands by name (case-insensitive), arity and flags, and
 * the dispatcher looks them up and rejects bad calls with Redis's error texts.
 *
 * <p><b>Thread-safety:</b> thread-safe; registration normally happens before the server starts.
 * Null arguments are refused with {@link NullPointerException}.
 */
public final class CommandRegistry {

    private final Map<String, CommandSpec> commands = new ConcurrentHashMap<>();
    private volatile String loadingModule = "host";
    /** The names of the modules loaded and not unloaded, in load order. */
    private final List<String> loaded = new java.util.concurrent.CopyOnWriteArrayList<>();
    /**
     * The ASCII names again, in an open-addressing table probed with the request's bytes, so that
     * dispatching a call allocates no String and hashes no String (copy-on-write: rebuilt on each
     * registration, read without a lock). Slots hold {@code CommandSpec}s; null is empty.
     */
    private volatile CommandSpec[] byBytes = new CommandSpec[16];

    private final Thr runtime;

    /**
     * Creates an empty registry whose host gives its modules no runtime: {@link #runtime()}
     * throws. For hosts and tests whose modules post no jobs.
     */
    public CommandRegistry() {
        this.runtime = null;
    }

    /**
     * Creates an empty registry that hands its modules the host's runtime ({@link #runtime()}).
     *
     * @param runtime the host's runtime, whose main queue the dispatcher runs on; not null
     */
    public CommandRegistry(Thr runtime) {
        this.runtime = Checks.notNull(runtime, "runtime");
    }

    /**
     * The host's runtime, for a module's jobs ({@code postAfter}, {@code schedule}, dedicated
     * queues): a module posts its work here rather than creating a runtime of its own, so that
     * the host's provider, thread budget and shutdown apply to it too. A module may keep it past
     * {@link CommandModule#register}; it must not close it (the host does, when it stops; jobs
     * posted after that are refused with {@link org.thrjob.api.RejectedJobException}).
     *
     * @return the host's runtime (never null)
     * @throws IllegalStateException if the host made this registry without one
     */
    public Thr runtime() {
        if (runtime == null) {
            throw new IllegalStateException("this host gives its modules no runtime: the host must"
                    + " create its registry with new CommandRegistry(thr)");
        }
        return runtime;
    }

    /**
     * Registers a command ({@code RedisModule_CreateCommand}).
     *
     * @param name    the command name, any case; not blank
     * @param arity   Redis arity: n for exactly n arguments (the name included), -n for at least n
     * @param command the implementation
     * @param flags   the flags
     * @return the registered command
     * @throws IllegalArgumentException if the arity is 0, or if the name is taken, with Redis's
     *                                  {@code ERR command 'x' already exists} and the owner's name
     */
    public CommandSpec register(String name, int arity, Command command, CommandFlag... flags) {
        Checks.notBlank(name, "name");
        Checks.notNull(command, "command");
        EnumSet<CommandFlag> set = EnumSet.noneOf(CommandFlag.class);
        for (CommandFlag flag : flags) {
            set.add(Checks.notNull(flag, "flag"));
        }
        String key = name.toLowerCase(Locale.ROOT);
        CommandSpec spec = new CommandSpec(key, arity, set, loadingModule, command);
        synchronized (this) {
            CommandSpec earlier = commands.putIfAbsent(key, spec);
            if (earlier != null) {
                throw new IllegalArgumentException("ERR command '" + key + "' already exists"
                        + " (registered by module '" + earlier.module() + "'); module '"
                        + spec.module() + "' must pick another name");
            }
            rebuildByBytes();
        }
        return spec;
    }

    /**
     * Registers the commands of one module, attributing them to it.
     *
     * @param module the module
     * @throws IllegalArgumentException if one of its names is taken; the commands registered
     *                                  before that one stay
     */
    public synchronized void load(CommandModule module) {
        Checks.notNull(module, "module");
        String name = Checks.notBlank(module.name(), "module name");
        if (loaded.contains(name) || "host".equals(name)) {
            throw new IllegalArgumentException("ERR a module named '" + name + "' is already loaded:"
                    + " unload it first, or give this module another name");
        }
        loadingModule = name;
        try {
            module.register(this);
        } finally {
            loadingModule = "host";
            loaded.add(name);
        }
    }

    /**
     * The modules loaded ({@code MODULE LIST}).
     *
     * @return their names, in load order (a snapshot)
     */
    public List<String> modules() {
        return List.copyOf(loaded);
    }

    /**
     * Removes a module's commands; the dispatcher's {@link CommandDispatcher#unloadModule} checks
     * first that nothing of the module is running.
     *
     * @return false if no module of that name is loaded
     */
    synchronized boolean remove(String module) {
        if (!loaded.remove(module)) {
            return false;
        }
        commands.values().removeIf(spec -> spec.module().equals(module));
        rebuildByBytes();
        return true;
    }

    /**
     * Loads every {@link CommandModule} that {@link ServiceLoader} finds: the module path's
     * {@code provides}, and {@code META-INF/services} on the class path.
     *
     * @param loader the class loader to search, or null for the system class loader
     * @return the names of the modules loaded, in load order
     * @throws java.util.ServiceConfigurationError if a module cannot be instantiated
     */
    public List<String> loadModules(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        for (CommandModule module : ServiceLoader.load(CommandModule.class, loader)) {
            load(module);
            names.add(module.name());
        }
        return names;
    }

    /**
     * Looks a command up.
     *
     * @param name the name, any case
     * @return the command, or empty
     */
    public Optional<CommandSpec> lookup(String name) {
        return Optional.ofNullable(commands.get(name.toLowerCase(Locale.ROOT)));
    }

    /**
     * Looks a command up by the bytes of its name as they came from the client, ASCII
     * case-insensitively, without allocating; names with other bytes take the String path.
     *
     * @param name the name's bytes, as the client sent them
     * @return the command, or empty
     */
    public Optional<CommandSpec> lookup(byte[] name) {
        return Optional.ofNullable(find(name));
    }

    private CommandSpec find(byte[] name) {
        CommandSpec[] table = byBytes;
        int mask = table.length - 1;
        for (int i = asciiHash(name) & mask; ; i = (i + 1) & mask) {
            CommandSpec spec = table[i];
            if (spec == null) {
                break;
            }
            if (asciiEqualsIgnoreCase(spec.name(), name)) {
                return spec;
            }
        }
        for (byte b : name) {
            if (b < 0) {
                return lookup(new String(name, StandardCharsets.UTF_8)).orElse(null);
            }
        }
        return null;
    }

    private void rebuildByBytes() {
        int size = 16;
        while (size < commands.size() * 4) {
            size <<= 1;
        }
        CommandSpec[] table = new CommandSpec[size];
        for (CommandSpec spec : commands.values()) {
            if (!spec.name().chars().allMatch(c -> c < 0x80)) {
                continue; // found through the String path
            }
            byte[] bytes = spec.name().getBytes(StandardCharsets.US_ASCII);
            int i = asciiHash(bytes) & (size - 1);
            while (table[i] != null) {
                i = (i + 1) & (size - 1);
            }
            table[i] = spec;
        }
        byBytes = table;
    }

    private static int lower(int b) {
        return b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
    }

    private static int asciiHash(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + lower(b);
        }
        return h ^ (h >>> 16);
    }

    private static boolean asciiEqualsIgnoreCase(String lowerName, byte[] name) {
        if (lowerName.length() != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (lowerName.charAt(i) != lower(name[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The registered commands.
     *
     * @return a snapshot, in no particular order
     */
    public Collection<CommandSpec> commands() {
        return List.copyOf(commands.values());
    }

    /**
     * Redis's reply to an unknown command:
     * {@code ERR unknown command 'foo', with args beginning with: 'a' 'b' } (arguments quoted, each
     * followed by a space, until 128 characters).
     *
     * @param args the call, its name first
     * @return the error text
     */
    public static String unknownCommandError(List<byte[]> args) {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i < args.size() && list.length() < 128; i++) {
            String arg = text(args.get(i));
            int room = 128 - list.length();
            list.append('\'').append(arg, 0, Math.min(arg.length(), room)).append("' ");
        }
        String name = text(args.get(0));
        return "ERR unknown command '" + name.substring(0, Math.min(name.length(), 128))
                + "', with args beginning with: " + list;
    }

    /**
     * Redis's reply to a wrong number of arguments.
     *
     * @param name the command's name
     * @return {@code ERR wrong number of arguments for 'name' command}
     */
    public static String wrongArityError(String name) {
        return "ERR wrong number of arguments for '" + name.toLowerCase(Locale.ROOT) + "' command";
    }

    /** Redis replaces CR and LF in echoed input by spaces so that the error stays one line. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).replace('\r', ' ').replace('\n', ' ');
    }
}

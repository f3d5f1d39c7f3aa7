package org.thrjob.blocking;

/** A module found through ServiceLoader by {@link CommandRegistryTest}: ECHO-like. */
public final class ExampleModule implements CommandModule {

    /** The ServiceLoader constructor. */
    public ExampleModule() {
    }

    @Override
    public String name() {
        return "example";
    }

    @Override
    public void register(CommandRegistry registry) {
        registry.register("example.echo", 2, (ctx, args) -> ctx.replyBulk(args.get(1)), CommandFlag.FAST);
    }
}

/**
 * HELLO.SEED, the example of Redis's blocking-commands guide as a thrjob command module: block the
 * client, let a job wait one second, reply {@code Hello!}, or null on timeout.
 */
module org.thrjob.modules.helloseed {
    requires org.thrjob.blocking;

    provides org.thrjob.blocking.CommandModule with org.thrjob.modules.helloseed.HelloSeedModule;
}

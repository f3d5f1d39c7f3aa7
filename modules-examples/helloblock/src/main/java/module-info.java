/**
 * HELLO.BLOCK and HELLO.KEYS, Redis's {@code src/modules/helloblock.c} as a thrjob command module:
 * a blocking command whose slow part runs as a job, packaged as a third-party author would.
 */
module org.thrjob.modules.helloblock {
    requires org.thrjob.blocking;

    provides org.thrjob.blocking.CommandModule with org.thrjob.modules.helloblock.HelloBlockModule;
}

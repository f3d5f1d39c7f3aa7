/**
 * BLOCK.*, Redis's {@code tests/modules/blockonbackground.c} as a thrjob command module: blocking
 * commands whose background time is measured into the command statistics, and a client blocked
 * until another one releases it.
 */
module org.thrjob.modules.block {
    requires org.thrjob.blocking;

    provides org.thrjob.blocking.CommandModule with org.thrjob.modules.block.BlockModule;
}

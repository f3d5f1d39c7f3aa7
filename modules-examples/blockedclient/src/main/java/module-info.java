/**
 * Redis's {@code tests/modules/blockedclient.c} as a thrjob command module, the commands that need
 * neither RM_Call nor replication: ACQUIRE_GIL, DO_FAKE_BG_TRUE, UNBLOCK_BY_TIMER.
 */
module org.thrjob.modules.blockedclient {
    requires org.thrjob.blocking;

    provides org.thrjob.blocking.CommandModule with org.thrjob.modules.blockedclient.BlockedClientModule;
}

/**
 * FSL.* and BLOCKONKEYS.*, Redis's {@code tests/modules/blockonkeys.c} as a thrjob command module:
 * clients blocked on keys of a module's own type (the fixed-size list) and on native lists.
 */
module org.thrjob.modules.blockonkeys {
    requires org.thrjob.blocking;

    provides org.thrjob.blocking.CommandModule with org.thrjob.modules.blockonkeys.BlockOnKeysModule;
}

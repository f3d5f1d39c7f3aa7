/**
 * A Redis-compatible server made of thrjob's parts: ichannel-bridge's event loop carries the
 * requests, modules-blocking runs the commands (BLPOP blocks on keys through it), bio runs the
 * append-only file's fsyncs and the lazy frees. The provider is chosen at deploy time by
 * {@code Thr.create()}; command modules on the module path are loaded through ServiceLoader.
 */
module org.thrjob.server {
    requires org.thrjob.api;
    requires org.thrjob.bio;
    requires org.thrjob.blocking;
    requires org.thrjob.ichannel;
    requires org.slf4j;

    exports org.thrjob.server;

    uses org.thrjob.blocking.CommandModule;
}

/**
 * Test support for the example command modules: the server in process (the module found on the
 * class path) and as a child process (the module found on the module path), once per provider
 * that ServiceLoader finds, and a Jedis call for commands Jedis does not know.
 */
module org.thrjob.modules.testkit {
    requires transitive org.thrjob.server;
    requires org.thrjob.api;
    requires transitive org.junit.jupiter.api;
    requires transitive redis.clients.jedis;

    exports org.thrjob.modules.testkit;

    uses org.thrjob.api.spi.ThrProvider;
}

/**
 * The thrjob TCK: abstract JUnit 5 test classes that check a provider against {@code docs/SPEC.md}.
 * A provider's tests extend each class and return the provider under test; see the module's
 * README.
 */
module org.thrjob.tck {
    requires transitive org.thrjob.api;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;

    uses org.thrjob.api.spi.ThrProvider;

    exports org.thrjob.tck;
    opens org.thrjob.tck to org.junit.platform.commons;
}

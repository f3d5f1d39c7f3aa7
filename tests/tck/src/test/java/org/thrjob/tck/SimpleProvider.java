package org.thrjob.tck;

import org.thrjob.api.Thr;
import org.thrjob.api.ThrConfig;
import org.thrjob.api.spi.ThrProvider;

/** The provider of {@link SimpleThr}, with the flaw it is built with. */
final class SimpleProvider implements ThrProvider {

    static final String NAME = "simple";

    private final SimpleThr.Flaw flaw;

    SimpleProvider(SimpleThr.Flaw flaw) {
        this.flaw = flaw;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Thr create(ThrConfig config) {
        return SimpleThr.start(config, flaw);
    }
}

package org.thrjob.api;

import org.thrjob.api.spi.ThrProvider;

/** Listed in the test class path's service file beside a class that does not exist. */
public final class LoadableProvider implements ThrProvider {

    /** For {@link java.util.ServiceLoader}. */
    public LoadableProvider() {
    }

    @Override
    public String name() {
        return "loadable";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Thr create(ThrConfig config) {
        throw new UnsupportedOperationException("lookup tests never create a runtime");
    }
}

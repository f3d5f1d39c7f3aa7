package org.thrjob.threads;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Nested;
import org.thrjob.api.spi.ThrProvider;
import org.thrjob.tck.BlockedClientTck;
import org.thrjob.tck.BlockingTck;
import org.thrjob.tck.ConfigTck;
import org.thrjob.tck.ForEachTck;
import org.thrjob.tck.FutureTck;
import org.thrjob.tck.MailboxTck;
import org.thrjob.tck.RecursivePatternTck;
import org.thrjob.tck.StatsTck;
import org.thrjob.tck.SynTck;
import org.thrjob.tck.SynFailureTck;
import org.thrjob.tck.SynLocalTck;
import org.thrjob.tck.TimerTck;
import org.thrjob.tck.WhenDoneTck;

/**
 * Runs the second half of the TCK (SPEC sections 5, 6, 8, 9 and rule 1.5) against the threads
 * provider, found by name through {@link ServiceLoader} as an application would find it.
 */
class ThreadsTck2Test {

    /** The provider named "threads" on the test class path. */
    static ThrProvider threads() {
        return ServiceLoader.load(ThrProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("threads"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ThrProvider named 'threads' on the class path"));
    }

    @Nested
    class Syn extends SynTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }

    @Nested
    class SynFailure extends SynFailureTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }

    @Nested
    class SynLocal extends SynLocalTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }

    @Nested
    class WhenDone extends WhenDoneTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }

    @Nested
    class ForEach extends ForEachTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }

    @Nested
    class Blocking extends BlockingTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }

    @Nested
    class Timer extends TimerTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }

    @Nested
    class Stats extends StatsTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }

    @Nested
    class Mailbox extends MailboxTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }

    @Nested
    class Future extends FutureTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }

    @Nested
    class BlockedClient extends BlockedClientTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }

    @Nested
    class RecursivePattern extends RecursivePatternTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }

    @Nested
    class Config extends ConfigTck {
        @Override
        protected ThrProvider provider() {
            return threads();
        }
    }
}

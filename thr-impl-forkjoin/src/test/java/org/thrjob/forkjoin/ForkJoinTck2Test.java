package org.thrjob.forkjoin;

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
 * Runs the second half of the TCK (SPEC sections 5, 6, 8, 9 and rule 1.5) against the forkjoin
 * provider, found by name through {@link ServiceLoader} as an application would find it.
 */
class ForkJoinTck2Test {

    /** The provider named "forkjoin" on the test class path. */
    static ThrProvider forkjoin() {
        return ServiceLoader.load(ThrProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("forkjoin"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ThrProvider named 'forkjoin' on the class path"));
    }

    @Nested
    class Syn extends SynTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class SynFailure extends SynFailureTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class SynLocal extends SynLocalTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class WhenDone extends WhenDoneTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class ForEach extends ForEachTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class Blocking extends BlockingTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class Timer extends TimerTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class Stats extends StatsTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class Mailbox extends MailboxTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class Future extends FutureTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class BlockedClient extends BlockedClientTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class RecursivePattern extends RecursivePatternTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class Config extends ConfigTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }
}

package org.thrjob.forkjoin;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Nested;
import org.thrjob.api.spi.ThrProvider;
import org.thrjob.tck.BadInputTck;
import org.thrjob.tck.CloseTck;
import org.thrjob.tck.DedicatedQueueTck;
import org.thrjob.tck.ExecutorViewTck;
import org.thrjob.tck.FailureTck;
import org.thrjob.tck.MainQueueTck;
import org.thrjob.tck.ProviderLookupTck;
import org.thrjob.tck.QueueSyncTck;
import org.thrjob.tck.RejectionTck;
import org.thrjob.tck.RuntimeThreadsTck;
import org.thrjob.tck.SerialQueueTck;
import org.thrjob.tck.UnorderedJobTck;
import org.thrjob.tck.WidthQueueTck;

/**
 * Runs the TCK classes of SPEC rules 1.1, 1.2 and 1.6 to 1.8 and sections 2, 3, 4 and 7 against
 * the {@code forkjoin} provider, found the way applications find it: by name through
 * {@link ServiceLoader}, never by naming its class.
 *
 * <p>Thread-safety: JUnit runs the nested classes one test at a time.
 */
class ForkJoinTck1Test {

    /** The provider under test, looked up by its name. */
    static ThrProvider forkjoin() {
        for (ThrProvider provider : ServiceLoader.load(ThrProvider.class)) {
            if ("forkjoin".equals(provider.name())) {
                return provider;
            }
        }
        throw new AssertionError("no ThrProvider named 'forkjoin' on the test class path;"
                + " check META-INF/services/org.thrjob.api.spi.ThrProvider of thr-impl-forkjoin");
    }

    @Nested
    class RuntimeThreads extends RuntimeThreadsTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class UnorderedJob extends UnorderedJobTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class Failure extends FailureTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class BadInput extends BadInputTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class ExecutorView extends ExecutorViewTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class SerialQueue extends SerialQueueTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class QueueSync extends QueueSyncTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class WidthQueue extends WidthQueueTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class DedicatedQueue extends DedicatedQueueTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class MainQueue extends MainQueueTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class Close extends CloseTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class Rejection extends RejectionTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }

    @Nested
    class ProviderLookup extends ProviderLookupTck {
        @Override
        protected ThrProvider provider() {
            return forkjoin();
        }
    }
}

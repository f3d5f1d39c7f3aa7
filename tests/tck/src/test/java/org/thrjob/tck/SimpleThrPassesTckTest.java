package org.thrjob.tck;

/**
 * The whole second half of the TCK passes on {@link SimpleThr} without a flaw: a runtime simple
 * enough to be obviously right shows that the tests check the SPEC, not one provider's quirks.
 */
class SimpleThrPassesTckTest {

    @org.junit.jupiter.api.Nested
    class Syn extends SynTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }

    @org.junit.jupiter.api.Nested
    class SynFailure extends SynFailureTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }

    @org.junit.jupiter.api.Nested
    class SynLocal extends SynLocalTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }

    @org.junit.jupiter.api.Nested
    class WhenDone extends WhenDoneTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }

    @org.junit.jupiter.api.Nested
    class ForEach extends ForEachTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }

    @org.junit.jupiter.api.Nested
    class Blocking extends BlockingTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }

    @org.junit.jupiter.api.Nested
    class Timer extends TimerTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }

    @org.junit.jupiter.api.Nested
    class Stats extends StatsTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }

    @org.junit.jupiter.api.Nested
    class Mailbox extends MailboxTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }

    @org.junit.jupiter.api.Nested
    class Future extends FutureTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }

    @org.junit.jupiter.api.Nested
    class BlockedClient extends BlockedClientTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }

    @org.junit.jupiter.api.Nested
    class RecursivePattern extends RecursivePatternTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }

    @org.junit.jupiter.api.Nested
    class Config extends ConfigTck {
        @Override
        protected org.thrjob.api.spi.ThrProvider provider() {
            return new SimpleProvider(SimpleThr.Flaw.NONE);
        }
    }
}

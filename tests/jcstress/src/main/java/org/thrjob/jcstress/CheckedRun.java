package org.thrjob.jcstress;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.openjdk.jcstress.Main;

/**
 * Runs jcstress and turns its verdict into an exit status the build can rely on. jcstress 0.16
 * states its verdict in its console summary and HTML report; how it exits is not a documented
 * contract (with forbidden outcomes its report printer throws, which happens to exit 1). This
 * launcher passes its arguments to jcstress unchanged, echoes everything it prints, and exits 1
 * unless the summary was printed and says that no test failed and none had an error.
 *
 * <p>Thread-safety: a command-line entry point, run once per JVM.
 */
public final class CheckedRun {

    private CheckedRun() {
    }

    /**
     * Runs jcstress with {@code args} and exits 1 if a test failed or had an error.
     *
     * @param args jcstress's own options, e.g. {@code -m quick}
     * @throws Exception what jcstress throws
     */
    public static void main(String[] args) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(console, captured), true, StandardCharsets.UTF_8));
        try {
            Main.main(args);
        } finally {
            System.out.flush();
            System.setOut(console);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        boolean ran = output.contains("RUN RESULTS:");
        boolean noFailure = output.contains("Failed tests: No matches.");
        boolean noError = output.contains("Error tests: No matches.");
        if (!ran || !noFailure || !noError) {
            console.println("jcstress: FAILED (" + (!ran ? "no summary was printed"
                    : !noFailure ? "a test has a forbidden outcome" : "a test had an error")
                    + "); see the report above and target/jcstress-results/index.html");
            System.exit(1);
        }
        console.println("jcstress: every test passed");
    }

    /** Writes to two streams at once. */
    private static final class Tee extends OutputStream {

        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            first.flush();
            second.flush();
        }
    }
}

package org.hitlmidi;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hitlmidi.midi.JackDummyServer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (jackd, root, a tool). On a developer's machine without it the test is skipped
 * with the reason; in CI ({@code CI=true}) it fails instead, since the README's and docs/reliability.md's claims
 * rest on these tests and a silent skip would leave a claim untested while CI stays green.
 */
public final class Required {
    private Required() {
    }

    /** True under CI: the environment variable CI is "true" (as CI runs .ci/run). */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (or under CI fails) the test unless {@code present}; {@code what} says what is missing and where from. */
    public static void that(boolean present, String what) {
        that(present, what, inCi());
    }

    /** {@link #that(boolean, String)} with CI given: how RequiredTest checks both sides in one run. */
    static void that(boolean present, String what, boolean ci) {
        if (!present && ci) {
            Assertions.fail(what + " (CI=true: a claim rests on this test, so it fails instead of skipping)");
        }
        Assumptions.assumeTrue(present, what);
    }

    /** ../shared (beside the repository: the simulated listeners), which CI has. */
    public static void shared(java.nio.file.Path raters) {
        that(Files.isRegularFile(raters.resolve("rater.py")), raters + " (../shared beside the repository) is missing");
    }

    public static void jackd() {
        that(JackDummyServer.installed(), "jackd is not installed (installer/test-deps installs it)");
    }

    public static void python() {
        that(Files.isExecutable(Path.of(ExternalTools.PYTHON)), ExternalTools.PYTHON + " is not installed");
    }

    public static void root(String why) {
        that("root".equals(System.getProperty("user.name")), why + " needs root (CI runs as root)");
    }

    public static void executable(String path) {
        that(Files.isExecutable(Path.of(path)), path + " is not installed (installer/test-deps installs it)");
    }

    public static void file(String path) {
        that(Files.isRegularFile(Path.of(path)), path + " is missing (installer/test-deps installs it)");
    }
}

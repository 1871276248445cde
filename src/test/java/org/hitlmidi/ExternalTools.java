package org.hitlmidi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the independent tools the tests check against (midicsv, mido, sox...), installed by .ci/run. */
public final class ExternalTools {
    public static final String PYTHON = "/usr/bin/python3";

    private ExternalTools() {
    }

    public record Result(int code, String out, String err) {
    }

    public static Result run(List<String> argv, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).start();
        var out = new java.io.ByteArrayOutputStream();
        var err = new java.io.ByteArrayOutputStream();
        Thread a = new Thread(() -> copy(p.getInputStream(), out));
        Thread b = new Thread(() -> copy(p.getErrorStream(), err));
        a.start();
        b.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(argv + " did not finish in " + timeoutSeconds + " s");
        }
        a.join();
        b.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs and fails unless the exit code is 0; returns stdout. */
    public static String check(List<String> argv) throws IOException, InterruptedException {
        Result r = run(argv, 60);
        if (r.code() != 0) {
            throw new AssertionError(argv + " exited " + r.code() + ": " + r.err());
        }
        return r.out();
    }

    /** RMS amplitude (0..1) of {@code length} seconds of a sound file from {@code from}, measured by sox. */
    public static double soxRms(Path wav, double from, double length) throws IOException, InterruptedException {
        Result r = run(List.of("sox", wav.toString(), "-n", "trim", String.valueOf(from), String.valueOf(length),
                "stat"), 60);
        for (String line : r.err().split("\n")) {
            if (line.startsWith("RMS     amplitude:")) {
                return Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        throw new AssertionError("sox stat gave no RMS: " + r.err());
    }

    /** The repository's top folder (surefire passes it; the working directory otherwise). */
    public static Path repo() {
        return Path.of(System.getProperty("hitl.repo", ".")).toAbsolutePath();
    }

    /**
     * ../shared/raters, beside the repository, where the shared simulated listeners live. A fresh clone has no
     * ../shared: the test calling this is then skipped, saying so; under CI=true it fails (CI has it and runs them).
     */
    public static Path sharedRaters() {
        Path raters = repo().resolve("../shared/raters").normalize();
        Required.shared(raters);
        return raters;
    }

    private static void copy(java.io.InputStream in, java.io.OutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process ended
        }
    }
}

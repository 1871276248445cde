package org.hitlmidi.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs systemctl or launchctl; a seam so the plan can be shown without running anything. */
public interface CommandRunner {
    record Result(int code, String output) {
    }

    Result run(List<String> argv) throws IOException;

    /** Runs the program for real, output and errors merged, for at most 60 s. */
    static CommandRunner processes() {
        return argv -> {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out;
            try (var in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IOException(String.join(" ", argv) + " did not finish in 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted while running " + String.join(" ", argv), e);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
        };
    }
}

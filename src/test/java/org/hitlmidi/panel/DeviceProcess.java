package org.hitlmidi.panel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.DeviceClient;
import org.hitlmidi.control.DeviceRequest;
import org.hitlmidi.control.SocketPaths;

/**
 * A real device process (`hitl-midi device`) on a data dir of the test, with the built-in synth as its port
 * and its own socket: what the panel talks to in production, started from the test's classpath.
 */
final class DeviceProcess implements AutoCloseable {
    private final Path dataDir;
    private final Path socket;
    private final String backend;
    private final java.util.Map<String, String> env;
    private Process process;

    DeviceProcess(Path dataDir) {
        this(dataDir, "synth", java.util.Map.of());
    }

    /** @param env added to the process's environment (which JACK server to use) */
    DeviceProcess(Path dataDir, String backend, java.util.Map<String, String> env) {
        this.dataDir = dataDir;
        this.socket = dataDir.resolve("s").resolve("control.sock");
        this.backend = backend;
        this.env = env;
    }

    Path socket() {
        return socket;
    }

    Path dataDir() {
        return dataDir;
    }

    DeviceSession.Connector connector() {
        return () -> ControlClient.connect(socket, Duration.ofSeconds(5));
    }

    /** Starts the process and returns once its socket answers and it has loaded. */
    DeviceProcess start() throws IOException, InterruptedException {
        Files.createDirectories(socket.getParent());
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED",
                "org.hitlmidi.cli.Main", "device", "--data-dir", dataDir.toString(), "--socket", socket.toString(),
                "--backend", backend, "--seed", "7"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("device-out.txt").toFile());
        pb.environment().putAll(env);
        process = pb.start();
        // the socket answers while the device still loads (status says "loading": 8c01caa); the tests read its store
        // and expect its profile there, so this waits for a status that no longer says loading
        boolean answers = org.hitlmidi.Await.within(java.time.Duration.ofSeconds(30),
                () -> !process.isAlive() || SocketPaths.answers(socket) && loaded());
        if (!process.isAlive()) {
            throw new IllegalStateException("the device exited with " + process.exitValue() + ": "
                    + Files.readString(dataDir.resolve("device-out.txt")));
        }
        if (!answers) {
            throw new IllegalStateException("the device did not answer within 30 s");
        }
        return this;
    }

    private boolean loaded() {
        try (ControlClient c = ControlClient.connect(socket, Duration.ofSeconds(5))) {
            // the typed client's status asks again while the device says loading (as the CLI and the panel do)
            return !new DeviceClient(c).callJson(new DeviceRequest.Status()).path("loading").asBoolean(false);
        } catch (Exception e) {
            return false;
        }
    }

    /** Stops the process the hard way (what a crash looks like to the panel). */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}

package org.hitlmidi.midi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JACK server of our own with the dummy driver (no sound card needed, real JACK timing), under a unique name
 * so it never meets a user's server: for the tests and {@code bench timing}. Clients of other processes find it
 * through JACK_DEFAULT_SERVER ({@link #environment()}); ours through {@link PortOptions#withJackServer}.
 */
public final class JackDummyServer implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private final String name;
    private final int rate;
    private final int period;
    private final Path log;
    private Process process;
    /** With PipeWire: the harness's instance, set to our rate and period, and its profiler. */
    private PipeWireGraph graph;

    /** The system property that starts the server real-time (jackd --realtime: its clients' process threads too). */
    public static final String REALTIME_PROPERTY = "hitl.jackd.realtime";

    private JackDummyServer(String name, int rate, int period) throws IOException {
        this.name = name;
        this.rate = rate;
        this.period = period;
        this.log = Files.createTempFile("hitl-jackd-", ".log");
    }

    /**
     * Starts {@code jackd --no-realtime -n <unique> -d dummy -r rate -p period} and waits until it answers; the JACK
     * clients this process opens itself ({@link JackProbeClient}) go to it from now on (JACK_DEFAULT_SERVER).
     */
    public static JackDummyServer start(int rate, int period) throws IOException, InterruptedException {
        if (pipewire()) { // the PipeWire instance the harness started, at this rate and period
            JackDummyServer s = new JackDummyServer("default", rate, period);
            s.graph = PipeWireGraph.start(rate, period);
            return s;
        }
        String name = "hitl-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        JackDummyServer s = new JackDummyServer(name, rate, period);
        s.startProcess();
        if (!com.sun.jna.Platform.isWindows()) {
            org.hitlmidi.midi.nativ.Posix.setenv("JACK_DEFAULT_SERVER", name, 1);
        }
        return s;
    }

    private void startProcess() throws IOException, InterruptedException {
        // jackd allows 8 servers per machine: when test runs of several projects meet, wait for a slot
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                startOnce();
                return;
            } catch (IOException e) {
                if (!String.valueOf(e.getMessage()).contains("Too many servers") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500); // a back-off on purpose: another test's server is going away
            }
        }
    }

    private void startOnce() throws IOException, InterruptedException {
        // a watchdog shell owns jackd: when this JVM dies without closing us (a crash, kill -9), jackd goes too
        String jackd = "jackd " + (Boolean.getBoolean(REALTIME_PROPERTY) ? "--realtime" : "--no-realtime") + " -n " + name + " -d dummy -r " + rate + " -p " + period;
        String script = jackd + " & j=$!; trap 'kill $j 2>/dev/null; wait $j; exit 0' TERM INT; "
                + "while kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null && kill -0 $j 2>/dev/null; do "
                + "sleep 1 & wait $!; done; kill $j 2>/dev/null; wait $j";
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script);
        pb.environment().putAll(environment());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                process.waitFor(2, TimeUnit.SECONDS);
                throw new IOException("jackd exited: " + Files.readString(log));
            }
            ProcessBuilder lsp = new ProcessBuilder("jack_lsp").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            lsp.environment().putAll(environment());
            Process p = lsp.start();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
            p.destroyForcibly();
            Thread.sleep(50);
        }
        close();
        throw new IOException("jackd did not answer within 15 s: " + Files.readString(log));
    }

    private java.util.Optional<ProcessHandle> jackd() {
        return process.children().filter(h -> h.info().command().map(c -> c.endsWith("jackd")).orElse(false)).findFirst();
    }

    /** The jackd process's id, while it runs (to freeze it with SIGSTOP in a test). */
    public java.util.OptionalLong pid() {
        return process == null ? java.util.OptionalLong.empty()
                : jackd().map(h -> java.util.OptionalLong.of(h.pid())).orElse(java.util.OptionalLong.empty());
    }

    public String name() {
        return name;
    }

    public int rate() {
        return rate;
    }

    public int period() {
        return period;
    }

    /**
     * Whether the JACK tests run against PipeWire's libjack ({@code installer/test-pipewire} sets HITL_JACK_PIPEWIRE=1
     * and runs Maven under pw-jack): no jackd is started, the "server" is that PipeWire instance, and the tests that
     * kill or freeze the server skip.
     */
    public static boolean pipewire() {
        return "1".equals(System.getenv("HITL_JACK_PIPEWIRE"));
    }

    /** For child processes (jack_midi_dump, fluidsynth, python-rtmidi): which server to use, and not to start one. */
    public Map<String, String> environment() {
        if (pipewire()) {
            return Map.of("JACK_NO_START_SERVER", "1");
        }
        return Map.of("JACK_DEFAULT_SERVER", name, "JACK_NO_START_SERVER", "1");
    }

    /** Kills the server without warning (SIGKILL), as a crash would. */
    public void kill() throws InterruptedException {
        if (pipewire()) {
            throw new UnsupportedOperationException("the PipeWire instance is the harness's, not ours to kill");
        }
        if (process != null) {
            jackd().ifPresent(ProcessHandle::destroyForcibly);
            process.waitFor(10, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    /** Starts the server again under the same name (after {@link #kill()}). */
    public void restart() throws IOException, InterruptedException {
        if (pipewire()) {
            throw new UnsupportedOperationException("the PipeWire instance is the harness's, not ours to restart");
        }
        kill();
        startProcess();
    }

    /**
     * How often the server said a client of this name did not finish its period in time (it then lost that period);
     * with PipeWire, the cycles its profiler saw the client triggered or awake but not finished at the next cycle.
     */
    public int lateClientPeriods(String client) throws IOException {
        if (graph != null) {
            try {
                return graph.lateCycles(client);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        int n = 0;
        for (String line : log().split("\n")) {
            if (line.contains("client = " + client + " was not finished")) {
                n++;
            }
        }
        return n;
    }

    /**
     * jackd's late-period lines counted by client and state ("hitl-midi Triggered": woken but not run in time, a
     * scheduling delay; "Running": started but not done in time); empty with PipeWire.
     */
    public java.util.Map<String, Integer> lateByClient() throws IOException {
        java.util.Map<String, Integer> n = new java.util.TreeMap<>();
        if (graph != null) {
            return n;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("client = (\\S+) was not finished, state = (\\S+)")
                .matcher(log());
        while (m.find()) {
            n.merge(m.group(1) + " " + m.group(2), 1, Integer::sum);
        }
        return n;
    }

    /** Late periods of any client (jackd's "was not finished" lines; with PipeWire, its profiler's late cycles). */
    public int latePeriods() throws IOException {
        if (graph != null) {
            try {
                return graph.lateCycles(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        return (int) log().lines().filter(l -> l.contains("was not finished")).count();
    }

    public String log() throws IOException {
        return pipewire() ? "" : Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (graph != null) {
            graph.close();
        }
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file left behind
        }
    }

    /** Whether jackd is installed. */
    public static boolean installed() {
        if (pipewire()) {
            return true;
        }
        for (String dir : List.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "jackd"))) {
                return true;
            }
        }
        return false;
    }
}

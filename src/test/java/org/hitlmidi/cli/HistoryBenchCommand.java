package org.hitlmidi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.hitlmidi.cli.BenchProcesses.Peak;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.service.DeviceJvm;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.service.Launcher;
import org.hitlmidi.store.DataDirs;
import org.hitlmidi.store.SqliteStore;
import org.hitlmidi.store.SyntheticHistory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Scale with history (issue 16): writes a profile of --ratings ratings straight into a SQLite store "
                + "(chains of edits, one transaction), starts a device on it in a JVM of its own with the device's "
                + "heap bound (-Xmx), and measures over its socket the round trips of rate, undo, status and panic "
                + "(and panic while an undo runs): p50, p99 and max in ms, the device's CPU in each, how busy the machine was "
                + "meanwhile. Also the device's start and peak RSS, a start again on the same store after it stopped "
                + "(restartSeconds: from the learner's snapshot on disk), and a streamed `profile export` and `profile "
                + "import` of the profile (time and peak RSS). Prints JSON.")
public final class HistoryBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--ratings", defaultValue = "300000", description = "Ratings in the profile. Default: ${DEFAULT-VALUE}.")
    int ratings;

    @Option(names = "--learner", defaultValue = Learners.DEFAULT, description = "Its learner. Default: ${DEFAULT-VALUE}.")
    String learner;

    @Option(names = "--rounds", defaultValue = "40", description = "Rounds of rate, status, panic, undo. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--xmx", defaultValue = DeviceJvm.XMX, description = "The device's (and export's, import's) -Xmx. "
            + "Default: ${DEFAULT-VALUE} (what the device runs with).")
    String xmx;

    @Option(names = "--dir", paramLabel = "DIR", description = "Keep the generated store here and use it again next "
            + "time (generating 300,000 ratings takes about half a minute). Default: a temporary folder, removed.")
    Path dir;

    @Option(names = "--no-import", description = "Skip the export and import.")
    boolean noImport;

    @Option(names = "--start-timeout", defaultValue = "900", description = "Seconds to wait for the device. Default: ${DEFAULT-VALUE}.")
    int startTimeout;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON to a file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (ratings < 1 || rounds < 1) {
            throw new IllegalArgumentException("--ratings and --rounds must be at least 1");
        }
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("hitl-midi-history-");
        try {
            ObjectNode out = run(root);
            String text = out.toPrettyString();
            spec.commandLine().getOut().println(text);
            if (json != null) {
                SimulateCommand.writeJson(json, text);
            }
            return 0;
        } finally {
            if (dir == null) {
                DataDirs.deleteTree(root);
            }
        }
    }

    private ObjectNode run(Path root) throws Exception {
        ObjectNode out = Protocol.nodes().objectNode();
        out.put("ratings", ratings).put("learner", learner).put("xmx", xmx).put("rounds", rounds);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("loadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Path data = root.resolve("data");
        Path marker = root.resolve("generated-" + ratings + "-" + learner);
        if (!Files.exists(marker)) {
            DataDirs.deleteTree(data);
            long t0 = System.nanoTime();
            SyntheticHistory.write(data, "default", learner, ratings, 40, 1);
            out.put("generateSeconds", seconds(t0));
            Files.writeString(marker, "");
        }
        out.put("storeMB", Files.size(data.resolve(DataDirs.DB_FILE)) / 1_000_000);
        Path sock = root.resolve("c.sock");
        Files.deleteIfExists(sock);
        long t0 = System.nanoTime();
        Process device = java(List.of("--data-dir", data.toString(), "--socket", sock.toString(), "device", "--backend",
                "synth", "--quiet"), root.resolve("device.out"));
        Peak peak = new Peak(device.pid());
        try {
            await(device, sock, root, data, peak);
            out.put("startSeconds", seconds(t0));
            try (ControlClient c = ControlClient.connect(sock); ControlClient c2 = ControlClient.connect(sock)) {
                out.put("storedRatings", c.call("status").path("ratings").asLong());
                long[][] ms = new long[5][rounds];
                long[][] cpu = new long[4][rounds];
                long pid = device.pid();
                long[] busy0 = machineJiffies();
                double roundsFrom = uptimeSeconds(device.pid());
                for (int i = 0; i < rounds; i++) {
                    long t = System.nanoTime();
                    long u = BenchProcesses.cpuNanos(pid);
                    c.call("rate", Protocol.nodes().objectNode().put("overall", 1 + i % 10));
                    ms[0][i] = System.nanoTime() - t;
                    cpu[0][i] = BenchProcesses.cpuNanos(pid) - u;
                    t = System.nanoTime();
                    u = BenchProcesses.cpuNanos(pid);
                    c.call("status");
                    ms[1][i] = System.nanoTime() - t;
                    cpu[1][i] = BenchProcesses.cpuNanos(pid) - u;
                    t = System.nanoTime();
                    u = BenchProcesses.cpuNanos(pid);
                    c.call("panic");
                    ms[2][i] = System.nanoTime() - t;
                    cpu[2][i] = BenchProcesses.cpuNanos(pid) - u;
                    t = System.nanoTime();
                    u = BenchProcesses.cpuNanos(pid);
                    c.call("undo");
                    ms[3][i] = System.nanoTime() - t;
                    cpu[3][i] = BenchProcesses.cpuNanos(pid) - u;
                    // panic while an undo of another client runs
                    c.call("rate", Protocol.nodes().objectNode().put("overall", 5));
                    CompletableFuture<ObjectNode> undo = CompletableFuture.supplyAsync(() -> {
                        try {
                            return c2.call("undo");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    t = System.nanoTime();
                    c.call("panic");
                    ms[4][i] = System.nanoTime() - t;
                    undo.join();
                    peak.sample();
                }
                long[] busy1 = machineJiffies();
                // how busy the whole machine was during the rounds (all cores, from /proc/stat), and its load after:
                // on a shared machine the tail of the latencies follows these
                if (busy1[1] > busy0[1]) {
                    out.put("machineBusyPercent", Math.round(1000.0 * (busy1[0] - busy0[0]) / (busy1[1] - busy0[1])) / 10.0);
                }
                out.put("loadAverageAfterRounds",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                String[] names = {"rate", "status", "panic", "undo", "panicDuringUndo"};
                ObjectNode lat = out.putObject("ms");
                for (int k = 0; k < names.length; k++) {
                    lat.set(names[k], stats(ms[k]));
                }
                // CPU time the device's threads ran during each call (the synth's rendering thread included): what the
                // call costs, whatever else the machine runs
                ObjectNode cpuMs = out.putObject("deviceCpuMs");
                for (int k = 0; k < cpu.length; k++) {
                    cpuMs.set(names[k], stats(cpu[k]));
                }
                out.put("ratingsAfter", c.call("status").path("ratings").asLong());
                out.set("gc", gcPauses(root.resolve("device.out.gc"), roundsFrom));
                peak.sample();
                out.put("deviceRssMB", peak.rssKb() / 1024).put("devicePeakRssMB", peak.hwmKb() / 1024);
                c.call("stop");
            }
            device.waitFor();
        } finally {
            device.destroyForcibly();
        }
        // a start again on the same store: with the learner's snapshot on disk, only what came after it is replayed
        Files.deleteIfExists(sock);
        t0 = System.nanoTime();
        Process again = java(List.of("--data-dir", data.toString(), "--socket", sock.toString(), "device", "--backend",
                "synth", "--quiet"), root.resolve("device2.out"));
        try {
            await(again, sock, root, data, new Peak(again.pid()));
            out.put("restartSeconds", seconds(t0));
            try (ControlClient c = ControlClient.connect(sock)) {
                out.put("restartRatings", c.call("status").path("ratings").asLong());
                c.call("stop");
            }
            again.waitFor();
        } finally {
            again.destroyForcibly();
        }
        if (!noImport) {
            Path file = root.resolve("export.json");
            t0 = System.nanoTime();
            Peak ex = run(List.of("--data-dir", data.toString(), "profile", "export", "default", "-o", file.toString()),
                    root.resolve("export.out"));
            out.put("exportSeconds", seconds(t0)).put("exportPeakRssMB", ex.hwmKb() / 1024)
                    .put("exportMB", Files.size(file) / 1_000_000);
            Path data2 = root.resolve("imported");
            DataDirs.deleteTree(data2);
            t0 = System.nanoTime();
            Peak im = run(List.of("--data-dir", data2.toString(), "profile", "import", file.toString()),
                    root.resolve("import.out"));
            out.put("importSeconds", seconds(t0)).put("importPeakRssMB", im.hwmKb() / 1024);
            try (SqliteStore s = SqliteStore.openIn(data2)) {
                out.put("importedRatings", s.ratingCount(s.profile("default").orElseThrow().id(), true));
            }
            Files.deleteIfExists(file);
            DataDirs.deleteTree(data2);
        }
        return out;
    }

    /** Waits for a device to answer on {@code sock}, failing when it exits or takes longer than --start-timeout. */
    private void await(Process device, Path sock, Path root, Path data, Peak peak) throws Exception {
        long deadline = System.nanoTime() + startTimeout * 1_000_000_000L;
        // the socket answers while the device loads (status says "loading": true): started once it no longer does
        while (!BenchProcesses.answers(sock) || loading(sock)) {
            if (!device.isAlive()) {
                throw new IllegalStateException("the device exited with " + device.exitValue() + " while starting; see "
                        + root.resolve("device.out") + " and " + data.resolve("logs"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the device did not answer within " + startTimeout + " s");
            }
            peak.sample();
            Thread.sleep(100); // polling a process we do not control: nothing to wait on
        }
    }

    /** Seconds since process {@code pid} started (what its GC log stamps lines with), or 0 when unknown. */
    private static double uptimeSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                .map(t -> (System.currentTimeMillis() - t.toEpochMilli()) / 1000.0).orElse(0.0);
    }

    /**
     * The device's collections from {@code from} seconds of its uptime on (the rounds and after): how many, their
     * pauses' total and longest in ms, and the full ones. Every thread of the device, status and panic too, stops for
     * them (serial collector).
     */
    static ObjectNode gcPauses(Path gcLog, double from) {
        ObjectNode o = Protocol.nodes().objectNode();
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "^\\[(\\d+\\.\\d+)s\\].*Pause (\\w+).* (\\d+\\.\\d+)ms$");
        long n = 0;
        long full = 0;
        double total = 0;
        double max = 0;
        double fullMs = 0;
        try {
            for (String l : Files.readAllLines(gcLog)) {
                java.util.regex.Matcher m = line.matcher(l.trim());
                if (!m.matches() || Double.parseDouble(m.group(1)) < from) {
                    continue;
                }
                double ms = Double.parseDouble(m.group(3));
                n++;
                total += ms;
                max = Math.max(max, ms);
                if (m.group(2).equals("Full")) {
                    full++;
                    fullMs += ms;
                }
            }
        } catch (IOException | RuntimeException e) {
            return o.put("error", String.valueOf(e.getMessage()));
        }
        return o.put("pauses", n).put("totalMs", Math.round(total)).put("maxMs", Math.round(max)).put("full", full)
                .put("fullMs", Math.round(fullMs));
    }

    /** True while the device's status says it is still loading (its learner being built), or cannot be read. */
    private static boolean loading(Path sock) {
        try (ControlClient c = ControlClient.connect(sock)) {
            return c.call("status").path("loading").asBoolean(false);
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The machine's busy and total jiffies over all cores, from /proc/stat; zeros where there is none. */
    static long[] machineJiffies() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /** Runs a CLI command in a JVM of its own with the heap bound, sampling its peak RSS; fails when it fails. */
    private Peak run(List<String> args, Path log) throws Exception {
        Process p = java(args, log);
        Peak peak = new Peak(p.pid());
        while (!p.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            peak.sample();
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " exited with " + p.exitValue() + ": "
                    + String.join("\n", Files.readAllLines(log)));
        }
        return peak;
    }

    private Process java(List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(DeviceJvm.options(xmx));
        // its collections, to tell a pause of the whole JVM from a wait in the device (see gc in the JSON)
        cmd.add("-Xlog:gc:file=" + log.resolveSibling(log.getFileName() + ".gc"));
        var jar = Launcher.runningJar();
        if (jar.isPresent()) {
            cmd.addAll(List.of("-jar", jar.get().toString()));
        } else {
            cmd.addAll(List.of("--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName()));
        }
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }

    private static ObjectNode stats(long[] nanos) {
        long[] v = nanos.clone();
        Arrays.sort(v);
        ObjectNode o = Protocol.nodes().objectNode();
        o.put("n", v.length);
        o.put("p50", ms(v[(v.length - 1) / 2]));
        o.put("p99", ms(v[Math.max(0, (int) Math.ceil(0.99 * v.length) - 1)]));
        o.put("max", ms(v[v.length - 1]));
        return o;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}

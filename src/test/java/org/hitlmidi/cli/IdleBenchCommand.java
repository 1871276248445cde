package org.hitlmidi.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.service.DeviceJvm;
import org.hitlmidi.midi.JackDummyServer;
import org.hitlmidi.service.Launcher;
import org.hitlmidi.store.DataDirs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "idle", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Never wake for nothing (issue 16): starts a device per backend in a JVM of its own (nothing "
                + "playing: --no-play; jack against a dummy JACK server of its own), lets it settle, then measures over "
                + "--seconds the CPU its process and its children (the JACK port host) used, from /proc/PID/stat "
                + "(percent of one core), per thread, their context switches a second (wake-ups) and what synth.wav grew; for jack "
                + "also a JACK client in C (jack_midi_dump) on the same server, the floor every JACK client pays. Prints JSON.")
public final class IdleBenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--backends", split = ",", defaultValue = "synth,jack",
            description = "Backends to measure. Default: ${DEFAULT-VALUE}.")
    List<String> backends;

    @Option(names = "--seconds", defaultValue = "30", description = "Seconds measured. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--settle", defaultValue = "5", description = "Seconds after the device answers, before measuring. "
            + "Default: ${DEFAULT-VALUE}.")
    int settle;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON to a file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || settle < 0) {
            throw new IllegalArgumentException("--seconds must be at least 1 and --settle at least 0");
        }
        ObjectNode out = Protocol.nodes().objectNode();
        out.put("seconds", seconds).put("cores", Runtime.getRuntime().availableProcessors());
        out.put("loadAverage", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.put("clockTicks", TICKS);
        for (String b : backends) {
            Path tmp = Files.createTempDirectory("hitl-midi-idle-");
            try {
                if (b.equals("jack")) {
                    try (JackDummyServer server = JackDummyServer.start(48_000, 256)) {
                        out.set(b, measure(tmp, List.of("--backend", "jack", "--jack-server", server.name()),
                                server.name()));
                    }
                } else {
                    out.set(b, measure(tmp, List.of("--backend", b), null));
                }
            } finally {
                DataDirs.deleteTree(tmp);
            }
        }
        String text = out.toPrettyString();
        spec.commandLine().getOut().println(text);
        if (json != null) {
            SimulateCommand.writeJson(json, text);
        }
        return 0;
    }

    /** Clock ticks a second in /proc/PID/stat (USER_HZ: 100 on Linux everywhere we run). */
    static final int TICKS = 100;

    /**
     * The floor under the jack figure: a JACK client in C (jack_midi_dump, a MIDI input with a process callback,
     * from JACK's example clients) on the same server over the same seconds. Every JACK client is woken every
     * period; this is what that alone costs on this machine.
     */
    static final String REFERENCE_CLIENT = "jack_midi_dump";

    private ObjectNode measure(Path tmp, List<String> backend, String jackServer) throws Exception {
        Path data = tmp.resolve("data");
        Path sock = tmp.resolve("c.sock");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(DeviceJvm.options());
        var jar = Launcher.runningJar();
        if (jar.isPresent()) {
            cmd.addAll(List.of("-jar", jar.get().toString()));
        } else {
            cmd.addAll(List.of("--add-exports", "java.desktop/com.sun.media.sound=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), Main.class.getName()));
        }
        cmd.addAll(List.of("--data-dir", data.toString(), "--socket", sock.toString(), "device", "--quiet", "--no-play"));
        cmd.addAll(backend);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("device.out").toFile())
                .start();
        ObjectNode o = Protocol.nodes().objectNode();
        try {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!BenchProcesses.answers(sock)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the device (" + String.join(" ", backend) + ") did not start: "
                            + Files.readString(tmp.resolve("device.out")));
                }
                Thread.sleep(100); // polling a process we do not control: nothing to wait on
            }
            try (ControlClient c = ControlClient.connect(sock)) {
                ObjectNode s = c.call("status");
                o.put("port", s.path("port").path("state").asText()).put("playing", s.path("playing").asBoolean());
            }
            Thread.sleep(settle * 1000L); // a benchmark over time: the device settles, then is watched
            Path wav = data.resolve("synth.wav");
            long wav0 = Files.exists(wav) ? Files.size(wav) : 0;
            Process ref = null;
            if (jackServer != null) {
                try {
                    ProcessBuilder rb = new ProcessBuilder(REFERENCE_CLIENT).redirectErrorStream(true)
                            .redirectOutput(tmp.resolve("reference.out").toFile());
                    rb.environment().put("JACK_DEFAULT_SERVER", jackServer);
                    ref = rb.start();
                    Thread.sleep(2000); // it opens its client; nothing tells us when
                } catch (IOException e) {
                    o.put("referenceClient", REFERENCE_CLIENT + " not found: " + e.getMessage());
                }
            }
            long[] ra = ref == null ? null : BenchProcesses.usage(ref.toHandle());
            long[] a = BenchProcesses.usage(p.toHandle());
            Map<Long, BenchProcesses.ThreadTicks> ta = BenchProcesses.threads(p.toHandle());
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long[] z = BenchProcesses.usage(p.toHandle());
            Map<Long, BenchProcesses.ThreadTicks> tz = BenchProcesses.threads(p.toHandle());
            double s = (System.nanoTime() - t0) / 1e9;
            long wav1 = Files.exists(wav) ? Files.size(wav) : 0;
            o.put("cpuPercentOfACore", Math.round((z[0] - a[0]) * 10_000.0 / TICKS / s) / 100.0);
            o.put("contextSwitchesPerSecond", Math.round((z[1] - a[1]) * 10.0 / s) / 10.0);
            o.put("processes", z[2]);
            o.put("threads", z[3]);
            o.put("synthWavBytesPerSecond", Math.round((wav1 - wav0) / s));
            o.set("threadCpuPercent", busiest(ta, tz, s));
            if (ref != null) {
                long[] rz = BenchProcesses.usage(ref.toHandle());
                o.put("referenceClient", REFERENCE_CLIENT + " (C)").put("referenceAlive", ref.isAlive());
                o.put("referenceCpuPercentOfACore", Math.round((rz[0] - ra[0]) * 10_000.0 / TICKS / s) / 100.0);
                ref.destroy();
                ref.waitFor();
            }
            try (ControlClient c = ControlClient.connect(sock)) {
                c.call("stop");
            }
            p.waitFor();
        } finally {
            p.destroyForcibly();
        }
        return o;
    }

    /**
     * The threads that used CPU between two samples, grouped by process and name (JVM threads of one kind share a
     * name prefix), busiest first, in percent of a core: which thread wakes while idle.
     */
    static ObjectNode busiest(Map<Long, BenchProcesses.ThreadTicks> before, Map<Long, BenchProcesses.ThreadTicks> after, double seconds) {
        Map<String, Long> byName = new TreeMap<>();
        after.forEach((tid, t) -> {
            BenchProcesses.ThreadTicks b = before.get(tid);
            long d = t.ticks() - (b == null ? 0 : b.ticks());
            if (d > 0) {
                byName.merge(t.process() + ": " + t.name(), d, Long::sum);
            }
        });
        ObjectNode o = Protocol.nodes().objectNode();
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> o.put(e.getKey(), Math.round(e.getValue() * 10_000.0 / TICKS / seconds) / 100.0));
        return o;
    }
}

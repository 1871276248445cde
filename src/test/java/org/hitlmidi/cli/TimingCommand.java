package org.hitlmidi.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.hitlmidi.midi.JackDummyServer;
import org.hitlmidi.midi.TimingBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "timing", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Measure MIDI timing through JACK: starts its own dummy JACK server (48 kHz) per period size, "
                + "streams a 16th-note grid and a 64-note track at 120 BPM to a reading client, and reports note-on "
                + "error against the ideal schedule (frames and ms: median, p99, max), clock tick jitter, rating-to-next "
                + "latency (CC in -> first note-on out), control change -> first note that reflects it (a tempo and "
                + "a scale change through the device, quantize bar and off: p50 and p99 in ms and bars) and the same "
                + "track through javax.sound.midi's Sequencer as a baseline. Needs jackd. Prints JSON.")
public final class TimingCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--periods", split = ",", defaultValue = "64,256,1024",
            description = "JACK period sizes in frames. Default: ${DEFAULT-VALUE}.")
    List<Integer> periods;

    @Option(names = "--trials", defaultValue = "50", description = "Rating-to-next trials per period. Default: ${DEFAULT-VALUE}.")
    int trials;

    @Option(names = "--control-trials", defaultValue = "20",
            description = "Control-to-note trials per change and quantize mode (0: none). Default: ${DEFAULT-VALUE}.")
    int controlTrials;

    @Option(names = "--notes", defaultValue = "64", description = "Notes in the grid and the track (2..64). Default: ${DEFAULT-VALUE}.")
    int notes;

    @Option(names = "--realtime", description = "Start the dummy JACK servers real-time (jackd --realtime, as a "
            + "studio's runs; their clients' process threads get real-time priority), where the system allows it.")
    boolean realtime;

    @Option(names = "--device-log", description = "Print the measured device's log lines to stderr.")
    boolean printDeviceLog;

    private final java.util.function.Consumer<String> deviceLog = line -> {
        if (printDeviceLog) {
            spec.commandLine().getErr().println("device: " + line);
        }
    };

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the JSON to a file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        Path tmp = java.nio.file.Files.createTempDirectory("hitl-midi-bench-");
        try {
            return run(tmp);
        } finally {
            org.hitlmidi.store.DataDirs.deleteTree(tmp);
        }
    }

    /**
     * The device for the rating-to-next figure: a profile of its own in a SQLite file in a temporary folder
     * (on the same kind of disk as the user's data, so the fsync counts), the default learner.
     */
    private Integer run(Path tmp) throws Exception {
        Path mappings = java.nio.file.Files.createDirectories(tmp.resolve("presets").resolve("controllers"));
        java.nio.file.Files.writeString(mappings.resolve("bench.json"), TimingBench.SESSION_MAPPING);
        TimingBench.Session session = (port, player) -> {
            org.hitlmidi.store.SqliteStore store = org.hitlmidi.store.SqliteStore.openIn(tmp);
            org.hitlmidi.device.Device d = open(tmp, store, port, player);
            return () -> {
                d.close();
                store.close();
            };
        };
        TimingBench.ControlProbe probe = (port, player, reader, sender) -> {
            try (org.hitlmidi.store.SqliteStore store = org.hitlmidi.store.SqliteStore.openIn(tmp)) {
                org.hitlmidi.device.Device d = open(tmp, store, port, player);
                try {
                    return org.hitlmidi.device.ControlLatencyBench.run(d, reader, sender, controlTrials, 15);
                } finally {
                    d.close();
                }
            }
        };
        if (controlTrials < 0 || controlTrials > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--control-trials outside 0..1000");
        }
        if (realtime) {
            System.setProperty(JackDummyServer.REALTIME_PROPERTY, "true");
        }
        TimingBench bench = new TimingBench(periods, trials, notes, java.util.Optional.of(session),
                controlTrials == 0 ? java.util.Optional.empty() : java.util.Optional.of(probe));
        if (!JackDummyServer.installed()) {
            throw new java.io.IOException("bench timing needs jackd (JACK 2) on the PATH; installer/test-deps installs it");
        }
        String text = bench.run().toPrettyString();
        spec.commandLine().getOut().println(text);
        if (json != null) {
            SimulateCommand.writeJson(json, text);
        }
        return 0;
    }

    private org.hitlmidi.device.Device open(Path tmp, org.hitlmidi.store.SqliteStore store,
                                                   org.hitlmidi.midi.MidiPort port, org.hitlmidi.midi.Player player) {
        return org.hitlmidi.device.Device.open(store, new org.hitlmidi.preset.Presets(java.util.Optional.of(tmp)), port,
                player, (e, b) -> { }, deviceLog, new java.util.SplittableRandom(7), "bench", () -> { }, tmp,
                org.hitlmidi.midi.PortOptions.defaults(tmp), java.util.Optional.of("bench"));
    }
}

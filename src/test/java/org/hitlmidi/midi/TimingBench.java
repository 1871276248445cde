package org.hitlmidi.midi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequencer;
import javax.sound.midi.ShortMessage;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.midi.porthost.HostedJackPort;

/**
 * {@code hitl-midi bench timing}: how exactly our notes leave through JACK. For each period size it starts its own
 * dummy JACK server at 48 kHz, streams a 16th-note grid and a 64-note track at 120 BPM to a reading client through
 * the port the device uses (the JACK client in a port host process, {@link HostedJackPort}) and, beside it
 * ({@code inProcess}), through a JACK client in this process ({@link JackMidiPort}), and
 * compares every note-on's frame with the ideal schedule; measures the clock's tick jitter and the latency from a
 * rating CC coming in to the first note-on of the next track going out; and, as the baseline a Java developer would
 * write, plays the same track through javax.sound.midi's Sequencer into our port. The reading client's frame counter
 * is the ruler. Figures, not pass/fail.
 */
public final class TimingBench {
    private static final int RATE = 48000;
    private static final double BPM = 120;
    private final List<Integer> periods;
    private final int trials;
    private final int notes;
    private final java.util.Optional<Session> session;
    private final java.util.Optional<ControlProbe> controlProbe;

    /**
     * The whole device on the bench's port and player, for the rating-to-next latency a user gets: the rating
     * stored (SQLite, fsync), learned from, the learner's next track proposed and played. It takes the port's
     * input itself and must map CC 16 on channel 1 to the overall rating and CC 41 to the rate button, with no
     * rest commit; closing it stops it (and its player).
     */
    @FunctionalInterface
    public interface Session {
        AutoCloseable open(MidiPort port, Player player) throws Exception;
    }

    /**
     * A control change -> the first note that reflects it, through the whole device (the device package's
     * ControlLatencyBench): given the port, a player for it, the reading client on its output and the sending one on
     * its input; its figures.
     */
    @FunctionalInterface
    public interface ControlProbe {
        ObjectNode measure(MidiPort port, Player player, JackProbeClient reader, JackProbeClient sender)
                throws Exception;
    }

    /** The controller mapping a {@link Session} must use, in the format of presets/controllers. */
    public static final String SESSION_MAPPING = "{\"name\": \"bench\", \"channel\": 1, \"controls\": "
            + "{\"overall\": {\"cc\": 16}, \"rate\": {\"cc\": 41}}, \"commit\": {\"restMs\": 0}}";

    /**
     * @param periods JACK period sizes to run (64, 256, 1024)
     * @param trials  rating-to-next trials per period
     * @param notes   notes of the grid and of the track (64)
     */
    public TimingBench(List<Integer> periods, int trials, int notes) {
        this(periods, trials, notes, java.util.Optional.empty());
    }

    /** @param session the device to measure the rating-to-next latency through as well (the CLI's) */
    public TimingBench(List<Integer> periods, int trials, int notes, java.util.Optional<Session> session) {
        this(periods, trials, notes, session, java.util.Optional.empty());
    }

    /** @param controlProbe the control-to-note figures to take as well, after the rest (the CLI's) */
    public TimingBench(List<Integer> periods, int trials, int notes, java.util.Optional<Session> session,
                       java.util.Optional<ControlProbe> controlProbe) {
        this.session = session;
        this.controlProbe = controlProbe;
        for (int p : periods) {
            if (p < 16 || p > 8192 || Integer.bitCount(p) != 1) {
                throw new IllegalArgumentException("period " + p + " is not a power of two in 16..8192");
            }
        }
        if (trials < 1 || trials > 10_000) {
            throw new IllegalArgumentException("trials " + trials + " outside 1..10000");
        }
        if (notes < 2 || notes > 64) {
            throw new IllegalArgumentException("notes " + notes + " outside 2..64");
        }
        this.periods = List.copyOf(periods);
        this.trials = trials;
        this.notes = notes;
    }

    public ObjectNode run() throws Exception {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("benchmark", "timing");
        o.put("sampleRate", RATE);
        o.put("tempo", BPM);
        o.put("notes", notes);
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("java", System.getProperty("java.version"));
        o.put("load", loadAverage());
        o.put("serverRealtime", Boolean.getBoolean(JackDummyServer.REALTIME_PROPERTY));
        ArrayNode runs = o.putArray("periods");
        for (int p : periods) {
            runs.add(runPeriod(p));
        }
        return o;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    Track grid() {
        List<Note> m = new ArrayList<>();
        for (int i = 0; i < notes; i++) {
            m.add(new Note(60 + (i % 12), 0.25, 100));
        }
        return new Track(m, List.of(), BPM);
    }

    Track track() {
        TrackParams p = TrackParams.defaults().withLength(notes).withTempo(BPM);
        return TrackGenerator.random(p, new SplittableRandom(64));
    }

    private ObjectNode runPeriod(int period) throws Exception {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("period", period);
        r.put("periodMs", period * 1000.0 / RATE);
        r.put("port", "hosted: the JACK client in a port host process, as the device runs it");
        try (JackDummyServer server = JackDummyServer.start(RATE, period)) {
            PortOptions opts = PortOptions.defaults(Path.of(".")).withJackServer(server.name());
            try (JackProbeClient reader = JackProbeClient.open("bench-reader", 1 << 16)) {
                // the same figures through a JACK client in this process, for comparison
                try (JackMidiPort direct = JackMidiPort.open(opts.withClientName("hitl-midi-direct"));
                     Player player = new Player(direct)) {
                    direct.connectOut(reader.inName());
                    JackMidiPortTest.awaitConnected(direct, reader.inName());
                    ObjectNode d = r.putObject("inProcess");
                    d.set("grid", playAndMeasure(direct, direct::serverFrameAt, player, reader, grid()));
                    d.set("track", playAndMeasure(direct, direct::serverFrameAt, player, reader, track()));
                    d.put("lateClientPeriods", server.lateClientPeriods("hitl-midi-direct"));
                }
            }
            try (HostedJackPort port = HostedJackPort.open(opts);
                 JackProbeClient reader = JackProbeClient.open("bench-reader2", 1 << 16);
                 JackProbeClient sender = JackProbeClient.open("bench-sender", 16);
                 Player player = new Player(port)) {
                // controller -> us -> synth, as in a studio: no loop in the graph, so JACK runs them in that order
                port.connectOut(reader.inName());
                port.connectIn(sender.outName()); // the hosted port's connect returns once the server has it
                int lateBefore = server.lateClientPeriods(opts.clientName()) + server.lateClientPeriods("bench-reader2");
                r.set("grid", playAndMeasure(port, port::serverFrameAt, player, reader, grid()));
                r.set("track", playAndMeasure(port, port::serverFrameAt, player, reader, track()));
                r.set("clock", clockJitter(port, reader));
                r.set("ratingToNext", ratingToNext(port, player, reader, sender));
                r.set("sequencerBaseline", sequencerBaseline(port, reader, track()));
                if (session.isPresent()) {
                    // last: the device closes the player when it stops
                    r.set("ratingToNextDevice", ratingToNextDevice(port, player, reader, sender, session.get()));
                }
                if (controlProbe.isPresent()) {
                    try (Player p2 = new Player(port)) { // the first one may be closed by the device above
                        r.set("controlToNote", controlProbe.get().measure(port, p2, reader, sender));
                    } finally {
                        port.setReceiver(null);
                    }
                }
                r.put("lateClientPeriods", server.lateClientPeriods(opts.clientName())
                        + server.lateClientPeriods("bench-reader2") - lateBefore);
                r.put("portDiagnostics", port.diagnostics());
                r.set("lateByClient", new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(server.lateByClient()));
            }
        }
        return r;
    }

    private static void awaitQuiet(JackProbeClient reader, long quietNanos) throws InterruptedException {
        org.hitlmidi.Await.quiet(java.time.Duration.ofNanos(quietNanos), java.time.Duration.ofSeconds(60), reader::count);
    }

    /** Plays 200 ms ahead; each note-on's frame against the ideal frame of the start time plus its offset. */
    private ObjectNode playAndMeasure(MidiPort port, java.util.function.LongUnaryOperator serverFrameAt, Player player,
                                      JackProbeClient reader, Track t) throws InterruptedException {
        TrackEvents ideal = TrackEvents.of(t, MidiFiles.Voice.DEFAULT, -1, true);
        int from = reader.count();
        long start = port.nowNanos() + 200_000_000;
        long startFrame = serverFrameAt.applyAsLong(start);
        player.play(1, t, MidiFiles.Voice.DEFAULT, -1, false, start);
        org.hitlmidi.Await.until(java.time.Duration.ofSeconds(120), "the track's end", () -> !player.isPlaying());
        awaitQuiet(reader, 300_000_000);
        List<long[]> want = new ArrayList<>(); // {expected frame, status, key}
        for (int i = 0; i < ideal.size(); i++) {
            if ((ideal.status[i] & 0xF0) == Midi.NOTE_ON && ideal.data2[i] > 0) {
                want.add(new long[] {startFrame + JackMidiPort.nanosToFrames(ideal.offsets[i], RATE), ideal.status[i],
                    ideal.data1[i]});
            }
        }
        List<long[]> heard = new ArrayList<>(); // {frame, status, key}
        for (int k = from; k < reader.count(); k++) {
            if ((reader.status(k) & 0xF0) == Midi.NOTE_ON && reader.data2(k) > 0) {
                heard.add(new long[] {reader.frame(k), reader.status(k), reader.data1(k)});
            }
        }
        Matched m = match(want, heard);
        ObjectNode o = stats(m.errors(), "noteOnError");
        o.put("noteOnsExpected", want.size());
        o.put("noteOnsLost", m.lost());
        return o;
    }

    /** Each expected note-on's error in frames (those heard), and how many were not heard. */
    record Matched(List<Long> errors, int lost) {
    }

    /**
     * Matches each expected note-on ({expected frame, status, key}, in time order) to the first heard one ({frame,
     * status, key}, in time order) of the same status and key within its window: half the distance to the nearest
     * expected note-on of the same key (so a lost note is counted lost, not matched to the next one of its key), 0.5 s
     * at most. Frames are the server's 32-bit counter.
     */
    static Matched match(List<long[]> want, List<long[]> heard) {
        long[] window = new long[want.size()];
        for (int i = 0; i < want.size(); i++) {
            long w = RATE / 2;
            for (int j = 0; j < want.size(); j++) {
                if (j != i && want.get(j)[1] == want.get(i)[1] && want.get(j)[2] == want.get(i)[2]) {
                    w = Math.min(w, Math.abs(frameDiff(want.get(j)[0], want.get(i)[0])) / 2);
                }
            }
            window[i] = Math.max(0, w - 1);
        }
        boolean[] used = new boolean[heard.size()];
        List<Long> errors = new ArrayList<>();
        int lost = 0;
        for (int i = 0; i < want.size(); i++) {
            long[] e = want.get(i);
            int found = -1;
            for (int k = 0; k < heard.size(); k++) {
                long[] h = heard.get(k);
                if (!used[k] && h[1] == e[1] && h[2] == e[2] && Math.abs(frameDiff(h[0], e[0])) <= window[i]) {
                    found = k;
                    break;
                }
            }
            if (found < 0) {
                lost++;
            } else {
                used[found] = true;
                errors.add(frameDiff(heard.get(found)[0], e[0]));
            }
        }
        return new Matched(errors, lost);
    }

    /** a - b on the server's 32-bit frame counter. */
    private static long frameDiff(long a, long b) {
        return ((a - b) << 32) >> 32;
    }

    private ObjectNode clockJitter(MidiPort port, JackProbeClient reader) throws InterruptedException {
        int from = reader.count();
        try (ClockOut clock = new ClockOut(port)) {
            clock.start(BPM, port.nowNanos() + 100_000_000);
            Thread.sleep(4100); // a measuring window on purpose: 4 s of clock ticks
            clock.stop();
        }
        awaitQuiet(reader, 300_000_000);
        double ideal = RATE * 60.0 / (BPM * Midi.PPQN);
        List<Long> dev = new ArrayList<>();
        long prev = -1;
        for (int i = from; i < reader.count(); i++) {
            if (reader.status(i) == Midi.CLOCK) {
                if (prev >= 0) {
                    dev.add(Math.round(reader.frame(i) - prev - ideal));
                }
                prev = reader.frame(i);
            }
        }
        ObjectNode o = stats(dev, "tickIntervalError");
        o.put("idealIntervalFrames", ideal);
        return o;
    }

    /**
     * A sending client plays the rate button (CC) at a period's first frame; the controller listener turns it into a rating,
     * whose handler plays the next track at the port's earliest start; the latency is the frame of that track's
     * first note-on minus the frame the CC left at.
     */
    private ObjectNode ratingToNext(MidiPort port, Player player, JackProbeClient reader, JackProbeClient sender)
            throws Exception {
        ControllerMapping mapping = new ControllerMapping("bench", "", Map.of(Control.OVERALL, ControlBinding.cc(1, 16),
                Control.RATE, ControlBinding.cc(1, 41)), 0);
        int[] trial = {0};
        List<Long> latencies = new ArrayList<>();
        try (ControllerListener cc = new ControllerListener(mapping, new ControllerListener.Events() {
            @Override
            public void rating(RatingGesture g) {
                Track next = new Track(List.of(new Note(30 + trial[0] % 60, 0.25)), List.of(), BPM);
                player.play(100 + trial[0], next, MidiFiles.Voice.DEFAULT, -1, false, player.earliestStart());
            }
        })) {
            port.setReceiver(cc);
            for (int i = 0; i < trials; i++) {
                trial[0] = i;
                int pitch = 30 + i % 60;
                // the overall knob again before each press (a value in the same band), as ratingToNextDevice does: with
                // one knob message before the run, a lost or late one leaves every press rating nothing (the likely
                // cause, not confirmed, of a CI run's 0 of 3 trials at load 1, 2026-12-02)
                sender.sendNextPeriod(Midi.CONTROL_CHANGE, 16, 100 + i % 2); // the press waits for it to leave
                long got = pressAndAwaitNoteOn(reader, sender, k -> reader.data1(k) == pitch);
                long sent = sender.sentFrame();
                if (got >= 0 && sent >= 0) {
                    latencies.add(got - sent);
                }
                sender.sendNextPeriod(Midi.CONTROL_CHANGE, 41, 0);
                // pacing on purpose: the next press comes after the button's debounce, as a hand's would
                Thread.sleep(ControllerListener.BUTTON_DEBOUNCE_NANOS / 1_000_000 + 60);
            }
            port.setReceiver(null);
        }
        ObjectNode o = stats(latencies, "latency");
        o.put("trials", trials);
        return o;
    }

    /**
     * Presses the rate button (CC 41) at the next period's first frame and waits up to 5 s for the first note-on
     * after it that {@code wanted} accepts (by the reader's index); its frame, or -1.
     */
    private static long pressAndAwaitNoteOn(JackProbeClient reader, JackProbeClient sender,
                                            java.util.function.IntPredicate wanted) throws InterruptedException {
        int from = reader.count();
        sender.sendNextPeriod(Midi.CONTROL_CHANGE, 41, 127);
        long[] frame = {-1};
        org.hitlmidi.Await.within(java.time.Duration.ofSeconds(5), () -> {
            for (int k = from; k < reader.count(); k++) {
                if ((reader.status(k) & 0xF0) == Midi.NOTE_ON && wanted.test(k)) {
                    frame[0] = reader.frame(k);
                    return true;
                }
            }
            return false;
        });
        return frame[0];
    }

    /**
     * As {@link #ratingToNext}, through the whole device: a knob move (so the rating is this track's), then the
     * rate button at a period's first frame; the latency is the first note-on after it (the device's next track,
     * with nothing else playing) minus the button's frame.
     */
    private ObjectNode ratingToNextDevice(MidiPort port, Player player, JackProbeClient reader,
                                          JackProbeClient sender, Session s) throws Exception {
        List<Long> latencies = new ArrayList<>();
        int warmup = Math.min(5, trials); // the first ratings of a JVM run compile the code paths: not counted
        PathTrace.Stage[] stages = PathTrace.Stage.values();
        List<List<Long>> stageNanos = new ArrayList<>();
        for (int k = 0; k <= stages.length; k++) {
            stageNanos.add(new ArrayList<>());
        }
        int lateAtHost = 0;
        PathTrace.Stage[][] cpuSpans = {{PathTrace.Stage.LOCKED, PathTrace.Stage.KEPT},
                {PathTrace.Stage.KEPT, PathTrace.Stage.LEARNED},
                {PathTrace.Stage.LEARNED, PathTrace.Stage.PROPOSED}, {PathTrace.Stage.PROPOSED, PathTrace.Stage.PLAY},
                {PathTrace.Stage.LOCKED, PathTrace.Stage.PLAY}};
        List<List<Long>> cpuNanos = new ArrayList<>();
        for (int k = 0; k < cpuSpans.length; k++) {
            cpuNanos.add(new ArrayList<>());
        }
        PathTrace.enable(true);
        try (AutoCloseable device = s.open(port, player)) {
            for (int i = -warmup; i < trials; i++) {
                player.stop();
                awaitQuiet(reader, 50_000_000);
                sender.sendNextPeriod(Midi.CONTROL_CHANGE, 16, 100 + i % 2);
                Thread.sleep(20); // pacing on purpose: a gap between the knob and the press, as a hand leaves
                long got = pressAndAwaitNoteOn(reader, sender, k -> reader.data2(k) > 0);
                long sent = sender.sentFrame();
                long[] path = PathTrace.last();
                if (got >= 0 && sent >= 0 && i >= 0) {
                    latencies.add(got - sent);
                    for (int k = 0; k < path.length; k++) {
                        if (path[k] != Long.MIN_VALUE) {
                            stageNanos.get(k).add(path[k]);
                        }
                    }
                    for (int k = 0; k < cpuSpans.length; k++) {
                        long c = PathTrace.cpuBetween(cpuSpans[k][0], cpuSpans[k][1]);
                        if (c != Long.MIN_VALUE) {
                            cpuNanos.get(k).add(c);
                        }
                    }
                    long start = path[stages.length];
                    if (start != Long.MIN_VALUE && got - sent > JackMidiPort.nanosToFrames(start, RATE) + 1) {
                        lateAtHost++; // it reached the host after the callback of the period it was meant for began
                    }
                }
                sender.sendNextPeriod(Midi.CONTROL_CHANGE, 41, 0);
                // pacing on purpose: the next press comes after the button's debounce, as a hand's would
                Thread.sleep(ControllerListener.BUTTON_DEBOUNCE_NANOS / 1_000_000 + 60);
            }
        } finally {
            port.setReceiver(null);
        }
        java.util.Map<String, Long> pathCounts = PathTrace.counts();
        PathTrace.enable(false);
        ObjectNode o = stats(latencies, "latency");
        o.put("trials", trials);
        o.put("warmupTrials", warmup);
        // where the time went: from the CC's frame to each stage (port clock), p50 / p99 / max in microseconds
        ObjectNode st = o.putObject("stagesMicros");
        for (int k = 0; k <= stages.length; k++) {
            long[] v = stageNanos.get(k).stream().mapToLong(Long::longValue).sorted().toArray();
            if (v.length == 0) {
                continue;
            }
            st.put(k < stages.length ? stages[k].name().toLowerCase(java.util.Locale.ROOT) : "startChosen",
                    v[v.length / 2] / 1000 + " / " + v[Math.min(v.length - 1, (int) Math.ceil(v.length * 0.99) - 1)] / 1000
                            + " / " + v[v.length - 1] / 1000);
        }
        o.put("lateAtHost", lateAtHost);
        // the CPU the device's thread spent on those stages (the same whatever the load): p50 / p99 / max, microseconds
        ObjectNode cs = o.putObject("stageCpuMicros");
        for (int k = 0; k < cpuSpans.length; k++) {
            long[] v = cpuNanos.get(k).stream().mapToLong(Long::longValue).sorted().toArray();
            if (v.length > 0) {
                cs.put(cpuSpans[k][0].name().toLowerCase(java.util.Locale.ROOT) + "-" + cpuSpans[k][1].name()
                        .toLowerCase(java.util.Locale.ROOT), v[v.length / 2] / 1000 + " / "
                        + v[Math.min(v.length - 1, (int) Math.ceil(v.length * 0.99) - 1)] / 1000 + " / " + v[v.length - 1] / 1000);
            }
        }
        o.set("pathCounts", new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(pathCounts));
        o.put("path", "CC in -> controller listener -> rating stored (SQLite WAL, synchronous=FULL) -> learner "
                + "(the default) learns and proposes -> player -> first note-on out");
        return o;
    }

    /** The baseline: javax.sound.midi's Sequencer playing the track's SMF, each message sent to our port "now". */
    private ObjectNode sequencerBaseline(MidiPort port, JackProbeClient reader, Track t) throws Exception {
        TrackEvents ideal = TrackEvents.of(t, MidiFiles.Voice.DEFAULT, -1, true);
        int from = reader.count();
        Sequencer seq = MidiSystem.getSequencer(false);
        seq.open();
        try {
            seq.getTransmitter().setReceiver(new Receiver() {
                @Override
                public void send(MidiMessage m, long ts) {
                    if (m instanceof ShortMessage s) {
                        port.send(s.getStatus(), s.getData1(), s.getData2(), port.nowNanos());
                    }
                }

                @Override
                public void close() {
                }
            });
            seq.setSequence(MidiFiles.toSequence(t, MidiFiles.Voice.DEFAULT));
            seq.start();
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(120), () -> !seq.isRunning());
        } finally {
            seq.close();
        }
        awaitQuiet(reader, 300_000_000);
        // no start time to anchor to: the first note-on is the anchor, as a listener would hear it
        List<Long> errors = new ArrayList<>();
        long anchor = -1;
        int k = from;
        for (int i = 0; i < ideal.size(); i++) {
            if ((ideal.status[i] & 0xF0) != Midi.NOTE_ON) {
                continue;
            }
            while (k < reader.count() && !(reader.status(k) == ideal.status[i] && reader.data1(k) == ideal.data1[i])) {
                k++;
            }
            if (k >= reader.count()) {
                break;
            }
            long idealFrames = JackMidiPort.nanosToFrames(ideal.offsets[i], RATE);
            if (anchor < 0) {
                anchor = reader.frame(k) - idealFrames;
            }
            errors.add(reader.frame(k) - anchor - idealFrames);
            k++;
        }
        ObjectNode o = stats(errors, "noteOnError");
        o.put("anchor", "first note-on");
        return o;
    }

    static ObjectNode stats(List<Long> frames, String what) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("count", frames.size());
        if (frames.isEmpty()) {
            return o;
        }
        long[] abs = frames.stream().mapToLong(Math::abs).sorted().toArray();
        long[] raw = frames.stream().mapToLong(Long::longValue).sorted().toArray();
        o.put(what + "MedianFrames", raw[raw.length / 2]);
        o.put(what + "AbsMedianFrames", abs[abs.length / 2]);
        o.put(what + "AbsP99Frames", abs[Math.min(abs.length - 1, (int) Math.ceil(abs.length * 0.99) - 1)]);
        o.put(what + "AbsMaxFrames", abs[abs.length - 1]);
        o.put(what + "AbsMedianMs", ms(abs[abs.length / 2]));
        o.put(what + "AbsP99Ms", ms(abs[Math.min(abs.length - 1, (int) Math.ceil(abs.length * 0.99) - 1)]));
        o.put(what + "AbsMaxMs", ms(abs[abs.length - 1]));
        o.put(what + "MinFrames", raw[0]);
        o.put(what + "MaxFrames", raw[raw.length - 1]);
        return o;
    }

    private static double ms(long frames) {
        return Math.round(frames * 1e6 / RATE) / 1000.0;
    }
}

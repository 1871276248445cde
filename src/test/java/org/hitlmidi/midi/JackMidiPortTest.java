package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JackMidiPortTest {
    static JackDummyServer server;

    @BeforeAll
    static void startServer() throws Exception {
        org.hitlmidi.Required.jackd();
        server = JackDummyServer.start(48000, 256);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    PortOptions options() {
        return PortOptions.defaults(java.nio.file.Path.of("unused")).withJackServer(server.name());
    }

    static Track track() {
        List<Note> melody = new ArrayList<>();
        int[] pitches = {60, 62, 64, 65, 67, 69, 71, 72, 72, 71, 69, 67};
        double[] durs = {0.25, 0.5, 0.25, 0.75, 0.25, 0.5, 1, 0.25, 0.25, 0.5, 0.25, 1};
        for (int i = 0; i < pitches.length; i++) {
            melody.add(new Note(pitches[i], durs[i], 60 + i));
        }
        return new Track(melody, List.of(new DrumHit(0, 36, 90), new DrumHit(1, 38, 90), new DrumHit(2.5, 42, 70)), 150);
    }

    /** A message a reader should see, at the frame the test computed for it. */
    record Expected(long frame, int order, int status, int data1, int data2) {
    }

    /**
     * The track's messages at their frames, computed here from its beats, its BPM and the sample rate (not by the
     * code under test): the program first, then by frame, at one frame note-offs before note-ons, melody before drums.
     */
    static List<Expected> schedule(Track t, long startFrame, int rate) {
        List<Expected> e = new ArrayList<>();
        int ch = MidiFiles.Voice.DEFAULT.channel() - 1;
        e.add(new Expected(startFrame, 0, Midi.PROGRAM_CHANGE | ch, MidiFiles.Voice.DEFAULT.program(), 0));
        double framesPerBeat = 60.0 / t.tempo() * rate;
        double beat = 0;
        for (Note n : t.melody()) {
            e.add(new Expected(startFrame + Math.round(beat * framesPerBeat), 2, Midi.NOTE_ON | ch, n.pitch(), n.velocity()));
            e.add(new Expected(startFrame + Math.round((beat + n.duration()) * framesPerBeat), 1, Midi.NOTE_OFF | ch,
                    n.pitch(), 0));
            beat += n.duration();
        }
        for (DrumHit h : t.percussion()) {
            e.add(new Expected(startFrame + Math.round(h.beat() * framesPerBeat), 2, Midi.NOTE_ON | 9, h.key(), h.velocity()));
            e.add(new Expected(startFrame + Math.round((h.beat() + DrumHit.LENGTH) * framesPerBeat), 1, Midi.NOTE_OFF | 9,
                    h.key(), 0));
        }
        e.sort(java.util.Comparator.comparingLong(Expected::frame).thenComparingInt(Expected::order));
        return e;
    }

    /**
     * Every event at another JACK client at the frame computed from beats, BPM (150) and the sample rate, counted
     * from the frame of the start the player was given: all within 1 frame when the server reported no late period
     * (else the late periods are counted, and 3 in 4 of the intervals between events are exact). Caught mutations (issue 17):
     * every JACK event written at the start of its period ({@code offset = 0} in {@code JackMidiPort.writeOutput});
     * the player ignoring the track's tempo ({@code double bpm = 120} in {@code TrackEvents.of}).
     */
    @Test
    void notesLeaveInOrderAtTheirFrame() throws Exception {
        Track t = track();
        try (JackMidiPort port = JackMidiPort.open(options());
             JackProbeClient reader = JackProbeClient.open("reader", 4096);
             Player player = new Player(port)) {
            assertThat(port.name()).isEqualTo("hitl-midi:out");
            assertThat(port.state()).isEqualTo(PortState.CONNECTED);
            port.connectOut(reader.inName());
            int lateBefore = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("reader");
            // a start 200 ms ahead: the first notes too are queued before their period on a busy machine
            long start = port.nowNanos() + 200_000_000;
            player.play(1, t, MidiFiles.Voice.DEFAULT, -1, false, start);
            List<Expected> ideal = schedule(t, port.serverFrameAt(start), server.rate());
            awaitEnd(player);
            // the last note-offs leave in the periods after the player is done; a loaded machine runs them late
            awaitCount(reader, ideal.size());
            awaitQuiet(reader); // and nothing more than the track comes
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < reader.count(); i++) {
                got.append(String.format("%d:%02x %d %d%n", reader.frame(i), reader.status(i), reader.data1(i), reader.data2(i)));
            }
            int late = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("reader") - lateBefore;
            // each event heard, matched in order to the schedule (a late period may lose some: then they are skipped)
            List<Long> lags = new ArrayList<>();
            int e = 0;
            for (int i = 0; i < reader.count(); i++) {
                int k = e;
                while (k < ideal.size() && !(ideal.get(k).status() == reader.status(i)
                        && ideal.get(k).data1() == reader.data1(i) && ideal.get(k).data2() == reader.data2(i))) {
                    k++;
                }
                assertThat(k).as("event %d is one of the track's, in order (%d late periods)%n%s", i, late, got)
                        .isLessThan(ideal.size());
                lags.add(reader.frame(i) - ideal.get(k).frame());
                e = k + 1;
            }
            long exact = lags.stream().filter(l -> Math.abs(l) <= 1).count();
            System.out.printf("jack timing: %d of %d events heard within 1 frame of the schedule from beats and BPM, "
                    + "%d heard (%d late periods reported); lags %s%n", exact, ideal.size(), reader.count(), late, lags);
            if (late == 0) {
                assertThat(reader.count()).as("events received (%s)%n%s", port.diagnostics(), got).isEqualTo(ideal.size());
                assertThat(exact).as("events within 1 frame: lags %s %s", lags, port.diagnostics())
                        .isEqualTo(ideal.size());
            } else { // a loaded machine: the server skipped periods (their events lost or late), counted above; a
                // late period shifts the events after it at once, so the intervals between events are checked
                assertThat(lags.size()).as("events heard of %d (%d late periods)", ideal.size(), late)
                        .isGreaterThanOrEqualTo(ideal.size() * 3 / 4);
                assertOnTime(lags.stream().mapToLong(Long::longValue).toArray(), late + " late periods");
            }
        }
    }

    /** Waits until the reader has {@code n} events, at most 10 s. */
    static void awaitCount(JackProbeClient reader, int n) throws InterruptedException {
        org.hitlmidi.Await.within(java.time.Duration.ofSeconds(10), () -> reader.count() >= n);
    }

    /** Waits until no event has come to the reader for 100 ms (at least 20 periods of 256 frames). */
    static void awaitQuiet(JackProbeClient reader) throws InterruptedException {
        org.hitlmidi.Await.quiet(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(5), reader::count);
    }

    /** Waits until the server has our port connected to (or from) {@code other}, at most 5 s. */
    static void awaitConnected(JackMidiPort port, String other) throws InterruptedException {
        org.hitlmidi.Await.until(java.time.Duration.ofSeconds(5), "a connection with " + other,
                () -> port.connectionsNow().stream().anyMatch(c -> c.contains(other)));
    }

    /** Notes a synth reading these events in order is left with: note-ons minus note-offs, all-notes-off clearing. */
    static int hanging(JackProbeClient reader) {
        int[] on = new int[16 * 128];
        for (int i = 0; i < reader.count(); i++) {
            int st = reader.status(i);
            int kind = st & 0xF0;
            int k = (st & 0x0F) * 128 + reader.data1(i);
            if (kind == Midi.NOTE_ON && reader.data2(i) > 0) {
                on[k]++;
            } else if (kind == Midi.NOTE_OFF || kind == Midi.NOTE_ON) {
                on[k] = Math.max(0, on[k] - 1); // a note-off before its note-on is lost on a synth
            } else if (kind == Midi.CONTROL_CHANGE && (reader.data1(i) == Midi.CC_ALL_NOTES_OFF
                    || reader.data1(i) == Midi.CC_ALL_SOUND_OFF)) {
                java.util.Arrays.fill(on, (st & 0x0F) * 128, (st & 0x0F) * 128 + 128, 0);
            }
        }
        return java.util.Arrays.stream(on).sum();
    }

    /**
     * Stops with a note-on queued ahead (the player sends 400 ms ahead; the track starts 300 ms after play), 12
     * times, each on its own key: what the player sent leaves nothing sounding, and at another JACK client every
     * note-off comes at or after its note-on, counted before any panic (stop sends none; the player and the port are
     * closed only after). Late periods are counted: with none, every round's 3 events arrive and 0 notes hang; with
     * some (a loaded machine: the server skips a late client's period, and its events with it) a round may lose an
     * event, at most one round per late period and at most half the rounds. Caught mutations (issue 17):
     * {@code releaseAll} stamping the note-off at {@code now}, before the queued note-on (each round's off comes
     * first: 12 hanging); {@code releaseAll} sending no note-offs (12 sounding where sent, 12 hanging).
     */
    /**
     * A client name another client holds is refused, as jackd refuses it (JackUseExactName): PipeWire's libjack opened
     * us as NAME-44 instead and still told us NAME, so what was connected to NAME:out by name was another client's.
     * Once the name is free, the port opens under it.
     */
    @Test
    void aTakenClientNameIsRefusedNotRenamed() throws Exception {
        try (JackProbeClient other = JackProbeClient.open("hitl-taken", 16)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> JackMidiPort.open(options().withClientName("hitl-taken")).close())
                    .isInstanceOf(PortException.class).hasMessageContaining("hitl-taken");
        }
        try (JackMidiPort port = JackMidiPort.open(options().withClientName("hitl-taken"))) {
            assertThat(lsp().lines()).as("the server's ports").contains("hitl-taken:out", "hitl-taken:in");
            assertThat(port.name()).isEqualTo("hitl-taken:out");
        }
    }

    @Test
    void stopsWithQueuedNoteOnsLeaveNoNoteSoundingAtAReader() throws Exception {
        int rounds = 12;
        try (JackMidiPort jack = JackMidiPort.open(options().withClientName("stopper"));
             JackProbeClient reader = JackProbeClient.open("stopreader", 4096)) {
            RecordingPort port = new RecordingPort(jack);
            jack.connectOut(reader.inName());
            int lateBefore = server.lateClientPeriods("stopper") + server.lateClientPeriods("stopreader");
            try (Player player = new Player(port, 400_000_000L)) {
                for (int r = 0; r < rounds; r++) {
                    Track t = new Track(List.of(new Note(48 + r, 2), new Note(70 + r, 2)), List.of(), 120);
                    long ons = port.noteOns();
                    player.play(r, t, MidiFiles.Voice.DEFAULT, -1, false, port.earliestStart() + 300_000_000);
                    org.hitlmidi.Await.within(java.time.Duration.ofSeconds(10), () -> port.noteOns() != ons); // queued
                    assertThat(port.noteOns()).as("round %d: the note-on queued", r).isGreaterThan(ons);
                    player.stop();
                    awaitCount(reader, 3 * (r + 1)); // program, note-on, note-off
                }
                awaitQuiet(reader);
                int heard = hanging(reader);
                int late = server.lateClientPeriods("stopper") + server.lateClientPeriods("stopreader") - lateBefore;
                System.out.printf("jack stops: %d stops with a note-on queued; %d note-ons, %d note-offs sent, %d "
                        + "events heard; hanging before any panic: %d sent, %d heard (%d late periods reported)%n", rounds,
                        port.noteOns(), port.noteOffs(), reader.count(), port.sounding(), heard, late);
                assertThat(port.allNotesOff()).as("no panic yet").isZero();
                assertThat(port.sounding()).as("notes the player left sounding").isZero();
                int lost = 0;
                for (int r = 0; r < rounds; r++) {
                    long on = -1;
                    long off = -1;
                    for (int i = 0; i < reader.count(); i++) {
                        if (reader.data1(i) == 48 + r && (reader.status(i) & 0xF0) == Midi.NOTE_ON && on < 0) {
                            on = reader.frame(i);
                        } else if (reader.data1(i) == 48 + r && (reader.status(i) & 0xF0) == Midi.NOTE_OFF && off < 0) {
                            off = reader.frame(i);
                        }
                    }
                    if (on < 0 || off < 0) {
                        lost++;
                    } else {
                        assertThat(off).as("round %d: the note-off's frame, after the note-on's", r)
                                .isGreaterThanOrEqualTo(on);
                    }
                }
                if (late == 0) {
                    assertThat(reader.count()).as("events heard").isEqualTo(3 * rounds);
                    assertThat(heard).as("notes left sounding at the reader").isZero();
                } else {
                    assertThat(lost).as("rounds that lost an event (%d late periods)", late)
                            .isLessThanOrEqualTo(Math.min(late, rounds / 2));
                    assertThat(heard).as("notes left sounding at the reader (%d late periods)", late)
                            .isLessThanOrEqualTo(lost);
                }
            }
        }
    }

    /**
     * {@code lag[i]}: frame of event i minus its ideal offset. Checked interval by interval, so a late period of a
     * starved CI machine (an xrun moves all later frames at once) spoils one interval, not the rest; most must be
     * exact (within rounding). `bench timing` reports the distribution.
     */
    static void assertOnTime(long[] lag, String diagnostics) {
        int exact = 0;
        for (int i = 1; i < lag.length; i++) {
            exact += Math.abs(lag[i] - lag[i - 1]) <= 1 ? 1 : 0;
        }
        assertThat(exact).as("intervals within 1 frame of the ideal: lags %s %s", java.util.Arrays.toString(lag),
                diagnostics).isGreaterThanOrEqualTo((lag.length - 1) * 3 / 4);
    }

    static Process start(List<String> argv) throws java.io.IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(server.environment());
        return pb.start();
    }

    static String lsp() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("jack_lsp").redirectErrorStream(true);
        pb.environment().putAll(server.environment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(10, TimeUnit.SECONDS);
        return out;
    }

    static String awaitPort(String fragment) throws Exception {
        String[] found = new String[1];
        if (!org.hitlmidi.Await.within(java.time.Duration.ofSeconds(15), () -> {
            for (String l : lsp().split("\n")) {
                if (l.contains(fragment)) {
                    found[0] = l.strip();
                    return true;
                }
            }
            return false;
        })) {
            throw new AssertionError("no JACK port " + fragment + " appeared: " + lsp());
        }
        return found[0];
    }

    /**
     * More events at one instant than a period's MIDI buffer holds: the buffer fills, the rest leaves in the next
     * periods, every event arrives once and in the order sent, and nothing was thrown on the real-time thread. (jnajack
     * ignores jack_midi_event_write's "no space": the events a full period could not take were lost, uncounted.)
     */
    @Test
    void aBurstThatFillsPeriodsArrivesWholeInOrderWithNothingThrownOnTheRealTimeThread() throws Exception {
        int n = 8000;
        int lateBefore = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("burst");
        try (JackMidiPort port = JackMidiPort.open(options()); JackProbeClient reader = JackProbeClient.open("burst", n + 100)) {
            port.connectOut(reader.inName());
            awaitConnected(port, reader.inName());
            long at = port.nowNanos() + 50_000_000;
            for (int i = 0; i < n; i++) {
                assertThat(port.send(Midi.CONTROL_CHANGE | (i >> 7) % 16, i & 0x7F, (i >> 11) & 0x7F, at)).isTrue();
            }
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(20), () -> reader.count() >= n);
            int late = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("burst") - lateBefore;
            if (late == 0) { // else JACK skipped a late client's period: the reader misses what it carried
                assertThat(reader.count()).as("events (%s)", port.diagnostics()).isEqualTo(n);
                for (int i = 0; i < n; i++) {
                    assertThat(reader.status(i)).as("event %d", i).isEqualTo(Midi.CONTROL_CHANGE | (i >> 7) % 16);
                    assertThat(reader.data1(i)).as("event %d", i).isEqualTo(i & 0x7F);
                }
            }
            assertThat(port.fullPeriods()).as("periods whose buffer filled (%s; %d of %d arrived, %d late periods)",
                    port.diagnostics(), reader.count(), n, late).isPositive();
            // no period carries more than PipeWire's libjack can convert (more and that whole period is lost there)
            assertThat(port.mostEventsInAPeriod()).as("events written in one period")
                    .isBetween(1, JackMidiPort.MAX_EVENTS_PER_PERIOD);
            System.out.println("jack burst: " + reader.count() + " of " + n + " arrived, " + late + " late periods, "
                    + port.diagnostics());
            assertThat(port.rtErrors()).as("errors on the real-time thread (%s)", port.diagnostics()).isZero();
        }
    }

    /**
     * Idle, the input thread sleeps (it used to wake every millisecond to look for input); input still wakes it at
     * once: the process callback that read it unparks it.
     */
    @Test
    void idleTheInputThreadSleepsAndInputWakesIt() throws Exception {
        try (JackMidiPort port = JackMidiPort.open(options()); JackProbeClient sender = JackProbeClient.open("waker", 16)) {
            sender.connect(sender.outName(), port.inputName());
            java.util.concurrent.BlockingQueue<long[]> got = new java.util.concurrent.LinkedBlockingQueue<>();
            port.setReceiver((st, d1, d2, atNanos) -> got.add(new long[] {port.nowNanos() - atNanos, st, d1}));
            long before = port.housekeeperWakes();
            Thread.sleep(1000); // a measuring window, not a wait for anything
            long wakes = port.housekeeperWakes() - before;
            assertThat(wakes).as("wake-ups of the idle input thread in 1 s").isLessThanOrEqualTo(10);
            int missed = 0;
            for (int i = 0; i < 5; i++) {
                int late = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("waker");
                sender.sendNextPeriod(Midi.CONTROL_CHANGE, 7, i);
                long[] e = got.poll(5, TimeUnit.SECONDS);
                if (e == null && server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("waker") > late) {
                    missed++; // a late client's period: what it carried is lost before any port (PipeWire, load 6-11)
                    continue;
                }
                assertThat(e).as("CC %d delivered", i).isNotNull();
                assertThat(e[2]).isEqualTo(7);
                // from the period it came in to the receiver: a wake-up, not a poll; generous for a loaded machine
                assertThat(e[0]).as("delivery delay of CC %d, ns", i).isLessThan(100_000_000L);
            }
            assertThat(missed).as("CCs lost in late periods").isLessThan(5);
        }
    }

    /**
     * What is sent in one batch ({@link MidiPort#beginBatch}) reaches the process callback whole: here the sender
     * waits three periods between the two events of a batch stamped for one frame, and both leave in one period. Red
     * when each send is published to the process callback at once (the program three periods before the note).
     */
    @Test
    void aBatchReachesTheProcessCallbackWhole() throws Exception {
        for (int attempt = 1; ; attempt++) {
            int lateBefore = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("batchreader");
            try (JackMidiPort port = JackMidiPort.open(options()); JackProbeClient reader = JackProbeClient.open("batchreader", 256)) {
                port.connectOut(reader.inName());
                awaitHeard(port, reader);
                long at = port.soonestStart();
                long period = 1_000_000_000L * port.periodFrames() / port.sampleRate();
                port.beginBatch();
                try {
                    port.send(Midi.PROGRAM_CHANGE, 5, 0, at);
                    org.hitlmidi.Await.until(java.time.Duration.ofSeconds(5), "three periods on",
                            () -> port.nowNanos() > at + 3 * period);
                    port.send(Midi.NOTE_ON, 60, 100, at);
                } finally {
                    port.endBatch();
                }
                org.hitlmidi.Await.within(java.time.Duration.ofSeconds(5), () -> reader.count() >= 2);
                int late = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("batchreader") - lateBefore;
                if (reader.count() < 2 && late > 0 && attempt < 3) {
                    continue; // JACK skipped a late client's period: what it carried is lost before any port
                }
                assertThat(reader.count()).as("events heard (%d late periods; %s)", late, port.diagnostics()).isEqualTo(2);
                assertThat(reader.status(0)).isEqualTo(Midi.PROGRAM_CHANGE);
                assertThat(reader.frame(1) - reader.frame(0)).as("frames between the batch's two events").isZero();
                return;
            }
        }
    }

    /** Sends CCs until the reader hears one (the connection carries), then forgets what it heard. */
    static void awaitHeard(JackMidiPort port, JackProbeClient reader) throws InterruptedException {
        org.hitlmidi.Await.until(java.time.Duration.ofSeconds(10), "the reader hearing the port", () -> {
            port.send(Midi.CONTROL_CHANGE, 8, 0, port.earliestStart());
            return org.hitlmidi.Await.within(java.time.Duration.ofMillis(50), () -> reader.count() > 0);
        });
        awaitQuiet(reader);
        reader.reset();
    }

    static void awaitEnd(Player player) throws InterruptedException {
        org.hitlmidi.Await.within(java.time.Duration.ofSeconds(15), () -> !player.isPlaying());
    }

    @Test
    void jackMidiDumpReadsTheTrackInOrderAndTime() throws Exception {
        Track t = track();
        List<Expected> ideal = schedule(t, 0, server.rate()); // frames from the start
        int lateBefore = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("dumper");
        java.nio.file.Path dumpFile = java.nio.file.Files.createTempFile("dump", ".txt");
        ProcessBuilder pb = new ProcessBuilder("jack_midi_dump", "-a", "dumper").redirectErrorStream(true)
                .redirectOutput(dumpFile.toFile());
        pb.environment().putAll(server.environment());
        Process dump = pb.start();
        try (JackMidiPort port = JackMidiPort.open(options()); Player player = new Player(port);
             JackProbeClient beside = JackProbeClient.open("dumpwatch", 4096)) {
            String dumper = awaitPort("dumper:");
            port.connectOut(dumper);
            port.connectOut(beside.inName());
            awaitConnected(port, dumper);
            awaitConnected(port, beside.inName());
            player.play(2, t, MidiFiles.Voice.DEFAULT, -1, false, port.nowNanos() + 200_000_000);
            awaitEnd(player);
            // the dumper hears in the same JACK cycle as a reader beside it: the track has reached both
            awaitCount(beside, ideal.size());
        } finally {
            dump.destroy();
            dump.waitFor(5, TimeUnit.SECONDS);
        }
        List<long[]> events = new ArrayList<>(); // frame, status, data1
        for (String line : java.nio.file.Files.readAllLines(dumpFile)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\s*(\\d+):\\s+([0-9a-f]{2})\\s+([0-9a-f]{2})")
                    .matcher(line);
            if (m.find()) {
                events.add(new long[] {Long.parseLong(m.group(1)), Integer.parseInt(m.group(2), 16),
                    Integer.parseInt(m.group(3), 16)});
            }
        }
        java.nio.file.Files.deleteIfExists(dumpFile);
        // the panics of the player's and the port's close follow the track: 2 x 32 CCs
        int late = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("dumper") - lateBefore;
        if (late > 0) {
            // a starved machine: JACK dropped the periods a client did not finish; the test cannot be exact
            assertThat(events.size()).as("events, with %d late periods", late).isPositive();
            return;
        }
        assertThat(events.size()).isEqualTo(ideal.size() + 64);
        long[] lag = new long[ideal.size()];
        for (int i = 0; i < ideal.size(); i++) {
            assertThat(events.get(i)[1]).as("status of event %d", i).isEqualTo(ideal.get(i).status());
            assertThat(events.get(i)[2]).as("data1 of event %d", i).isEqualTo(ideal.get(i).data1());
            lag[i] = events.get(i)[0] - ideal.get(i).frame();
        }
        assertOnTime(lag, "");
        for (int i = ideal.size(); i < events.size(); i++) {
            assertThat(events.get(i)[1] & 0xF0).isEqualTo(Midi.CONTROL_CHANGE);
        }
    }

    @Test
    void ccsFromPythonRtmidiArriveAndBecomeARating() throws Exception {
        List<int[]> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<RatingGesture> ratings = new java.util.concurrent.CopyOnWriteArrayList<>();
        ControllerMapping mapping = ControllerMapping.from(org.hitlmidi.preset.Presets.builtInOnly()
                .load(org.hitlmidi.midi.ControllerConfig.KIND, "nanokontrol2"));
        try (JackMidiPort port = JackMidiPort.open(options());
             ControllerListener cc = new ControllerListener(mapping, new ControllerListener.Events() {
                 @Override
                 public void rating(RatingGesture g) {
                     ratings.add(g);
                 }
             })) {
            port.setReceiver((st, d1, d2, at) -> {
                got.add(new int[] {st, d1, d2});
                cc.receive(st, d1, d2, at);
            });
            // the sender's late periods lose what it wrote in them as ours do (PipeWire at load 4: the first CC lost,
            // none of ours late)
            int lateBefore = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("pycc");
            int overall = mapping.controls().get(Control.OVERALL).number();
            int rate = mapping.controls().get(Control.RATE).number();
            String script = String.join("\n",
                    "import rtmidi, sys, time",
                    "o = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, name='pycc')",
                    "ports = o.get_ports()",
                    "o.open_port([i for i, p in enumerate(ports) if p == 'hitl-midi:in'][0])",
                    "for v in range(0, 100, 5):",
                    "    o.send_message([0xB0, " + overall + ", v]); time.sleep(0.005)",
                    "o.send_message([0xB0, " + rate + ", 127]); time.sleep(0.005)",
                    "o.send_message([0xB0, " + rate + ", 0])",
                    "time.sleep(1.5)"); // a starved JACK server may take a while to run the next periods
            org.hitlmidi.ExternalTools.Result r;
            ProcessBuilder pb = new ProcessBuilder(org.hitlmidi.ExternalTools.PYTHON, "-c", script).redirectErrorStream(true);
            pb.environment().putAll(server.environment());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(5), () -> !ratings.isEmpty());
            // all 22 messages, or (JACK dropped a late period) what came before they stopped coming
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(5), () -> got.size() >= 22);
            int late = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("pycc") - lateBefore;
            StringBuilder all = new StringBuilder();
            got.forEach(g -> all.append(java.util.Arrays.toString(g)));
            List<List<Integer>> sent = new ArrayList<>();
            for (int v = 0; v < 100; v += 5) {
                sent.add(List.of(0xB0, overall, v));
            }
            sent.add(List.of(0xB0, rate, 127));
            sent.add(List.of(0xB0, rate, 0));
            List<List<Integer>> arrived = got.stream().map(g -> List.of(g[0], g[1], g[2])).toList();
            String why = all + " " + port.diagnostics() + ", periods our client or the sender missed: " + late;
            if (late == 0) {
                assertThat(arrived).as(why).isEqualTo(sent);
                assertThat(ratings).hasSize(1);
                assertThat(ratings.get(0).overall()).isEqualTo(ControllerMapping.rating(95));
                assertThat(ratings.get(0).byButton()).isTrue();
            } else {
                // a starved machine: JACK dropped the periods our client did not finish; what came is in order
                assertThat(arrived).as(why).isNotEmpty().isSubsetOf(sent);
                assertThat(arrived).as(why).isSortedAccordingTo(java.util.Comparator.comparingInt(sent::indexOf));
            }
        }
    }

    /**
     * FluidSynth renders our notes, and a stop leaves none of them sounding. A starved server (late periods, counted by
     * JACK, outside us) loses what a late client wrote in its period, here once the first note-on (PipeWire, load 12)
     * and once the stop's note-off (jackd, load 33): such an attempt is retried, up to 3 times; one with no late period
     * that misses fails at once.
     */
    @Test
    void fluidSynthOnOurPortRendersSoundAndStopLeavesNoNoteHanging() throws Exception {
        for (int attempt = 1; !fluidSynthOnce(attempt == 3); attempt++) {
            System.out.printf("jack fluidsynth: attempt %d lost a note-on or note-off in late periods: retried%n", attempt);
        }
    }

    /** One attempt; false when a note-on or the note-off was lost with late periods counted and {@code last} is false. */
    private boolean fluidSynthOnce(boolean last) throws Exception {
        int lateBefore = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("watcher");
        java.nio.file.Path wav = java.nio.file.Files.createTempFile("fluid", ".wav");
        wav.toFile().deleteOnExit(); // an attempt given up leaves it to the JVM's end
        // its shell on stdin keeps it running (-i would make it quit at once); "quit" ends it
        Process fluid = start(List.of("fluidsynth", "-m", "jack", "-a", "file", "-o", "audio.file.name=" + wav,
                "-o", "midi.jack.id=fluidmidi", "/usr/share/sounds/sf2/TimGM6mb.sf2"));
        List<Note> longNotes = List.of(new Note(60, 8), new Note(64, 8));
        Track t = new Track(longNotes, List.of(), 120);
        try (JackMidiPort port = JackMidiPort.open(options());
             JackProbeClient reader = JackProbeClient.open("watcher", 4096);
             Player player = new Player(port)) {
            port.connectOut(awaitPort("fluidmidi"));
            port.connectOut(reader.inName());
            player.play(3, t, MidiFiles.Voice.DEFAULT, true);
            Thread.sleep(1500); // pacing on purpose: the first 8-beat note sounds a while (FluidSynth renders it)
            player.stop(); // in the middle of the first 8-beat note
            int[] open = new int[16 * 128];
            int ons = 0;
            // on a starved machine the server's periods come late: the first note-off, then the rest of them
            org.hitlmidi.Await.within(java.time.Duration.ofSeconds(5), () -> {
                for (int i = 0; i < reader.count(); i++) {
                    if ((reader.status(i) & 0xF0) == Midi.NOTE_OFF) {
                        return true;
                    }
                }
                return false;
            });
            awaitQuiet(reader);
            for (int i = 0; i < reader.count(); i++) {
                int cmd = reader.status(i) & 0xF0;
                int key = (reader.status(i) & 0x0F) * 128 + reader.data1(i);
                if (cmd == Midi.NOTE_ON && reader.data2(i) > 0) {
                    open[key]++;
                    ons++;
                } else if (cmd == Midi.NOTE_OFF || cmd == Midi.NOTE_ON) {
                    open[key] = Math.max(0, open[key] - 1);
                }
            }
            int late = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods("watcher") - lateBefore;
            if ((ons == 0 || java.util.Arrays.stream(open).sum() > 0) && late > 0 && !last) {
                return false; // the note-on, or the stop's note-off, lost in a late period (jackd at load 33 too)
            }
            assertThat(ons).as("note-ons heard (%d late periods; %s)", late, port.diagnostics()).isGreaterThan(0);
            StringBuilder seen = new StringBuilder();
            for (int i = 0; i < reader.count(); i++) {
                seen.append(String.format("%d:%02x/%d/%d ", reader.frame(i), reader.status(i), reader.data1(i), reader.data2(i)));
            }
            assertThat(java.util.Arrays.stream(open).sum()).as("notes still sounding after stop: %s %s", seen,
                    port.diagnostics()).isZero();
        } finally {
            try (var in = fluid.getOutputStream()) {
                in.write("quit\n".getBytes());
            } catch (java.io.IOException e) {
                // it is gone already
            }
            fluid.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!fluid.waitFor(10, TimeUnit.SECONDS)) {
                fluid.destroy();
            }
        }
        assertThat(SynthPortTest.rms(wav, 0, 60)).as("FluidSynth's audio").isGreaterThan(0.001);
        java.nio.file.Files.deleteIfExists(wav);
        return true;
    }
}

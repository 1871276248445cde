package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.Await;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.midi.ClockOut;
import org.hitlmidi.midi.JackDummyServer;
import org.hitlmidi.midi.JackMidiPort;
import org.hitlmidi.midi.JackProbeClient;
import org.hitlmidi.midi.Midi;
import org.hitlmidi.midi.PortOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A knob move lands on the DAW's next bar line under clock follow, frame-exact, after the DAW changed its tempo
 * (issue 15). A Java JACK client is the DAW: it sends START and MIDI clock, each tick on its own frame, at 120 BPM,
 * slows to 100 BPM in the middle of bar 2, and, at the top of bar 4, moves its scale lane (CC 31 on channel 16, a
 * material change). A reader client hears both; the test computes the frame the DAW sent each tick on itself (from
 * the frame of its START: 1,000 frames a tick at 120 BPM, 1,200 at 100, 48 kHz; tick 96 x n is a bar line, 4/4)
 * and takes the first bar tick after the CC as where the new track must begin: its first message (the program
 * changes at its top).
 *
 * <p>The DAW's ticks are written at their exact frames (its clock queued a second ahead, so no stall of the test's
 * threads makes one late), so the device's prediction of that bar has nothing to smooth but the rounding of the
 * tick times to frames: a frame or two. The follower's bug this guards (ClockFollowerTest: the first ticks after a
 * slow-down by a sixth or more, each over half a tick behind the prediction, were taken for lost ticks, so the
 * song position ran ahead and a change came a tick or more before the DAW's bar line) gives 1,200 frames or more.
 * The server runs 1,024-frame periods: the frames are exact at any period, and longer ones leave a busy machine's
 * clients more time (fewer late periods).
 */
class ClockFollowLandingJackTest {
    private static final int RATE = 48000;
    private static final int PERIOD = 1024;
    /** The frames the switch may be off the DAW's bar tick: the frame rounding of the tick times (see above). */
    private static final long TOLERANCE = 2;
    static JackDummyServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        org.hitlmidi.Required.jackd();
        server = JackDummyServer.start(RATE, PERIOD);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private DeviceRunner start(String data) throws Exception {
        return DeviceRunner.start(new DeviceRunner.Options(dir.resolve(data), dir.resolve(data + ".sock"), false,
                "default", "jack", Optional.of(server.name()), OptionalLong.of(7), false, null, Optional.empty(),
                Optional.of("follow")), PortOutputs::open);
    }

    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    /** The reader's messages with this status byte (channel messages: any channel), as indexes, in order. */
    private static List<Integer> find(JackProbeClient r, int status, boolean channel) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < r.count(); i++) {
            if (channel ? (r.status(i) & 0xF0) == status : r.status(i) == status) {
                out.add(i);
            }
        }
        return out;
    }

    /** The frames of the DAW's ticks since its START, tick 0 first (the downbeat of bar 1). */
    private static List<Long> ticksSinceStart(JackProbeClient r) {
        List<Integer> starts = find(r, Midi.START, false);
        List<Long> out = new ArrayList<>();
        if (starts.isEmpty()) {
            return out;
        }
        for (int i : find(r, Midi.CLOCK, false)) {
            if (i > starts.get(0)) {
                out.add(r.frame(i));
            }
        }
        return out;
    }

    private long lastLate;
    /** What the server did to the DAW's ticks on the way to the reader in the last attempt, or null if nothing. */
    private String damaged;

    /**
     * A starved JACK server (late periods: JACK's count, outside us) drops a late client's events and moves others to
     * a later period: ticks of the DAW lost or moved on the way to the reader (a client like the device) are then
     * likely lost or moved on the way to the device too, and no follower can land frame-exact on a clock it did not
     * get. Such an attempt measures the machine, not the device: it is retried, up to 3 times, and when every one was
     * damaged the test is skipped with the figures (under CI=true it fails: see Required). An undamaged attempt must land within
     * {@value #TOLERANCE} frames of the DAW's bar line, late periods or not.
     */
    @Test
    void aKnobMoveLandsOnTheDawsNextBarLineAfterItsTempoChanged() throws Exception {
        retried("clock follow landing", this::once);
    }

    private interface Attempt {
        void run(int attempt) throws Exception;
    }

    private void retried(String what, Attempt once) throws Exception {
        List<String> damage = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            lastLate = 0;
            damaged = null;
            try {
                once.run(attempt);
                return;
            } catch (AssertionError e) {
                if (damaged == null) {
                    throw e;
                }
                damage.add(damaged);
                System.out.printf(what + ": attempt %d: the server damaged the DAW's clock (%s) and it "
                        + "failed (%s): retried%n", attempt, damaged, e.getMessage().lines().findFirst().orElse(""));
            }
        }
        org.hitlmidi.Required.that(false, "every attempt had the DAW's clock damaged by a starved JACK server: "
                + damage);
    }

    private void once(int attempt) throws Exception {
        PortOptions daw = PortOptions.defaults(dir).withJackServer(server.name()).withClientName("daw" + attempt);
        try (DeviceRunner d = start("data" + attempt); ControlClient c = ControlClient.connect(d.socket());
             ControlClient sub = ControlClient.connect(d.socket()); ControlClient ccSub = ControlClient.connect(d.socket());
             JackMidiPort dawPort = JackMidiPort.open(daw);
             // a DAW sends its clock on time: its ticks queued a second ahead, so no stall of this busy JVM's
             // threads makes one late (JACK's real-time thread writes each on its frame)
             ClockOut dawClock = new ClockOut(dawPort, 1_000_000_000L);
             JackProbeClient reader = JackProbeClient.open("landing" + attempt, 1 << 16)) {
            String dawName = "daw" + attempt;
            dawPort.connectOut("hitl-midi:in");
            reader.connect("hitl-midi:out", reader.inName());
            reader.connect(dawName + ":out", reader.inName());
            // a looped track of a style with no humanize of timing; then quiet until the DAW's START plays it
            c.call("params", f().set("set", f().put("style", "minimal-techno").put("loop", true)));
            c.call("panic");
            String scale = c.call("status").path("params").path("scale").asText();
            BlockingQueue<ObjectNode> started = new LinkedBlockingQueue<>();
            sub.subscribe(List.of("track_started"), started::add);
            // the connections take effect at a later period of a busy server: a CC of no lane (119 on channel 16),
            // heard by the device (its cc event) and by the reader, says they have
            BlockingQueue<ObjectNode> ccs = new LinkedBlockingQueue<>();
            ccSub.subscribe(List.of("cc"), ccs::add);
            Await.until(Duration.ofSeconds(30), "the DAW's connections", () -> {
                dawPort.send(0xBF, 119, 0, dawPort.earliestStart());
                return ccs.poll(200, TimeUnit.MILLISECONDS) != null
                        && !find(reader, Midi.CONTROL_CHANGE, true).isEmpty();
            });
            long late0 = late(dawName, attempt);

            // the DAW: START and ticks at 120 BPM, 100 BPM from tick 133 (the middle of bar 2) on
            long origin = dawPort.nowNanos() + 500_000_000L; // START too is sent ahead, on its frame
            dawClock.start(120, origin);
            dawClock.setTempoAt(100, origin + Math.round(133 * 60e9 / (120 * Midi.PPQN)));
            assertThat(started.poll(20, TimeUnit.SECONDS)).as("the DAW's START played the current track").isNotNull();
            // at the top of bar 4 (tick 290: 157 ticks, 3.9 s, after the slow-down; 2.3 s before the next line, for
            // the composer on a busy machine) the DAW moves its scale lane
            Await.until(Duration.ofSeconds(30), "the DAW's tick 290", () -> ticksSinceStart(reader).size() > 290);
            String other = scale.equals("dorian") ? "lydian" : "dorian";
            int band = other.equals("dorian") ? 5 : 7; // docs/controllers.md: the scale lane's 13 bands
            int value = (int) ((band + 0.5) * 128 / 13);
            dawPort.send(0xBF, 31, value, dawPort.earliestStart());
            Await.until(Duration.ofSeconds(30), "the CC at the reader",
                    () -> find(reader, Midi.CONTROL_CHANGE, true).stream().anyMatch(i -> reader.data1(i) == 31));
            long ccFrame = reader.frame(find(reader, Midi.CONTROL_CHANGE, true).stream()
                    .filter(i -> reader.data1(i) == 31).findFirst().orElseThrow());
            // the new track's top: the first program change after the CC
            Await.until(Duration.ofSeconds(30), "the new track's top", () -> find(reader, Midi.PROGRAM_CHANGE, true)
                    .stream().anyMatch(i -> reader.frame(i) > ccFrame));
            long switched = find(reader, Midi.PROGRAM_CHANGE, true).stream().map(reader::frame)
                    .filter(fr -> fr > ccFrame).findFirst().orElseThrow();
            // the frames the DAW sent its ticks on: START's, then 1,000 frames a tick at 120 BPM up to tick 133 and
            // 1,200 from there at 100 BPM (48 kHz)
            long startFrame = reader.frame(find(reader, Midi.START, false).get(0));
            java.util.function.IntToLongFunction sent = n -> startFrame + Math.min(n, 133) * 1000L
                    + Math.max(0, n - 133) * 1200L;
            int ccTick = 0;
            while (sent.applyAsLong(ccTick) <= ccFrame) {
                ccTick++;
            }
            int barTick = (ccTick + 95) / 96 * 96;          // the DAW's next bar line after the CC: its tick
            long expected = sent.applyAsLong(barTick);
            Await.until(Duration.ofSeconds(30), "the DAW's ticks past the switch and its next bar line", () -> {
                List<Long> t = ticksSinceStart(reader);
                return !t.isEmpty() && t.get(t.size() - 1) > Math.max(switched, expected) + RATE / 10;
            });
            lastLate = late(dawName, attempt) - late0;
            // what a starved server did to the DAW's ticks on the way (the reader is a client like the device):
            // ticks heard off their frames, and ticks lost
            List<Long> heard = ticksSinceStart(reader);
            java.util.Set<Long> frames = new java.util.HashSet<>();
            for (int n = 0; n <= barTick; n++) {
                frames.add(sent.applyAsLong(n));
            }
            long offFrames = heard.stream().filter(fr -> fr <= expected)
                    .filter(fr -> !frames.contains(fr) && !frames.contains(fr - 1) && !frames.contains(fr + 1)).count();
            long lost = (barTick + 1) - heard.stream().filter(fr -> fr <= expected + 1).count() + offFrames;
            if (offFrames + lost > 0) {
                damaged = lastLate + " late periods, " + offFrames + " ticks off their frames, " + lost + " lost";
            }
            long nearestTick = Math.round((switched - sent.applyAsLong(133)) / 1200.0) + 133;
            System.out.printf("clock follow landing: CC at the DAW's tick %d; the switch %+d frames from its bar line "
                    + "at tick %d (nearest tick %d); incoming tempo %s; late periods %d; of the DAW's ticks up to "
                    + "the bar the reader heard %d off their frames and lost %d%n", ccTick, switched - expected,
                    barTick, nearestTick, c.call("status").path("clock").path("incomingTempo").asText(), lastLate,
                    offFrames, lost);
            assertThat(c.call("status").path("params").path("scale").asText()).as("the lane set the scale")
                    .isEqualTo(other);
            assertThat(switched - expected).as("frames from the DAW's bar line at its tick %d (CC at tick %d, "
                    + "late periods %d)", barTick, ccTick, lastLate).isBetween(-TOLERANCE, TOLERANCE);
            dawClock.stop();
        }
    }

    /**
     * The DAW changes its tempo while the loop plays (120 to 100 BPM at its tick 150, a quarter into the second beat
     * of bar 2): the loop follows, so from bar 5 on (the DAW's tick 384, 2.8 s after the change at 100 BPM: the
     * follower has settled) to bar 9 every note the device sends lands within {@value #TOLERANCE} frames of one of
     * the DAW's ticks (minimal techno: no humanize of timing, every onset on a tick) and every beat of the DAW has its
     * kick (four on the floor). From the change to the DAW's STOP no key is struck while it sounds (a line where the
     * loop was re-timed strikes nothing twice), and after STOP every note-on has its note-off. Before the fix the loop
     * went on at 120 BPM until the next change: its notes were hundreds of frames off the DAW's ticks by bar 5.
     */
    @Test
    void aPlayingLoopFollowsTheDawsTempoChange() throws Exception {
        retried("clock follow tempo", this::tempoOnce);
    }

    /** The DAW's tempo change (its tick) and the bars checked: ticks FROM to TO. */
    private static final int CHANGE_TICK = 150;
    private static final int FROM_TICK = 4 * 96;
    private static final int TO_TICK = 8 * 96;

    private void tempoOnce(int attempt) throws Exception {
        String dawName = "tempodaw" + attempt;
        PortOptions daw = PortOptions.defaults(dir).withJackServer(server.name()).withClientName(dawName);
        try (DeviceRunner d = start("tempo" + attempt); ControlClient c = ControlClient.connect(d.socket());
             ControlClient sub = ControlClient.connect(d.socket()); ControlClient ccSub = ControlClient.connect(d.socket());
             JackMidiPort dawPort = JackMidiPort.open(daw);
             ClockOut dawClock = new ClockOut(dawPort, 1_000_000_000L);
             JackProbeClient reader = JackProbeClient.open("tempo" + attempt, 1 << 16)) {
            dawPort.connectOut("hitl-midi:in");
            reader.connect("hitl-midi:out", reader.inName());
            reader.connect(dawName + ":out", reader.inName());
            c.call("params", f().set("set", f().put("style", "minimal-techno").put("loop", true)));
            c.call("panic");
            BlockingQueue<ObjectNode> started = new LinkedBlockingQueue<>();
            sub.subscribe(List.of("track_started"), started::add);
            BlockingQueue<ObjectNode> ccs = new LinkedBlockingQueue<>();
            ccSub.subscribe(List.of("cc"), ccs::add);
            Await.until(Duration.ofSeconds(30), "the DAW's connections", () -> {
                dawPort.send(0xBF, 119, 0, dawPort.earliestStart());
                return ccs.poll(200, TimeUnit.MILLISECONDS) != null
                        && !find(reader, Midi.CONTROL_CHANGE, true).isEmpty();
            });
            long late0 = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods(dawName)
                    + server.lateClientPeriods("tempo" + attempt);

            long origin = dawPort.nowNanos() + 500_000_000L;
            dawClock.start(120, origin);
            dawClock.setTempoAt(100, origin + Math.round(CHANGE_TICK * 60e9 / (120 * Midi.PPQN)));
            assertThat(started.poll(20, TimeUnit.SECONDS)).as("the DAW's START played the current track").isNotNull();
            // (by its frame: a starved server may lose ticks on the way to the reader)
            Await.until(Duration.ofSeconds(20), "the DAW's START", () -> !find(reader, Midi.START, false).isEmpty());
            long startAt = reader.frame(find(reader, Midi.START, false).get(0));
            long end = startAt + CHANGE_TICK * 1000L + (TO_TICK + 24 - CHANGE_TICK) * 1200L;
            Await.until(Duration.ofSeconds(60), "the DAW's tick " + (TO_TICK + 24), () -> {
                List<Long> t = ticksSinceStart(reader);
                return !t.isEmpty() && t.get(t.size() - 1) >= end;
            });
            dawClock.stop();
            Await.until(Duration.ofSeconds(20), "the device to stop with the DAW",
                    () -> !c.call("status").path("playing").asBoolean());
            // every note-on has its note-off at the reader once the device stopped (they come within a period or two)
            Await.within(Duration.ofSeconds(5), () -> reader.hangingKeys().isEmpty());
            List<String> hanging = reader.hangingKeys();
            lastLate = server.lateClientPeriods("hitl-midi") + server.lateClientPeriods(dawName)
                    + server.lateClientPeriods("tempo" + attempt) - late0;
            int n = reader.count();

            long startFrame = reader.frame(find(reader, Midi.START, false).get(0));
            java.util.function.IntToLongFunction sent = k -> startFrame + Math.min(k, CHANGE_TICK) * 1000L
                    + Math.max(0, k - CHANGE_TICK) * 1200L;
            java.util.NavigableSet<Long> tickFrames = new java.util.TreeSet<>();
            java.util.NavigableSet<Long> sixteenths = new java.util.TreeSet<>();
            for (int k = 0; k <= TO_TICK + 24; k++) {
                tickFrames.add(sent.applyAsLong(k));
                if (k % 6 == 0) {
                    sixteenths.add(sent.applyAsLong(k));
                }
            }
            List<Long> heard = ticksSinceStart(reader);
            long offFrames = heard.stream().filter(fr -> fr <= sent.applyAsLong(TO_TICK))
                    .filter(fr -> !tickFrames.contains(fr) && !tickFrames.contains(fr - 1) && !tickFrames.contains(fr + 1))
                    .count();
            long lost = (TO_TICK + 1) - heard.stream().filter(fr -> fr <= sent.applyAsLong(TO_TICK) + 1).count() + offFrames;
            // a note-off more than note-ons: a note-on lost on the way (only a starved server drops events)
            boolean notesLost = hanging.stream().anyMatch(h -> h.contains(": -"));
            if (offFrames + lost > 0 || notesLost && lastLate > 0) {
                damaged = lastLate + " late periods, " + offFrames + " ticks off their frames, " + lost + " lost"
                        + (notesLost ? ", device's notes lost on the way: " + hanging : "");
            }
            long from = sent.applyAsLong(FROM_TICK);
            long to = sent.applyAsLong(TO_TICK);
            long change = sent.applyAsLong(CHANGE_TICK);
            // each note-on in the bars checked: how far from the nearest DAW tick
            long worst = 0;
            int notes = 0;
            List<Long> drums = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if ((reader.status(i) & 0xF0) != Midi.NOTE_ON || reader.data2(i) == 0) {
                    continue;
                }
                long fr = reader.frame(i);
                if (fr < from - TOLERANCE || fr >= to - TOLERANCE) {
                    continue;
                }
                notes++;
                worst = Math.max(worst, distance(sixteenths, fr));
                if ((reader.status(i) & 0x0F) == 9) {
                    drums.add(fr);
                }
            }
            int beatsWithout = 0;
            for (int k = FROM_TICK; k < TO_TICK; k += Midi.PPQN) {
                long beat = sent.applyAsLong(k);
                if (drums.stream().noneMatch(fr -> Math.abs(fr - beat) <= TOLERANCE)) {
                    beatsWithout++;
                }
            }
            // from the change on: a key struck while it sounds (its note-on before the note-off of the last)
            int[] sounding = new int[16 * 128];
            int struckTwice = 0;
            for (int i = 0; i < n; i++) {
                int st = reader.status(i) & 0xF0;
                if (st != Midi.NOTE_ON && st != Midi.NOTE_OFF) {
                    continue;
                }
                int k = (reader.status(i) & 0x0F) << 7 | reader.data1(i);
                if (st == Midi.NOTE_ON && reader.data2(i) > 0) {
                    if (sounding[k] > 0 && reader.frame(i) >= change) {
                        struckTwice++;
                    }
                    sounding[k]++;
                } else if (sounding[k] > 0) {
                    sounding[k]--;
                }
            }
            System.out.printf("clock follow tempo: %d note-ons in the DAW's bars 5-8 (after 120 -> 100 BPM at its tick "
                    + "%d): the farthest %d frames from a sixteenth of the DAW's, %d of 16 beats without a drum on it; %d keys struck "
                    + "while sounding after the change; late periods %d%n", notes, CHANGE_TICK, worst, beatsWithout,
                    struckTwice, lastLate);
            assertThat(hanging).as("keys (channel/key: note-ons less note-offs) left sounding after the stop")
                    .isEmpty();
            assertThat(notes).as("notes in the bars checked").isGreaterThan(16);
            assertThat(worst).as("frames from the DAW's nearest sixteenth, the farthest note-on of bars 5-8 (late periods "
                    + "%d)", lastLate).isLessThanOrEqualTo(TOLERANCE);
            assertThat(beatsWithout).as("the DAW's beats in bars 5-8 without the kick on them").isZero();
            assertThat(struckTwice).as("keys struck again while sounding, from the tempo change on").isZero();
        }
    }

    private static long distance(java.util.NavigableSet<Long> grid, long fr) {
        Long lo = grid.floor(fr);
        Long hi = grid.ceiling(fr);
        return Math.min(lo == null ? Long.MAX_VALUE : fr - lo, hi == null ? Long.MAX_VALUE : hi - fr);
    }

    private static long late(String daw, int attempt) throws Exception {
        return server.lateClientPeriods("hitl-midi") + server.lateClientPeriods(daw)
                + server.lateClientPeriods("landing" + attempt);
    }
}

package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hitlmidi.midi.QuantizedChangeTest.listen;
import static org.hitlmidi.midi.QuantizedChangeTest.next;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.midi.PlayerTest.Heard;
import org.hitlmidi.midi.PlayerTest.Sent;
import org.hitlmidi.music.Arrangement;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Feel;
import org.hitlmidi.music.Meter;
import org.hitlmidi.music.PartNote;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.junit.jupiter.api.Test;

/**
 * The player's scheduler on a clock the test moves: a player made without its thread, whose passes the test runs
 * as the thread would (a pass, then the wait the pass asked for). What is sent, when it is sent, and the time it
 * is stamped for are then exact, so they are checked for equality against a schedule computed here from beats,
 * tempo and the lookahead, never by the code under test: each event leaves exactly one lookahead before its time
 * (not later: a late note; not sooner: a stop would leave more queued), the scheduler wakes once per event time
 * (not a busy loop), loops, bars, grid lines and quantized replacements land on the nanosecond. The same player on
 * its own thread and the real clock: {@link PlayerTest}, {@link QuantizedChangeTest}.
 */
class PlayerScheduleTest {
    private static final MidiFiles.Voice VOICE = MidiFiles.Voice.DEFAULT;
    private static final int CH = VOICE.channel() - 1;
    private static final int DRUMS = 9;
    private static final long L = Player.MIN_LOOKAHEAD_NANOS;
    private static final long S = 1_000_000_000L;

    /** A port on the test's clock: keeps each message, the time it is stamped for, and the clock when it was sent. */
    static final class ClockPort extends PlayerTest.StampPort {
        long now;
        long lead;
        final List<Long> sentAt = new ArrayList<>();

        @Override
        public synchronized boolean send(int status, int data1, int data2, long atNanos) {
            sentAt.add(now);
            return super.send(status, data1, data2, atNanos);
        }

        @Override
        public long nowNanos() {
            return now;
        }

        @Override
        public long leadNanos() {
            return lead;
        }
    }

    /**
     * Runs the scheduler as its thread does, up to {@code until} on the test's clock: a pass, then the clock moved by
     * the wait it returned; stops when it would sleep past {@code until} or until a change (-1). Returns the passes.
     */
    private static int run(Player player, ClockPort port, long until) {
        int passes = 0;
        while (true) {
            long wait = player.stepAt(port.now);
            passes++;
            // a few passes per event: a scheduler that wakes again and again without sending is a busy loop
            assertThat(passes).as("passes of the scheduler by %d ns", port.now).isLessThan(10_000);
            if (wait == -1) {
                port.now = Math.max(port.now, until);
                return passes;
            }
            assertThat(wait).as("a wait of at least 1 ns (no busy loop)").isPositive();
            if (port.now + wait > until) {
                port.now = until;
                return passes;
            }
            port.now += wait;
        }
    }

    private static Player manual(ClockPort port) {
        return new Player(port, 0, false);
    }

    private static long ns(double beats, double bpm) {
        return Math.round(beats * 60e9 / bpm);
    }

    /** Pitches {@code first}, first + 2, ... with these lengths in beats. */
    private static List<Note> melody(int first, double... beats) {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < beats.length; i++) {
            notes.add(new Note(first + 2 * i, beats[i], 70 + i));
        }
        return notes;
    }

    private static String on(int ch, int key, long at) {
        return "on " + ch + "/" + key + " at " + at;
    }

    private static String off(int ch, int key, long at) {
        return "off " + ch + "/" + key + " at " + at;
    }

    private static String describe(Sent m) {
        int ch = m.status() & 0x0F;
        if (m.noteOn()) {
            return on(ch, m.data1(), m.at());
        }
        if (m.noteOff()) {
            return off(ch, m.data1(), m.at());
        }
        if (m.kind() == Midi.PROGRAM_CHANGE) {
            return "program " + ch + "/" + m.data1() + " at " + m.at();
        }
        return "cc " + ch + "/" + m.data1() + "=" + m.data2() + " at " + m.at();
    }

    private static List<String> described(List<Sent> msgs) {
        return msgs.stream().map(PlayerScheduleTest::describe).toList();
    }

    /**
     * A melody (with a repeated pitch) and drums, not looped: every message is stamped at its beat at the track's
     * tempo, in the order a receiver needs (the program first, a note-off before a note-on at the same time), each
     * leaves exactly one lookahead before its time, the scheduler makes one pass per event time, and the listener
     * hears the start at the track's start and the end at its last note-off.
     */
    @Test
    void eachEventLeavesExactlyOneLookaheadBeforeItsTime() throws Exception {
        double bpm = 120;
        // 60 (0.5 beat), 60 again (0.25: a repeated pitch: off and on at beat 0.5), 64 (1), 66 (0.25); 2 beats
        List<Note> notes = List.of(new Note(60, 0.5, 70), new Note(60, 0.25, 71), new Note(64, 1, 72),
                new Note(66, 0.25, 73));
        List<DrumHit> drums = List.of(new DrumHit(0, 36, 90), new DrumHit(1.5, 42, 60));
        Track t = new Track(notes, drums, bpm);
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            BlockingQueue<String> q = listen(player);
            player.play(5, t, VOICE, -1, false, S);
            assertThat(player.isPlaying()).isTrue();
            assertThat(player.currentTrackId()).isEqualTo(5);
            int passes = run(player, port, S + 10 * L * 100);
            List<String> expected = List.of(
                    "program " + CH + "/0 at " + S,
                    on(CH, 60, S), on(DRUMS, 36, S),
                    off(DRUMS, 36, S + ns(0.25, bpm)),
                    off(CH, 60, S + ns(0.5, bpm)), on(CH, 60, S + ns(0.5, bpm)),
                    off(CH, 60, S + ns(0.75, bpm)), on(CH, 64, S + ns(0.75, bpm)),
                    on(DRUMS, 42, S + ns(1.5, bpm)),
                    off(CH, 64, S + ns(1.75, bpm)), off(DRUMS, 42, S + ns(1.75, bpm)), on(CH, 66, S + ns(1.75, bpm)),
                    off(CH, 66, S + ns(2, bpm)));
            List<Sent> sent = port.snapshot();
            assertThat(described(sent)).containsExactlyElementsOf(expected);
            for (int i = 0; i < sent.size(); i++) {
                assertThat(port.sentAt.get(i)).as("sent one lookahead before its time: %s", describe(sent.get(i)))
                        .isEqualTo(sent.get(i).at() - L);
            }
            long times = sent.stream().mapToLong(Sent::at).distinct().count(); // 6
            assertThat(passes).as("one pass per event time, one to start, one to finish").isLessThanOrEqualTo((int) times + 3);
            assertThat(next(q)).isEqualTo("started 5 at " + S);
            assertThat(next(q)).isEqualTo("ended 5 FINISHED at " + (S + ns(2, bpm)));
            assertThat(player.isPlaying()).isFalse();
            assertThat(player.currentTrackId()).isEqualTo(-1);
            assertThat(player.barAt(S)).as("nothing playing").isEqualTo(-1);
            assertThat(player.stepAt(port.now)).as("idle until a change").isEqualTo(-1);
            assertThat(PlayerTest.hear(sent)).isEqualTo(new Heard(0, 0));
        }
    }

    /**
     * The track does not end before its last note-off has had its time: the end is heard at it, not when the
     * note-off was sent ahead; a pass between the two sends nothing and ends nothing.
     */
    @Test
    void aTrackEndsAtItsLastNoteOffNotWhenItWasSent() throws Exception {
        double bpm = 60;
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            BlockingQueue<String> q = listen(player);
            player.play(2, new Track(melody(60, 1), List.of(), bpm), VOICE, -1, false, S);
            long end = S + ns(1, bpm);
            run(player, port, end - L);
            assertThat(port.snapshot()).hasSize(3);
            assertThat(player.isPlaying()).as("the note-off left, its time has not come").isTrue();
            long wait = player.stepAt(end - 1);
            assertThat(wait).as("wakes at the end").isEqualTo(1);
            assertThat(player.isPlaying()).isTrue();
            assertThat(player.stepAt(end)).isEqualTo(-1);
            assertThat(player.isPlaying()).isFalse();
            assertThat(next(q)).isEqualTo("started 2 at " + S);
            assertThat(next(q)).isEqualTo("ended 2 FINISHED at " + end);
            assertThat(port.snapshot()).hasSize(3);
        }
    }

    /**
     * Before its start a track waits: a pass long before it sends nothing and sleeps until the first event is one
     * lookahead away; the start is heard at its own time even when the first note is later.
     */
    @Test
    void aTrackWaitsForItsStartAndStartsOnTime() throws Exception {
        double bpm = 60;
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            BlockingQueue<String> q = listen(player);
            // a rest: the first drum hit is at beat 1 (no melody), the start is S
            player.play(4, new Track(List.of(), List.of(new DrumHit(1, 38, 80)), bpm), VOICE, -1, false, S);
            assertThat(player.stepAt(0)).as("sleeps until the program is due").isEqualTo(S - L);
            assertThat(port.snapshot()).isEmpty();
            assertThat(player.stepAt(S - L)).as("then until the start").isEqualTo(L);
            assertThat(described(port.snapshot())).containsExactly("program " + CH + "/0 at " + S);
            assertThat(player.stepAt(S)).as("then until the hit is due").isEqualTo(ns(1, bpm) - L);
            assertThat(next(q)).isEqualTo("started 4 at " + S);
            run(player, port, S + ns(3, bpm));
            assertThat(described(port.snapshot())).containsExactly("program " + CH + "/0 at " + S,
                    on(DRUMS, 38, S + ns(1, bpm)), off(DRUMS, 38, S + ns(1.25, bpm)));
            assertThat(next(q)).isEqualTo("ended 4 FINISHED at " + (S + ns(1.25, bpm)));
        }
    }

    /**
     * A loop: each round starts at the last one's start + the track's length, with the bank and program only
     * once, each event one lookahead ahead; bars count across rounds (a bar of 4 beats, two rounds of 2 beats);
     * a stop mid-note ends it at the stop, not at its own end.
     */
    @Test
    void aLoopRepeatsAtItsLengthCountingBarsAndAStopEndsWhatSounds() throws Exception {
        double bpm = 240; // a beat is 250 ms
        Track t = new Track(melody(60, 0.5, 0.5, 1), List.of(), bpm); // 2 beats a round
        long round = ns(2, bpm);
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            BlockingQueue<String> q = listen(player);
            player.play(9, t, VOICE, 2 * 128 + 5, true, S);
            long stopAt = S + 2 * round + ns(1.5, bpm); // in round 3, during the note 64 (beats 1..2)
            run(player, port, stopAt);
            player.stop();
            List<String> expected = new ArrayList<>(List.of("cc " + CH + "/0=2 at " + S, "cc " + CH + "/32=5 at " + S,
                    "program " + CH + "/0 at " + S));
            for (int r = 0; r < 3; r++) {
                long s = S + r * round;
                expected.addAll(List.of(on(CH, 60, s), off(CH, 60, s + ns(0.5, bpm)), on(CH, 62, s + ns(0.5, bpm)),
                        off(CH, 62, s + ns(1, bpm)), on(CH, 64, s + ns(1, bpm))));
                if (r < 2) {
                    expected.add(off(CH, 64, s + round));
                }
            }
            expected.add(off(CH, 64, stopAt)); // the stop's release
            List<Sent> sent = port.snapshot();
            assertThat(described(sent)).containsExactlyElementsOf(expected);
            for (int i = 0; i < sent.size() - 1; i++) {
                assertThat(port.sentAt.get(i)).as("sent one lookahead ahead: %s", describe(sent.get(i)))
                        .isEqualTo(sent.get(i).at() - L);
            }
            assertThat(next(q)).isEqualTo("started 9 at " + S);
            assertThat(next(q)).isEqualTo("ended 9 STOPPED at " + stopAt);
            assertThat(player.isPlaying()).isFalse();
            assertThat(PlayerTest.hear(sent)).isEqualTo(new Heard(0, 0));
            assertThat(player.stepAt(port.now)).isEqualTo(-1);
        }
    }

    @Test
    void barsCountFromTheStartAcrossRounds() {
        double bpm = 240;
        Track t = new Track(melody(60, 1, 1), List.of(), bpm); // 2 beats a round, a bar is 4 beats (1 s)
        long bar = ns(4, bpm);
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            player.play(1, t, VOICE, -1, true, S);
            assertThat(player.barAt(S)).isEqualTo(1);
            assertThat(player.barAt(S + bar - 1_000_000)).isEqualTo(1);
            assertThat(player.barAt(S + bar)).isEqualTo(2);
            run(player, port, S + 5 * bar / 2); // rounds move the loop's start on
            assertThat(player.barAt(port.now)).isEqualTo(3);
            assertThat(player.barAt(S + 3 * bar)).isEqualTo(4);
            assertThat(player.barAt(S + 3 * bar - 1_000_000)).isEqualTo(3);
        }
    }

    /**
     * A replacement on the next bar line: the line is the first after what was sent ahead, the old note sounding
     * across it ends on it, nothing of the old track is struck on or after it (nor an early note just before it),
     * the new track's program and first note are on it and leave one lookahead before it, the listener hears the
     * old one end and the new one start on it, and the bars go on counting across the change.
     */
    @Test
    void aReplacementLandsOnTheBarLineToTheNanosecond() throws Exception {
        double bpm = 120; // a beat is 500 ms, a bar 2 s
        long bar = ns(4, bpm);
        // notes at beats 0 (3 beats), 3 (3 beats: across the line at beat 4), 6 (2); a hit 10 ticks before the line
        Track old = new Track(melody(60, 3, 3, 2), List.of(new DrumHit(4 - 10 / 480.0, 40, 80),
                new DrumHit(5, 41, 80)), bpm);
        Track next = new Track(melody(72, 1, 1), List.of(), bpm);
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            BlockingQueue<String> q = listen(player);
            player.play(1, old, VOICE, -1, true, S);
            run(player, port, S + ns(2.5, bpm));
            assertThat(player.pendingAt()).isEqualTo(-1);
            assertThat(player.pendingTrackId()).isEqualTo(-1);
            long line = player.replaceAt(2, next, VOICE, 3, true, Player.Grid.BAR, null, false);
            assertThat(line).isEqualTo(S + bar);
            assertThat(player.pendingAt()).isEqualTo(line);
            assertThat(player.pendingTrackId()).isEqualTo(2);
            assertThat(player.currentTrackId()).isEqualTo(1);
            assertThat(player.barAt(line - 1_000_000)).isEqualTo(1);
            assertThat(player.barAt(line)).isEqualTo(2);
            run(player, port, S + bar + ns(1.5, bpm));
            assertThat(player.currentTrackId()).isEqualTo(2);
            assertThat(player.pendingAt()).isEqualTo(-1);
            assertThat(player.barAt(port.now)).as("bars count on across the change").isEqualTo(2);
            List<Sent> sent = port.snapshot();
            assertThat(described(sent)).containsExactly(
                    "program " + CH + "/0 at " + S, on(CH, 60, S), off(CH, 60, S + ns(3, bpm)),
                    on(CH, 62, S + ns(3, bpm)),
                    off(CH, 62, line), // sounding across the line: released on it
                    "cc " + CH + "/0=0 at " + line, "cc " + CH + "/32=3 at " + line, "program " + CH + "/0 at " + line,
                    on(CH, 72, line), off(CH, 72, line + ns(1, bpm)), on(CH, 74, line + ns(1, bpm)));
            for (int i = 0; i < sent.size(); i++) {
                assertThat(port.sentAt.get(i)).as("sent one lookahead ahead: %s", describe(sent.get(i)))
                        .isEqualTo(sent.get(i).at() - L);
            }
            assertThat(next(q)).isEqualTo("started 1 at " + S);
            assertThat(next(q)).isEqualTo("ended 1 REPLACED at " + line);
            assertThat(next(q)).isEqualTo("started 2 at " + line);
        }
    }

    /**
     * Beat and no grid: the next beat line after what was sent ahead, or at once (the first instant after it); a
     * line given by the caller (a followed clock's bar) is taken when it is not too early; a later change replaces
     * the queued one; stop drops what waits.
     */
    @Test
    void beatNoGridAndAGivenLine() throws Exception {
        double bpm = 60; // a beat is 1 s
        Track a = new Track(melody(60, 4, 4), List.of(), bpm);
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            player.play(1, a, VOICE, -1, true, S);
            run(player, port, S + 1_300_000_000L);
            player.stepAt(port.now);
            long sentTo = port.now + L; // this pass sent up to here
            assertThat(player.replaceAt(2, a, VOICE, -1, true, Player.Grid.BEAT, null, false))
                    .isEqualTo(S + 2_000_000_000L);
            assertThat(player.replaceAt(3, a, VOICE, -1, true, Player.Grid.NONE, null, false))
                    .as("at once: right after what was sent ahead").isEqualTo(sentTo + 1);
            assertThat(player.pendingTrackId()).isEqualTo(3);
            long[] asked = new long[1];
            long given = S + 7_777_777_777L;
            assertThat(player.replaceAt(4, a, VOICE, -1, true, Player.Grid.BAR, e -> {
                asked[0] = e;
                return given;
            }, false)).isEqualTo(given);
            assertThat(asked[0]).as("the line function is given the earliest time").isEqualTo(sentTo + 1);
            assertThat(player.replaceAt(5, a, VOICE, -1, true, Player.Grid.BAR, e -> e - 5, false))
                    .as("a line before the earliest is not taken").isEqualTo(sentTo + 1);
            assertThat(player.pendingTrackId()).isEqualTo(5);
            player.stop();
            assertThat(player.pendingAt()).isEqualTo(-1);
            assertThat(player.pendingTrackId()).isEqualTo(-1);
            assertThat(player.isPlaying()).isFalse();
        }
    }

    /**
     * A replacement queued before the playing track has begun lands no sooner than its start (the playing one's
     * first moment), and the track that never sounded is not heard to end; with nothing playing it starts at the
     * port's soonest start at once, its first events sent from the caller (the lookahead is at least 3 leads).
     */
    @Test
    void aReplacementBeforeTheStartAndWithNothingPlaying() throws Exception {
        double bpm = 60;
        Track a = new Track(melody(60, 1), List.of(), bpm);
        ClockPort port = new ClockPort();
        port.lead = 30_000_000;
        try (Player player = manual(port)) {
            assertThat(player.lookaheadNanos()).isEqualTo(90_000_000);
            BlockingQueue<String> q = listen(player);
            assertThat(player.replaceAt(1, a, VOICE, -1, false, Player.Grid.BAR, null, false))
                    .as("nothing playing: the earliest start").isEqualTo(30_000_000);
            assertThat(player.pendingAt()).isEqualTo(-1);
            assertThat(player.isPlaying()).isTrue();
            assertThat(described(port.snapshot())).as("its first events sent from the caller at once (753927d)")
                    .containsExactly("program " + CH + "/0 at 30000000", on(CH, 60, 30_000_000));
            player.stop();
            int before = port.snapshot().size();
            player.play(1, a, VOICE, -1, true, S);
            long at = player.replaceAt(2, a, VOICE, -1, false, Player.Grid.BEAT, null, false);
            assertThat(at).isEqualTo(S);
            run(player, port, S + ns(2, bpm));
            assertThat(next(q)).as("track 1 never sounded").isEqualTo("started 2 at " + S);
            List<Sent> sent = port.snapshot();
            assertThat(described(sent.subList(before, sent.size()))).containsExactly("program " + CH + "/0 at " + S,
                    on(CH, 60, S), off(CH, 60, S + ns(1, bpm)));
        }
    }

    /**
     * A change of tempo from the same place of the loop: the new track's events before that place are not played
     * (its program is, on the line), a note of it humanized just before the place plays on the line, the rest at
     * the new tempo from where the old one was, and the next round from the new track's top.
     */
    @Test
    void fromTheSamePlaceAtANewTempo() throws Exception {
        double bpm = 120; // a beat 500 ms
        // beats 0 (1), 1 (1), 2 (2); a hit 5 ticks before beat 2 (an early downbeat)
        Track old = new Track(melody(60, 1, 1, 2), List.of(new DrumHit(2 - 5 / 480.0, 50, 80)), bpm);
        Track slow = old.withTempo(60);
        long round = ns(4, 60);
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            player.play(1, old, VOICE, -1, true, S);
            run(player, port, S + ns(1.2, bpm));
            long line = player.replaceAt(1, slow, VOICE, -1, true, Player.Grid.BEAT, null, true);
            assertThat(line).isEqualTo(S + ns(2, bpm));
            assertThat(player.barAt(line)).isEqualTo(1);
            long top = line - ns(2, 60); // where the slow track's top would have been
            run(player, port, top + round + ns(1.5, 60));
            List<String> got = described(port.snapshot());
            assertThat(got).containsExactly("program " + CH + "/0 at " + S, on(CH, 60, S), off(CH, 60, S + ns(1, bpm)),
                    on(CH, 62, S + ns(1, bpm)),
                    off(CH, 62, line), // released on the line (its own note-off is at it too)
                    "program " + CH + "/0 at " + line,
                    on(DRUMS, 50, line), on(CH, 64, line), // the hit humanized early: on the line
                    off(DRUMS, 50, top + ns(2 - 5 / 480.0 + 0.25, 60)),
                    off(CH, 64, top + round), on(CH, 60, top + round),
                    off(CH, 60, top + round + ns(1, 60)), on(CH, 62, top + round + ns(1, 60)));
        }
    }

    /**
     * A loop re-timed on a followed clock's bar line, snapped to bars (issue 15: the DAW changed tempo while it
     * played). Ahead of the clock (played at 120 BPM, the DAW at 100: at the DAW's bar 2 the loop is 0.8 beat into
     * its second round), it goes on from its top on the line at 100 BPM, and its first note, struck 0.4 s before the
     * line by the old play, is not struck again. Behind it (at 100 BPM, the DAW at 120: a third of a beat short of its
     * second round at the line), it goes on from its top too, and the note sounding across the line ends on it.
     */
    @Test
    void aLoopOffAFollowedClockGoesOnFromItsNearestBarOnTheClocksLine() throws Exception {
        Track fast = new Track(melody(60, 1, 1, 1, 1), List.of(), 120);
        Track slow = fast.withTempo(100);
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            player.play(1, fast, VOICE, -1, true, S);
            run(player, port, S + ns(4.2, 120));
            long line = S + ns(4, 100); // the DAW's bar 2
            assertThat(player.replaceAt(1, slow, VOICE, -1, true, Player.Grid.BAR, e -> line, true, 4))
                    .isEqualTo(line);
            assertThat(player.barAt(line)).as("the DAW's bar 2 is the loop's").isEqualTo(2);
            run(player, port, line + ns(2.5, 100));
            assertThat(described(port.snapshot())).containsExactly("program " + CH + "/0 at " + S,
                    on(CH, 60, S), off(CH, 60, S + ns(1, 120)), on(CH, 62, S + ns(1, 120)),
                    off(CH, 62, S + ns(2, 120)), on(CH, 64, S + ns(2, 120)),
                    off(CH, 64, S + ns(3, 120)), on(CH, 66, S + ns(3, 120)),
                    off(CH, 66, S + ns(4, 120)), on(CH, 60, S + ns(4, 120)), // round 2, 0.4 s before the line
                    off(CH, 60, line), // released on the line
                    "program " + CH + "/0 at " + line, // (its top, struck already, is not struck again)
                    on(CH, 62, line + ns(1, 100)), off(CH, 62, line + ns(2, 100)), on(CH, 64, line + ns(2, 100)));
            assertThat(player.barAt(line + ns(4, 100))).isEqualTo(3);
        }
        port = new ClockPort();
        try (Player player = manual(port)) {
            player.play(1, slow, VOICE, -1, true, S);
            run(player, port, S + ns(3, 100));
            long line = S + ns(4, 120); // the DAW's bar 2
            assertThat(player.replaceAt(1, fast, VOICE, -1, true, Player.Grid.BAR, e -> line, true, 4))
                    .isEqualTo(line);
            run(player, port, line + ns(1.5, 120));
            assertThat(described(port.snapshot())).containsExactly("program " + CH + "/0 at " + S,
                    on(CH, 60, S), off(CH, 60, S + ns(1, 100)), on(CH, 62, S + ns(1, 100)),
                    off(CH, 62, S + ns(2, 100)), on(CH, 64, S + ns(2, 100)),
                    off(CH, 64, S + ns(3, 100)), on(CH, 66, S + ns(3, 100)),
                    off(CH, 66, line), // sounding across the line: ends on it
                    "program " + CH + "/0 at " + line, on(CH, 60, line), // the top on the line
                    off(CH, 60, line + ns(1, 120)), on(CH, 62, line + ns(1, 120)));
        }
    }

    /** play() over a playing track releases it at the new start (or now, if that is sooner) and starts the new one. */
    @Test
    void playOverAPlayingTrackReleasesAtTheNewStart() throws Exception {
        double bpm = 60;
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            BlockingQueue<String> q = listen(player);
            player.play(1, new Track(melody(60, 4), List.of(), bpm), VOICE, -1, false, S);
            run(player, port, S + 500_000_000);
            long second = S + 700_000_000;
            player.play(2, new Track(melody(70, 1), List.of(), bpm), VOICE, -1, false, second);
            run(player, port, second + ns(2, bpm));
            assertThat(described(port.snapshot())).containsExactly("program " + CH + "/0 at " + S, on(CH, 60, S),
                    off(CH, 60, S + 500_000_000), "program " + CH + "/0 at " + second, on(CH, 70, second),
                    off(CH, 70, second + ns(1, bpm)));
            assertThat(next(q)).isEqualTo("started 1 at " + S);
            assertThat(next(q)).isEqualTo("ended 1 REPLACED at " + (S + 500_000_000));
            assertThat(next(q)).isEqualTo("started 2 at " + second);
            player.play(3, new Track(melody(70, 1), List.of(), bpm), VOICE, -1, false, port.now - 5);
            assertThat(port.snapshot()).hasSize(6); // nothing sounded: nothing to release
        }
    }

    /**
     * A composed track's other parts get their programs on their own channels with the melody's, bank 0 is sent
     * (it is a bank, not "none"), and a stop while a drum and a bass note sound releases each on its own channel.
     */
    @Test
    void eachPartHasItsProgramAndAStopReleasesEachOnItsChannel() throws Exception {
        double bpm = 120;
        Arrangement a = new Arrangement("", Meter.FOUR_FOUR, 1, "", List.of(new PartNote(0, 40, 4, 90)), List.of(), 33,
                48, Feel.STRAIGHT, null, java.util.Set.of());
        Track t = new Track(melody(60, 4), List.of(new DrumHit(1, 38, 80)), bpm, a);
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            player.play(1, t, VOICE, 0, false, S);
            long stopAt = S + ns(1.1, bpm); // the drum hit (beats 1..1.25), the melody and the bass all sound
            run(player, port, stopAt);
            player.stop();
            assertThat(described(port.snapshot())).containsExactly("cc " + CH + "/0=0 at " + S,
                    "cc " + CH + "/32=0 at " + S, "program " + CH + "/0 at " + S, "program 1/33 at " + S,
                    on(CH, 60, S), on(1, 40, S), on(DRUMS, 38, S + ns(1, bpm)),
                    off(CH, 60, stopAt), off(1, 40, stopAt), off(DRUMS, 38, stopAt));
            assertThat(port.snapshot()).allSatisfy(m -> assertThat(m.status()).as("a status byte").isBetween(0x80, 0xFF));
        }
    }

    /**
     * In a later round of a loop the grid is the round's: a bar line is counted from the round's top, and a line past
     * the loop's end (a loop of 6 beats, not whole bars) is the next round's top; a tempo change from the same place
     * in that round goes on from the place in the round, not from the loop's first start.
     */
    @Test
    void inALaterRoundTheLinesAreTheRoundsAndTheLoopsEndIsALine() throws Exception {
        double bpm = 120; // a beat 500 ms, a bar 2 s, the loop 6 beats = 3 s
        Track t = new Track(melody(60, 2, 2, 2), List.of(), bpm);
        long round = ns(6, bpm);
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            player.play(1, t, VOICE, -1, true, S);
            run(player, port, S + 2 * round + ns(0.5, bpm)); // round 3, beat 0.5
            player.stepAt(port.now);
            assertThat(player.replaceAt(2, t, VOICE, -1, true, Player.Grid.BAR, null, false))
                    .as("round 3's bar 2 (beat 4 of the round)").isEqualTo(S + 2 * round + ns(4, bpm));
            run(player, port, S + 2 * round + ns(4.5, bpm)); // the replacement plays from here (round 1 of track 2)
            long top2 = S + 2 * round + ns(4, bpm);
            run(player, port, top2 + ns(4.5, bpm));
            player.stepAt(port.now);
            assertThat(player.replaceAt(3, t, VOICE, -1, true, Player.Grid.BAR, null, false))
                    .as("past the loop's end: the next round's top").isEqualTo(top2 + round);
            run(player, port, top2 + round + ns(1, bpm)); // track 3 from its top
            run(player, port, top2 + round + round + ns(2.2, bpm)); // its round 2, beat 2.2
            player.stepAt(port.now);
            long line = player.replaceAt(3, t.withTempo(60), VOICE, -1, true, Player.Grid.BEAT, null, true);
            long top3 = top2 + round;
            assertThat(line).isEqualTo(top3 + round + ns(3, bpm));
            // beat 3 of the round at 60 BPM: the slow track's top 3 s before the line; its note at beat 4 a second after
            run(player, port, line + ns(1.5, 60));
            assertThat(described(port.snapshot())).contains(on(CH, 64, line + ns(1, 60)))
                    .doesNotContain(on(CH, 60, line), on(CH, 62, line));
            // after the line, bars at the new tempo: the slow track's bar is 4 s (the old one's 2 s)
            assertThat(player.barAt(line + 4_000_000_000L)).isEqualTo(player.barAt(line) + 1);
        }
    }

    /** Until a queued change lands, bars are the playing track's; from its line, the replacement's (at its tempo). */
    @Test
    void barsAfterAQueuedLineAreTheReplacementsAtItsTempo() throws Exception {
        ClockPort port = new ClockPort();
        Track fast = new Track(melody(60, 4, 4), List.of(), 120); // a bar 2 s
        try (Player player = manual(port)) {
            player.play(1, fast, VOICE, -1, true, S);
            run(player, port, S + 500_000_000);
            long line = player.replaceAt(2, fast.withTempo(60), VOICE, -1, true, Player.Grid.BAR, null, false);
            assertThat(line).isEqualTo(S + 2_000_000_000L);
            assertThat(player.barAt(line + 3_000_000_000L)).as("bar 2 of the play, at 60 BPM a bar is 4 s").isEqualTo(2);
            assertThat(player.barAt(line - 1_000_000)).isEqualTo(1);
        }
    }

    @Test
    void aBankOutsideItsRangeIsRefusedByReplaceAsByPlay() {
        ClockPort port = new ClockPort();
        Track t = new Track(melody(60, 1), List.of(), 120);
        try (Player player = manual(port)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> player.replaceAt(1, t, VOICE, 16384, true, Player.Grid.BAR, null, false)).hasMessageContaining("16384");
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> player.replaceAt(1, t, VOICE, -2, true, Player.Grid.BAR, null, false)).hasMessageContaining("-2");
            player.replaceAt(1, t, VOICE, 16383, true, Player.Grid.BAR, null, false);
            player.stepAt(port.now);
            assertThat(described(port.snapshot())).startsWith("cc " + CH + "/0=127 at 0", "cc " + CH + "/32=127 at 0");
        }
    }

    /**
     * Every operation lets go of the player when it returns: another thread (the device's, the scheduler's) can use
     * it right after. Run on a thread of its own and asked from a second one.
     */
    @Test
    void everyOperationLetsAnotherThreadUseThePlayerAfterIt() throws Exception {
        ClockPort port = new ClockPort();
        Track t = new Track(melody(60, 1), List.of(), 120);
        Player player = manual(port);
        java.util.concurrent.ExecutorService one = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            List<java.util.concurrent.Callable<Object>> ops = List.of(
                    () -> {
                        player.play(1, t, VOICE, -1, true, S);
                        return null;
                    },
                    () -> player.stepAt(S), player::isPlaying, player::currentTrackId, player::pendingAt,
                    player::pendingTrackId, () -> player.barAt(S),
                    () -> player.replaceAt(2, t, VOICE, -1, true, Player.Grid.BAR, null, false),
                    () -> {
                        player.stop();
                        return null;
                    },
                    () -> {
                        player.panic();
                        return null;
                    },
                    () -> {
                        player.close();
                        return null;
                    });
            for (java.util.concurrent.Callable<Object> op : ops) {
                one.submit(op).get(10, TimeUnit.SECONDS);
                assertThat(java.util.concurrent.CompletableFuture.supplyAsync(player::isPlaying).get(10, TimeUnit.SECONDS))
                        .as("asked from another thread after an operation").isNotNull();
            }
        } finally {
            one.shutdownNow();
        }
    }

    /**
     * A loop that ends in a rest (2 bars, notes only in its first 3 beats): it plays on through the rest into its next
     * round (it does not end when its last note has been sent), and a change queued in the rest lands on the bar line
     * inside the rest, not at the next round.
     */
    @Test
    void aLoopEndingInARestPlaysOnAndAChangeInTheRestLandsOnItsBarLine() throws Exception {
        double bpm = 120; // a beat 500 ms, a bar 2 s
        Arrangement twoBars = new Arrangement("", Meter.FOUR_FOUR, 2, "", List.of(), List.of(), 33, 48, Feel.STRAIGHT,
                null, java.util.Set.of());
        Track t = new Track(melody(60, 1, 2), List.of(), bpm, twoBars); // notes at beats 0..1, 1..3; 8 beats a round
        long round = ns(8, bpm);
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            BlockingQueue<String> q = listen(player);
            player.play(1, t, VOICE, -1, true, S);
            run(player, port, S + round + ns(1.5, bpm)); // into round 2
            assertThat(described(port.snapshot())).contains(on(CH, 60, S + round), off(CH, 60, S + round + ns(1, bpm)),
                    on(CH, 62, S + round + ns(1, bpm)));
            assertThat(player.isPlaying()).isTrue();
            run(player, port, S + round + ns(3.5, bpm)); // in the rest of round 2
            player.stepAt(port.now);
            assertThat(player.replaceAt(2, t, VOICE, -1, true, Player.Grid.BAR, null, false))
                    .as("bar 2 of the round, in the rest").isEqualTo(S + round + ns(4, bpm));
            assertThat(next(q)).isEqualTo("started 1 at " + S);
        }
    }

    /**
     * A track that does not loop and has sent all its events waits silent for a change queued after its end, and the
     * change begins on its line (it is not lost to a scheduler that sleeps until another change).
     */
    @Test
    void aFinishedTrackWaitsForItsQueuedReplacement() throws Exception {
        double bpm = 60; // a beat is 1 s
        Track t = new Track(melody(60, 1), List.of(), bpm);
        ClockPort port = new ClockPort();
        try (Player player = manual(port)) {
            BlockingQueue<String> q = listen(player);
            player.play(1, t, VOICE, -1, false, S);
            run(player, port, S + ns(1, bpm) - L); // the note-off has left
            player.stepAt(port.now);
            long line = player.replaceAt(2, new Track(melody(72, 1), List.of(), bpm), VOICE, -1, false,
                    Player.Grid.BEAT, null, false);
            assertThat(line).isEqualTo(S + ns(2, bpm));
            run(player, port, line + ns(2, bpm));
            assertThat(described(port.snapshot())).contains(on(CH, 72, line), off(CH, 72, line + ns(1, bpm)));
            assertThat(next(q)).isEqualTo("started 1 at " + S);
            assertThat(next(q)).isEqualTo("ended 1 REPLACED at " + line);
            assertThat(next(q)).isEqualTo("started 2 at " + line);
        }
    }
}

package org.hitlmidi.midi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.midi.PlayerTest.Heard;
import org.hitlmidi.midi.PlayerTest.Sent;
import org.hitlmidi.midi.PlayerTest.StampPort;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.junit.jupiter.api.Test;

/**
 * {@link Player#replaceAt}: a change lands on the playing loop's next bar line (or beat), the old track plays up to
 * it and its notes sounding across it end on it, nothing of the old track is sent after it, nothing hangs. The lines
 * expected are computed here from the loop's start and tempo (4/4: a bar is 4 beats), never by the code under test.
 * The same on a real JACK server, frame-exact: {@code QuantizeJackTest}.
 */
class QuantizedChangeTest {
    private static final MidiFiles.Voice VOICE = MidiFiles.Voice.DEFAULT;

    /** Pitches from {@code first} up by 2, with these lengths in beats. */
    private static Track melody(double bpm, int first, double... beats) {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < beats.length; i++) {
            notes.add(new Note(first + 2 * i, beats[i], 80));
        }
        return new Track(notes, List.of(), bpm);
    }

    /** Track start and end with their times, as the listener hears them. */
    static BlockingQueue<String> listen(Player p) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        p.addListener(new Player.Listener() {
            @Override
            public void trackStarted(long trackId, long atNanos) {
                q.add("started " + trackId + " at " + atNanos);
            }

            @Override
            public void trackEnded(long trackId, long atNanos, Player.EndReason reason) {
                q.add("ended " + trackId + " " + reason + " at " + atNanos);
            }
        });
        return q;
    }

    static String next(BlockingQueue<String> q) throws InterruptedException {
        String s = q.poll(10, TimeUnit.SECONDS);
        assertThat(s).as("a listener event within 10 s").isNotNull();
        return s;
    }

    /** The first line of the grid (lines every {@code step} ns from {@code start}) at or after {@code t}. */
    private static long lineAfter(long start, double step, long t) {
        long k = (long) Math.ceil((t - start) / step);
        return start + Math.round(k * step);
    }

    /**
     * A loop whose notes cross its bar lines (3 + 3 + 2 beats: the second note sounds across bar 2's line) is replaced
     * by another track: the replacement's first note-on is on a bar line, the old note sounding across it gets its
     * note-off on that line (not at its own end, not never), no old note-on is sent at or after the line, and a
     * receiver is left with nothing sounding. Caught mutations: the replacement starting at once (mid-bar); the old
     * track's events at or after the line still sent (a doubled note); no release at the line (a hanging note).
     */
    @Test
    void aReplacementLandsOnTheNextBarLineAndReleasesWhatSoundsAcrossIt() throws Exception {
        double bpm = 240; // a beat is 250 ms, a bar 1 s
        double bar = 4 * 60e9 / bpm;
        StampPort port = new StampPort();
        try (Player player = new Player(port)) {
            BlockingQueue<String> q = listen(player);
            long start = port.nowNanos() + 20_000_000;
            List<org.hitlmidi.music.DrumHit> hats = new ArrayList<>();
            for (int b = 0; b < 8; b++) { // a hit on every beat: one of the old track's notes is on the line itself
                hats.add(new org.hitlmidi.music.DrumHit(b, 42, 70));
            }
            player.play(1, melody(bpm, 60, 3, 3, 2).withPercussion(hats), VOICE, -1, true, start);
            assertThat(next(q)).startsWith("started 1");
            // ask while the second note (beats 3..6) is due to sound across the line at beat 4
            while (port.nowNanos() < start + Math.round(3.2 * 60e9 / bpm)) {
                Thread.onSpinWait();
            }
            long asked = port.nowNanos();
            long at = player.replaceAt(2, melody(bpm, 72, 1, 1, 1, 1), VOICE, -1, true, Player.Grid.BAR, null, false);
            assertThat(player.pendingAt()).isEqualTo(at);
            assertThat(player.pendingTrackId()).isEqualTo(2);
            assertThat(at).as("on a bar line of the loop").isEqualTo(lineAfter(start, bar, at));
            long after = port.nowNanos();
            assertThat(at).as("not before the request").isGreaterThan(asked);
            assertThat(at - Math.round(bar)).as("the line before it could be sent ahead already: it is the first one free")
                    .isLessThanOrEqualTo(after + player.lookaheadNanos() + 1);
            assertThat(player.barAt(at)).isEqualTo(Math.round((at - start) / bar) + 1);
            assertThat(next(q)).isEqualTo("ended 1 REPLACED at " + at);
            assertThat(next(q)).isEqualTo("started 2 at " + at);
            assertThat(player.pendingAt()).isEqualTo(-1);
            port.await(port.snapshot().size() + 4); // some of the new track
            player.stop();
            List<Sent> all = port.snapshot();
            assertThat(all.stream().filter(m -> m.noteOn() && m.data1() == 42)).as("the old hits, none on the line")
                    .extracting(Sent::at).isNotEmpty().allMatch(t -> t < at);
            List<Sent> oldOns = all.stream().filter(m -> m.noteOn() && m.data1() < 72 && m.data1() != 42).toList();
            List<Sent> newOns = all.stream().filter(m -> m.noteOn() && m.data1() >= 72).toList();
            assertThat(oldOns).as("no note of the old track at or after the line").allMatch(m -> m.at() < at);
            assertThat(newOns.get(0).at()).as("the new track's first note on the line").isEqualTo(at);
            assertThat(newOns.get(0).data1()).isEqualTo(72);
            // the old note sounding across the line (62 in bar 2, or whichever sounds) ends on the line
            Sent lastOld = oldOns.get(oldOns.size() - 1);
            Sent itsOff = all.stream().filter(m -> m.noteOff() && m.key() == lastOld.key() && m.at() >= lastOld.at())
                    .findFirst().orElseThrow();
            long itsEnd = lastOld.at() + Math.round((lastOld.data1() == 64 ? 2 : 3) * 60e9 / bpm);
            assertThat(itsOff.at()).as("the note sounding across the line ends on it").isEqualTo(Math.min(at, itsEnd));
            assertThat(PlayerTest.hear(all)).isEqualTo(new Heard(0, 0));
        }
    }

    /**
     * A change of tempo (the same track, {@code fromSamePlace}) goes on from the same beat of the loop at the new
     * tempo: after the line at beat 4 the next note is the one at beat 6, two beats of the new tempo after the line.
     * Caught mutation: the same track starting again from its top on the line.
     */
    @Test
    void aTempoChangeGoesOnFromTheSamePlaceOfTheLoop() throws Exception {
        double bpm = 240;
        double bar = 4 * 60e9 / bpm;
        StampPort port = new StampPort();
        try (Player player = new Player(port)) {
            BlockingQueue<String> q = listen(player);
            long start = port.nowNanos() + 20_000_000;
            Track t = melody(bpm, 60, 3, 3, 2); // notes at beats 0, 3, 6; 8 beats a round
            player.play(1, t, VOICE, -1, true, start);
            assertThat(next(q)).startsWith("started 1");
            while (port.nowNanos() < start + Math.round(0.5 * 60e9 / bpm)) {
                Thread.onSpinWait();
            }
            long at = player.replaceAt(1, t.withTempo(120), VOICE, -1, true, Player.Grid.BAR, null, true);
            assertThat(at).as("bar 2's line, the first after what was sent ahead").isEqualTo(start + Math.round(bar));
            assertThat(player.barAt(at)).isEqualTo(2);
            assertThat(next(q)).isEqualTo("ended 1 REPLACED at " + at);
            assertThat(next(q)).isEqualTo("started 1 at " + at);
            // the note at beat 6 (64), then the loop's top (60) at beat 8, at 120 BPM: 1 s and 2 s after the line
            long beatNew = Math.round(60e9 / 120);
            List<Sent> after = awaitOns(port, at, 2);
            player.stop();
            assertThat(after).extracting(Sent::data1).containsExactly(64, 60);
            assertThat(after.get(0).at()).isEqualTo(at + 2 * beatNew);
            assertThat(after.get(1).at()).isEqualTo(at + 4 * beatNew);
            List<Sent> all = port.snapshot();
            assertThat(all.stream().filter(m -> m.kind() == Midi.PROGRAM_CHANGE && m.at() == at).count())
                    .as("the program set again on the line").isEqualTo(1);
            assertThat(PlayerTest.hear(all)).isEqualTo(new Heard(0, 0));
        }
    }

    private static List<Sent> awaitOns(StampPort port, long from, int n) throws InterruptedException {
        java.util.function.Supplier<List<Sent>> ons = () -> port.snapshot().stream()
                .filter(m -> m.noteOn() && m.at() >= from).toList();
        org.hitlmidi.Await.within(java.time.Duration.ofSeconds(10), () -> ons.get().size() >= n);
        List<Sent> got = ons.get();
        return got.subList(0, Math.min(n, got.size()));
    }

    /**
     * Beat quantizing lands on the next beat; a second change before the line replaces the first (only the last is
     * heard); a stop before the line drops it. Caught mutation: a queued change surviving stop().
     */
    @Test
    void aBeatLineALaterChangeWinsAndStopDropsWhatWaits() throws Exception {
        double bpm = 60; // a beat is 1 s: the line is far enough to queue two changes before it
        StampPort port = new StampPort();
        try (Player player = new Player(port)) {
            BlockingQueue<String> q = listen(player);
            long start = port.nowNanos() + 20_000_000;
            player.play(1, melody(bpm, 60, 4, 4), VOICE, -1, true, start);
            assertThat(next(q)).startsWith("started 1");
            long at = player.replaceAt(2, melody(bpm, 72, 1), VOICE, -1, true, Player.Grid.BEAT, null, false);
            assertThat(at).isEqualTo(lineAfter(start, 1e9, at)).isLessThanOrEqualTo(start + 2_000_000_000L);
            long at3 = player.replaceAt(3, melody(bpm, 84, 1), VOICE, -1, true, Player.Grid.BEAT, null, false);
            assertThat(at3).as("the same line").isEqualTo(at);
            assertThat(next(q)).isEqualTo("ended 1 REPLACED at " + at);
            assertThat(next(q)).isEqualTo("started 3 at " + at);
            long next4 = player.replaceAt(4, melody(bpm, 48, 1), VOICE, -1, true, Player.Grid.BAR, null, false);
            assertThat(player.isPlaying()).isTrue();
            player.stop();
            assertThat(player.pendingAt()).isEqualTo(-1);
            assertThat(player.isPlaying()).isFalse();
            assertThat(next(q)).startsWith("ended 3 STOPPED");
            org.hitlmidi.Await.until(java.time.Duration.ofSeconds(20), "the port's clock 100 ms past the next bar",
                    () -> port.nowNanos() >= next4 + 100_000_000);
            List<Sent> all = port.snapshot();
            assertThat(all).as("nothing of track 2 (replaced before its line) or 4 (stopped before it)")
                    .noneMatch(m -> m.noteOn() && (m.data1() == 72 || m.data1() == 48));
            assertThat(all).anyMatch(m -> m.noteOn() && m.data1() == 84 && m.at() == at);
            assertThat(q.poll(50, TimeUnit.MILLISECONDS)).as("no start of track 4").isNull();
            assertThat(PlayerTest.hear(all)).isEqualTo(new Heard(0, 0));
        }
    }

    /** With nothing playing the track starts at once (the earliest start), as play() does. */
    @Test
    void withNothingPlayingItStartsAtOnce() throws Exception {
        StampPort port = new StampPort();
        try (Player player = new Player(port)) {
            BlockingQueue<String> q = listen(player);
            long before = port.nowNanos();
            long at = player.replaceAt(5, melody(120, 60, 0.5), VOICE, -1, false, Player.Grid.BAR, null, false);
            assertThat(at).isBetween(before, port.nowNanos() + player.lookaheadNanos());
            assertThat(player.pendingAt()).isEqualTo(-1);
            assertThat(next(q)).isEqualTo("started 5 at " + at);
            assertThat(next(q)).startsWith("ended 5 FINISHED");
        }
    }
}

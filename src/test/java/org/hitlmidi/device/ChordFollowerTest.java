package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.hitlmidi.midi.Midi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chord follow's hysteresis at 120 BPM (a beat is 500 ms), on a clock the test sets: a chord counts once held a
 * beat; a chord struck and let go sooner, the notes between two chords and a chord held again do not; a pause of
 * two bars begins a new progression. The follower decides by the message times and the time it is asked at alone,
 * so each step is checked at a known time.
 */
class ChordFollowerTest {
    private static final long BEAT = 500_000_000;
    private final AtomicLong now = new AtomicLong(1_000 * BEAT);
    private final List<String> told = new CopyOnWriteArrayList<>();
    private ChordFollower f;

    @BeforeEach
    void open() {
        f = new ChordFollower(chords -> told.add(ChordFollower.names(chords)), now::get);
        f.tempo(120, 4);
        f.setOn(true);
    }

    @AfterEach
    void close() {
        f.close();
    }

    private void press(int... keys) {
        for (int k : keys) {
            f.receive(Midi.NOTE_ON, k, 90, now.get());
        }
    }

    private void release(int... keys) {
        for (int k : keys) {
            f.receive(Midi.NOTE_OFF, k, 0, now.get());
        }
    }

    /** Moves the clock on by {@code beats} and asks the follower (as its timer would). */
    private void after(double beats) {
        f.poll(now.addAndGet(Math.round(beats * BEAT)));
    }

    private String last() {
        return told.isEmpty() ? "" : told.get(told.size() - 1);
    }

    @Test
    void aChordHeldABeatCountsAPassingOneDoesNot() {
        press(50, 53, 57); // D minor
        after(0.9);
        assertThat(told).as("not yet a beat").isEmpty();
        after(0.1);
        assertThat(told).containsExactly("Dm");
        // legato to G7 (G and B come while D minor still sounds): G7 counts from when the notes held name it
        press(55, 59);
        after(0.7);
        assertThat(last()).isEqualTo("Dm");
        release(50, 57);
        press(62);
        after(0.3);
        assertThat(last()).as("G7 held a beat since its third came").isEqualTo("Dm-G7");
        release(55, 59, 62, 53);
        // a C major struck and let go within a beat (a passing chord), then A minor held
        press(48, 52, 55);
        after(0.75);
        release(48, 52, 55);
        after(2);
        assertThat(last()).as("the passing C is not in it").isEqualTo("Dm-G7");
        press(45, 48, 52);
        after(1);
        assertThat(last()).isEqualTo("Dm-G7-Am");
        release(45, 48, 52);
        // A minor again after a short rest, with a doubled note: the same chord is not taken twice
        after(0.5);
        press(45, 48, 52);
        press(60);
        after(2);
        release(45, 48, 52, 60);
        press(53, 57, 60); // F
        after(1);
        assertThat(told).containsExactly("Dm", "Dm-G7", "Dm-G7-Am", "Dm-G7-Am-F");
    }

    @Test
    void aPauseOfTwoBarsBeginsANewProgressionAndOffForgets() {
        press(48, 52, 55);
        after(1);
        release(48, 52, 55);
        press(53, 57, 60);
        after(1);
        assertThat(last()).isEqualTo("C-F");
        release(53, 57, 60);
        after(7.5); // less than two bars of 4 beats with nothing held: the same progression goes on
        press(55, 59, 62, 65);
        after(1);
        assertThat(last()).isEqualTo("C-F-G7");
        release(55, 59, 62, 65);
        after(8.5); // more than two bars
        press(57, 60, 64);
        after(1);
        assertThat(last()).isEqualTo("Am");
        assertThat(f.json().path("progression").asText()).isEqualTo("Am");
        assertThat(f.json().path("held").asText()).isEqualTo("Am");
        f.setOn(false);
        assertThat(f.progression()).isEmpty();
        press(50, 53, 57); // off: nothing is heard
        after(2);
        assertThat(last()).isEqualTo("Am");
        assertThat(f.json().path("chords").asBoolean()).isFalse();
        assertThat(f.json().has("held")).isFalse();
    }

    /** Drums (channel 10) are no chord, nor are they notes of one. */
    @Test
    void drumsAreNoChord() {
        for (int k : new int[] {36, 40, 43}) {
            f.receive(Midi.NOTE_ON | 9, k, 100, now.get());
        }
        after(2);
        assertThat(told).isEmpty();
        press(57, 60, 64);
        after(1);
        assertThat(told).containsExactly("Am");
    }

    @Test
    void atMostEightChordsAreKept() {
        int[] roots = {0, 2, 4, 5, 7, 9, 11, 0, 2};
        for (int root : roots) {
            int r = 48 + root;
            press(r, r + 4, r + 7); // major triads, each another chord than the one before
            after(1);
            release(r, r + 4, r + 7);
        }
        assertThat(last().split("-")).hasSize(ChordFollower.MAX_CHORDS);
        assertThat(last()).isEqualTo("D-E-F-G-A-B-C-D");
    }
}

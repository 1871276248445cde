package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hitlmidi.midi.Midi;
import org.junit.jupiter.api.Test;

/**
 * Key follow's decisions on notes fed with their times (the port clock's nanoseconds), at 120 BPM (a beat is
 * 0.5 s): a few bars of D major move the key there, once; a passing chromatic note, or half a bar that leans to
 * another key, does not switch it. The same through a real JACK input: {@code KeyFollowJackTest}.
 */
class KeyFollowerTest {
    private static final long BEAT = 500_000_000L;

    private final List<String> taken = new ArrayList<>();
    private final KeyFollower keys = new KeyFollower((tonic, minor) -> taken.add(KeyFollower.name(tonic, minor)));
    private long t = 1_000_000_000L;

    private void play(int pitch, double beats) {
        keys.receive(Midi.NOTE_ON, pitch, 90, t);
        t += Math.round(beats * BEAT);
        keys.receive(Midi.NOTE_OFF, pitch, 0, t);
    }

    /** One bar of D major: D F# A D' (tonic triad, long) and the scale's E G B C# (short). */
    private void barOfD() {
        play(62, 1);
        play(64, 0.25);
        play(66, 0.75);
        play(67, 0.25);
        play(69, 0.75);
        play(71, 0.25);
        play(73, 0.25);
        play(74, 0.5);
    }

    @Test
    void barsOfDMajorMoveTheKeyThereOnce() {
        keys.setOn(true);
        keys.tempo(120);
        keys.keyInForce(0, false); // C major
        for (int bar = 0; bar < 4; bar++) {
            barOfD();
        }
        assertThat(taken).containsExactly("D major");
        assertThat(keys.json().path("heard").path("key").asText()).isEqualTo("D major");
    }

    /**
     * In D major, a passing G# (an eighth) switches nothing, nor does a bar leaning to the relative minor (B and F#
     * long: the finder's best is B minor for a moment). Caught mutation: no hysteresis (no hold, no margin): the bar
     * of B switches to B minor and back.
     */
    @Test
    void aPassingNoteOrABarLeaningElsewhereDoesNotSwitch() {
        keys.setOn(true);
        keys.tempo(120);
        keys.keyInForce(2, false); // D major
        for (int bar = 0; bar < 3; bar++) {
            barOfD();
        }
        play(68, 0.5); // G#
        barOfD();
        List<String> heard = new ArrayList<>();
        double[][] lean = {{71, 1}, {66, 1}, {71, 1}, {74, 0.5}, {71, 0.5}};
        for (double[] n : lean) {
            play((int) n[0], n[1]);
            heard.add(keys.json().path("heard").path("key").asText());
        }
        assertThat(heard).as("the finder leaned elsewhere for a moment").anyMatch(k -> !k.equals("D major"));
        barOfD();
        barOfD();
        assertThat(taken).isEmpty();
    }

    @Test
    void offHearsNothingAndDrumsAreNoKey() {
        keys.tempo(120);
        keys.keyInForce(0, false);
        for (int bar = 0; bar < 4; bar++) {
            barOfD();
        }
        assertThat(taken).isEmpty();
        keys.setOn(true);
        for (int bar = 0; bar < 4; bar++) { // D major on channel 10 is a drum part
            for (int p : new int[] {62, 66, 69, 74}) {
                keys.receive(Midi.NOTE_ON | 9, p, 90, t);
                t += BEAT;
                keys.receive(Midi.NOTE_OFF | 9, p, 0, t);
            }
        }
        assertThat(taken).isEmpty();
    }
}

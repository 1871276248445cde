package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * More of the music model at its edges, written for PIT's music set (issue 17; docs/mutation-review.md): part notes,
 * the last bar of a short progression, the edit types, the edit rules and drum kits, a chord's tones in a key, a
 * scale at the top of the MIDI range. Every expected value is worked out here from the definitions (the Roman
 * numerals, the major scale's steps), not read from the code.
 */
class MusicBoundsTest {

    @Test
    void aPartNoteIsInsideItsRangesAndEndsAtStartPlusDuration() {
        assertThat(new PartNote(0, 0, 64, 1).pitch()).isZero();
        assertThat(new PartNote(4096, 127, 0.001, 127).start()).isEqualTo(4096);
        assertThat(new PartNote(1.5, 60, 0.25, 90).end()).isEqualTo(1.75);
        assertThatThrownBy(() -> new PartNote(-0.001, 60, 1, 90)).hasMessageContaining("beat -0.001");
        assertThatThrownBy(() -> new PartNote(Double.NaN, 60, 1, 90)).hasMessageContaining("beat NaN");
        assertThatThrownBy(() -> new PartNote(4096.001, 60, 1, 90)).hasMessageContaining("beat 4096.001");
        assertThatThrownBy(() -> new PartNote(0, -1, 1, 90)).hasMessageContaining("pitch -1");
        assertThatThrownBy(() -> new PartNote(0, 128, 1, 90)).hasMessageContaining("pitch 128");
        assertThatThrownBy(() -> new PartNote(0, 60, 0, 90)).hasMessageContaining("duration 0.0");
        assertThatThrownBy(() -> new PartNote(0, 60, 64.001, 90)).hasMessageContaining("duration 64.001");
        assertThatThrownBy(() -> new PartNote(0, 60, 1, 0)).hasMessageContaining("velocity 0");
        assertThatThrownBy(() -> new PartNote(0, 60, 1, 128)).hasMessageContaining("velocity 128");
    }

    /** A track of more bars than chords repeats the progression; of fewer, its last bar is I when the first is I. */
    @Test
    void theLastBarOfATrackShorterThanItsProgressionIsTheTonic() {
        Progression pop = Progression.parse("I-V-vi-IV", false);
        // I, V, vi, IV have their roots 0, 7, 9, 5 semitones above the tonic (the major scale's degrees 1, 5, 6, 4)
        assertThat(roots(pop, 1)).containsExactly(0);
        assertThat(roots(pop, 2)).containsExactly(0, 0);
        assertThat(roots(pop, 3)).containsExactly(0, 7, 0);
        assertThat(roots(pop, 4)).containsExactly(0, 7, 9, 5);
        assertThat(roots(pop, 6)).containsExactly(0, 7, 9, 5, 0, 7);
        // ii first: a short track plays the progression as it comes (ii = 2, V = 7, I = 0)
        Progression jazz = Progression.parse("ii-V-I-I", false);
        assertThat(roots(jazz, 2)).containsExactly(2, 7);
        assertThat(roots(jazz, 3)).containsExactly(2, 7, 0);
        assertThat(roots(jazz, 5)).containsExactly(2, 7, 0, 0, 2);
        assertThat(pop).hasToString("I-V-vi-IV");
        assertThatThrownBy(() -> Progression.parse("I--V", false)).hasMessageContaining("empty chord");
        assertThatThrownBy(() -> new Progression("none", List.of())).hasMessageContaining("has no chords");
    }

    private static List<Integer> roots(Progression p, int bars) {
        List<Integer> out = new ArrayList<>();
        for (int bar = 0; bar < bars; bar++) {
            out.add(p.chordAt(bar, bars).root());
        }
        return out;
    }

    @Test
    void aChordsTonesAreFoundInItsKey() {
        // V in D major: A, C sharp, E (pitch classes 9, 1, 4): in the octave from middle C, 61, 64 and 69
        Chord five = Chord.parse("V", false);
        List<Integer> in = new ArrayList<>();
        for (int p = 60; p < 72; p++) {
            if (five.contains(62, p)) {
                in.add(p);
            }
        }
        assertThat(in).containsExactly(61, 64, 69);
        assertThat(five.contains(62, 69 + 24)).isTrue();
        assertThat(five.contains(62, 62)).isFalse();
        assertThat(five).hasToString("V");
        assertThatThrownBy(() -> Chord.parse("X", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Roman numeral");
    }

    @Test
    void theEditTypesAreThePapersSixThenCompose() {
        assertThat(ActionType.count()).isEqualTo(7);
        assertThat(ActionType.of(0)).isEqualTo(ActionType.PITCH_UP);
        assertThat(ActionType.of(5)).isEqualTo(ActionType.NOTE_REMOVAL);
        assertThat(ActionType.of(6)).isEqualTo(ActionType.COMPOSE);
        assertThatThrownBy(() -> ActionType.of(-1)).hasMessageContaining("action type -1 outside 0..6");
        assertThatThrownBy(() -> ActionType.of(7)).hasMessageContaining("action type 7 outside 0..6");
    }

    @Test
    void editRulesAndKitsAreRefusedOutsideTheirRanges() {
        assertThat(new EditRules(0, 127, 0.25, 0.25, 1, DrumKit.PAPER).maxPitch()).isEqualTo(127);
        assertThat(new EditRules(60, 60, 0.25, 0.5, 0.5, DrumKit.PAPER).minDuration()).isEqualTo(0.5);
        assertThatThrownBy(() -> new EditRules(-1, 127, 0.25, 0.25, 1, DrumKit.PAPER)).hasMessageContaining("-1..127");
        assertThatThrownBy(() -> new EditRules(0, 128, 0.25, 0.25, 1, DrumKit.PAPER)).hasMessageContaining("0..128");
        assertThatThrownBy(() -> new EditRules(61, 60, 0.25, 0.25, 1, DrumKit.PAPER)).hasMessageContaining("61..60");
        assertThatThrownBy(() -> new EditRules(0, 127, 0, 0.25, 1, DrumKit.PAPER)).hasMessageContaining("step=0.0");
        assertThatThrownBy(() -> new EditRules(0, 127, 0.25, 0, 1, DrumKit.PAPER)).hasMessageContaining("0.0..1.0");
        assertThatThrownBy(() -> new EditRules(0, 127, 0.25, 1.25, 1, DrumKit.PAPER)).hasMessageContaining("1.25..1.0");
        assertThatThrownBy(() -> new EditRules(0, 127, 0.25, 0.25, 1, null)).hasMessageContaining("kit is missing");
        assertThat(new DrumKit("edges", List.of(0, 127)).next(0)).isEqualTo(127);
        assertThatThrownBy(() -> new DrumKit("low", List.of(-1))).hasMessageContaining("key -1");
        assertThatThrownBy(() -> new DrumKit("high", List.of(128))).hasMessageContaining("key 128");
    }

    @Test
    void thePapersEditsAddressTheMelodysNotesOnly() {
        Edits edits = new Edits(EditRules.PAPER);
        assertThat(edits.isMusical()).isFalse();
        assertThat(edits.rules()).isEqualTo(EditRules.PAPER);
        Track t = new Track(List.of(new Note(60, 0.5), new Note(62, 0.5), new Note(64, 0.5)),
                List.of(new DrumHit(0, 38, 80)), 120);
        assertThat(Edits.indices(t)).isEqualTo(3);
        assertThat(edits.apply(t, new Action(ActionType.PITCH_UP, 2)).melody().get(2).pitch()).isEqualTo(65);
        assertThatThrownBy(() -> edits.apply(t, new Action(ActionType.PITCH_UP, 3)))
                .hasMessageContaining("addresses note 3 of a track with 3 notes");
    }

    /** The major scale's steps 0, 2, 4, 5, 7, 9, 11 from 120: 127 is the last note MIDI has, and is kept. */
    @Test
    void aScaleNearTheTopOfMidiKeepsNoteOneHundredTwentySeven() {
        assertThat(Scale.MAJOR.notesFrom(120)).containsExactly(120, 122, 124, 125, 127);
        assertThat(Scale.MAJOR.size()).isEqualTo(7);
        assertThat(Scale.parse("ionian")).isEqualTo(Scale.MAJOR);
    }
}

package org.hitlmidi.music;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EditsTest {
    private final Edits edits = new Edits(EditRules.PAPER);
    private final Track track = new Track(
            List.of(new Note(60, 0.5), new Note(64, 1.0), new Note(67, 0.25)),
            List.of(new DrumHit(0, 38, 80), new DrumHit(0.25, 35, 80)), 90);

    private Track apply(ActionType t, int i) {
        return edits.apply(track, new Action(t, i));
    }

    @Test
    void pitchStepsBySemitone() {
        assertThat(apply(ActionType.PITCH_UP, 0).melody().get(0).pitch()).isEqualTo(61);
        assertThat(apply(ActionType.PITCH_DOWN, 1).melody().get(1).pitch()).isEqualTo(63);
        assertThat(apply(ActionType.PITCH_UP, 0).melody().subList(1, 3)).isEqualTo(track.melody().subList(1, 3));
    }

    @Test
    void pitchStaysInsideTheRange() {
        Track top = track.withMelody(List.of(new Note(127, 1)));
        Track bottom = track.withMelody(List.of(new Note(0, 1)));
        assertThat(edits.apply(top, new Action(ActionType.PITCH_UP, 0))).isSameAs(top);
        assertThat(edits.apply(bottom, new Action(ActionType.PITCH_DOWN, 0))).isSameAs(bottom);
        Edits narrow = new Edits(new EditRules(60, 72, 0.25, 0.25, 1, DrumKit.PAPER));
        Track c5 = track.withMelody(List.of(new Note(72, 1)));
        assertThat(narrow.apply(c5, new Action(ActionType.PITCH_UP, 0))).isSameAs(c5);
    }

    @Test
    void durationStepsByAQuarterBetweenAQuarterAndOneBeat() {
        assertThat(apply(ActionType.DURATION_UP, 0).melody().get(0).duration()).isEqualTo(0.75);
        assertThat(apply(ActionType.DURATION_DOWN, 0).melody().get(0).duration()).isEqualTo(0.25);
        assertThat(apply(ActionType.DURATION_UP, 1)).isSameAs(track); // longest already
        assertThat(apply(ActionType.DURATION_DOWN, 2)).isSameAs(track); // shortest already
    }

    @Test
    void percussionChangeCyclesTheKit() {
        assertThat(apply(ActionType.PERCUSSION_CHANGE, 0).percussion().get(0).key()).isEqualTo(35);
        assertThat(apply(ActionType.PERCUSSION_CHANGE, 1).percussion().get(1).key()).isEqualTo(38);
        // a step beyond the drum grid: nothing to change
        assertThat(apply(ActionType.PERCUSSION_CHANGE, 2)).isSameAs(track);
        DrumKit rock = new DrumKit("rock", List.of(36, 38, 42, 46));
        Edits r = new Edits(EditRules.PAPER.withKit(rock));
        Track t = track;
        int[] seen = new int[5];
        for (int k = 0; k < 5; k++) {
            t = r.apply(t, new Action(ActionType.PERCUSSION_CHANGE, 0));
            seen[k] = t.percussion().get(0).key();
        }
        assertThat(seen).containsExactly(42, 46, 36, 38, 42); // 38 -> 42 -> 46 -> 36 -> 38 -> 42
        assertThat(rock.next(99)).isEqualTo(36); // a key from outside the kit enters at its start
    }

    @Test
    void removalKeepsAtLeastOneNote() {
        assertThat(apply(ActionType.NOTE_REMOVAL, 1).melody()).containsExactly(new Note(60, 0.5), new Note(67, 0.25));
        Track one = track.withMelody(List.of(new Note(60, 1)));
        assertThat(edits.apply(one, new Action(ActionType.NOTE_REMOVAL, 0))).isSameAs(one);
        assertThat(apply(ActionType.NOTE_REMOVAL, 1).percussion()).isEqualTo(track.percussion());
    }

    @Test
    void anIndexOutsideTheMelodyIsAnError() {
        assertThatThrownBy(() -> apply(ActionType.PITCH_UP, 3)).hasMessageContaining("note 3 of a track with 3 notes");
        assertThatThrownBy(() -> new Action(ActionType.PITCH_UP, -1)).hasMessageContaining("negative");
    }

    @Test
    void editsNeverChangeTheirInput() {
        for (ActionType t : ActionType.values()) {
            for (int i = 0; i < 3; i++) {
                apply(t, i);
            }
        }
        assertThat(track.melody()).containsExactly(new Note(60, 0.5), new Note(64, 1.0), new Note(67, 0.25));
    }
}

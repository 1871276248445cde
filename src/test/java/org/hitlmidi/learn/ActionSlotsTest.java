package org.hitlmidi.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.junit.jupiter.api.Test;

class ActionSlotsTest {
    private final Edits edits = new Edits(EditRules.PAPER);

    private static Track notes(int n) {
        return new Track(IntStream.range(0, n).mapToObj(i -> new Note(60 + 2 * i, 0.5)).toList(), List.of(), 90);
    }

    @Test
    void aSlotNamesOneTypeAndIndexWhateverTheNoteCount() {
        for (ActionType t : ActionType.values()) {
            for (int i = 0; i < 40; i++) {
                Action a = new Action(t, i);
                assertThat(ActionSlots.action(ActionSlots.slot(a))).isEqualTo(a);
            }
        }
        assertThat(ActionSlots.slot(new Action(ActionType.PITCH_DOWN, 0)))
                .isNotEqualTo(ActionSlots.slot(new Action(ActionType.PITCH_UP, 4)));
    }

    @Test
    void theFilledSlotsAreTypeMajorAsInThePaper() {
        ActionSlots s = new ActionSlots(EnumSet.of(ActionType.PITCH_UP, ActionType.NOTE_REMOVAL));
        int[] out = new int[s.capacity(3)];
        assertThat(s.fill(3, out)).isEqualTo(6);
        assertThat(IntStream.of(out).mapToObj(ActionSlots::action).map(Action::toString).toList())
                .isEqualTo(List.of(new Action(ActionType.PITCH_UP, 0), new Action(ActionType.PITCH_UP, 1),
                        new Action(ActionType.PITCH_UP, 2), new Action(ActionType.NOTE_REMOVAL, 0),
                        new Action(ActionType.NOTE_REMOVAL, 1), new Action(ActionType.NOTE_REMOVAL, 2))
                        .stream().map(Action::toString).toList());
    }

    /** Issue 12 defect 1: a summary state does not encode n, so a slot must not depend on it. */
    @Test
    void aQValueDoesNotLeakToAnotherActionWhenTheNoteCountChanges() {
        for (String preset : List.of("abstract-softmax", "abstract-ucb")) {
            @SuppressWarnings("unchecked")
            TabularQLearner<Object> l = (TabularQLearner<Object>) Learners.build(
                    Presets.builtInOnly().load(org.hitlmidi.learn.LearnerConfig.KIND, preset), edits);
            Track four = notes(4);
            Action down0 = new Action(ActionType.PITCH_DOWN, 0);
            l.learn(new Transition(four, down0, edits.apply(four, down0)), Rating.of(10));
            assertThat(l.q(four, down0)).as(preset).isGreaterThan(0);
            // a five-note track in the same summary state as the four-note one
            Track five = notes(5);
            RelativeEncoder summary = new RelativeEncoder(Set.of(RelativeEncoder.Part.SUMMARY), TrackParams.defaults());
            assertThat(summary.encode(five)).isEqualTo(summary.encode(four));
            assertThat(l.q(five, new Action(ActionType.PITCH_UP, 4))).as(preset).isEqualTo(l.table().initial());
            assertThat(l.q(five, down0)).as(preset).isEqualTo(l.q(four, down0));
        }
    }
}

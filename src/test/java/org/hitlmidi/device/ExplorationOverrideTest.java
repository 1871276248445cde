package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.PaperCodeLearner;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.preset.Presets;
import org.junit.jupiter.api.Test;

/** The device's exploration override (the knob, `params --exploration`) on the paper-code learner. */
class ExplorationOverrideTest {
    @Test
    void paperCodeTakesTheOverrideAsAFixedEpsilon() {
        var preset = Presets.builtInOnly().load(org.hitlmidi.learn.LearnerConfig.KIND, "paper-code").withExploration(0.25);
        PaperCodeLearner l = (PaperCodeLearner) Learners.build(preset, new Edits(EditRules.PAPER));
        assertThat(l.epsilonAt(0)).isEqualTo(0.25);
        assertThat(l.epsilonAt(7)).isEqualTo(0.25);
        PaperCodeLearner own = (PaperCodeLearner) Learners.build(Presets.builtInOnly().load(org.hitlmidi.learn.LearnerConfig.KIND, "paper-code"),
                new Edits(EditRules.PAPER));
        assertThat(own.epsilonAt(1)).isEqualTo(0.5 * 0.01);
    }
}

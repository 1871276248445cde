package org.hitlmidi.preset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hitlmidi.cli.TrackOptions;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.LearnerConfig;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.midi.ControllerMapping;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.sim.ProfileRater;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 defect 7: binding the presets to records changed nothing they build. Every shipped preset of every kind
 * is built as the device and the command line build it (a learner, with and without an exploration override; a
 * style's track parameters; a kit; a simulated listener; a controller mapping), and the built objects' state, field
 * by field ({@link Dump}), equals the golden file made from the hand-parsed presets before the change
 * ({@code -Dpresets.golden.write=true} writes it anew: only when a change of the built objects is meant).
 */
class ShippedPresetsTest {
    private static final String GOLDEN = "/org/hitlmidi/preset/shipped-presets-built.txt";

    @Test
    void everyShippedPresetBuildsWhatItBuiltBeforeTheRecords() throws IOException {
        String now = dumpAll();
        if (Boolean.getBoolean("presets.golden.write")) {
            Path p = Path.of("src/test/resources" + GOLDEN);
            Files.createDirectories(p.getParent());
            Files.writeString(p, now, StandardCharsets.UTF_8);
        }
        String golden;
        try (InputStream in = ShippedPresetsTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as(GOLDEN).isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(now.lines().count()).isGreaterThan(1000);
        assertThat(now).isEqualTo(golden);
    }

    static String dumpAll() {
        Presets presets = Presets.builtInOnly();
        StringBuilder out = new StringBuilder();
        assertThat(presets.names("learners")).hasSizeGreaterThanOrEqualTo(13);
        for (String name : presets.names("learners")) {
            Learner l = learner(presets, name, null);
            out.append(Dump.of("learners/" + name, l));
            out.append(Dump.of("learners/" + name + "@0.2", learner(presets, name, 0.2)));
        }
        for (String name : presets.names("styles")) {
            out.append(Dump.of("styles/" + name, TrackOptions.style(presets, name, TrackParams.defaults())));
        }
        for (String name : presets.names("kits")) {
            out.append(Dump.of("kits/" + name, TrackOptions.kit(presets, name)));
        }
        for (String name : presets.names("raters")) {
            out.append(Dump.of("raters/" + name, rater(presets, name)));
        }
        for (String name : presets.names("controllers")) {
            out.append(Dump.of("controllers/" + name, controller(presets, name)));
        }
        return out.toString();
    }

    /** As the device's session builds it (Session.learner): the preset's own exploration, then the override. */
    static Learner learner(Presets presets, String name, Double expl) {
        LearnerConfig p = presets.load(LearnerConfig.KIND, name);
        Edits edits = new Edits(EditRules.PAPER);
        Learner l = Learners.build(p, edits, TrackParams.defaults());
        if (expl != null && !l.exploration(Learners.exploration(p, expl))) {
            l = Learners.build(p.withExploration(expl), edits, TrackParams.defaults());
        }
        return l;
    }

    static Object rater(Presets presets, String name) {
        return new ProfileRater(presets.load(org.hitlmidi.sim.RaterConfig.KIND, name), 7);
    }

    static Object controller(Presets presets, String name) {
        return ControllerMapping.from(presets.load(org.hitlmidi.midi.ControllerConfig.KIND, name));
    }
}

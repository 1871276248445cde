package org.hitlmidi.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.hitlmidi.midi.ControllerConfig;
import org.hitlmidi.sim.RaterConfig;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 defect 7, for the kinds besides learners (LearnerPresetAgreementTest): each shipped style, kit, simulated
 * listener and controller mapping binds to its record; broken four ways (a wrong type, a number out of range, an
 * unknown field, a required field left out), at the top and inside a nested object, each is refused as a
 * PresetException naming the file and the field's JSON path.
 */
class PresetRecordsTest {
    private static final Presets PRESETS = Presets.builtInOnly();

    private record Broken(String kind, String preset, Consumer<ObjectNode> change, String message) {
    }

    private static ObjectNode o(ObjectNode j, String field) {
        return (ObjectNode) j.get(field);
    }

    private static final List<Broken> BROKEN = List.of(
            new Broken("styles", "waltz", j -> j.put("tempo", "fast"), "field tempo: must be a number, found \"fast\""),
            new Broken("styles", "waltz", j -> j.put("bars", 33), "field bars: 33 is outside [1, 32]"),
            new Broken("styles", "waltz", j -> j.put("swung", 0.5), "field swung: is not a field here; allowed: "),
            new Broken("styles", "waltz", j -> j.remove("base"), "field base: is missing"),
            new Broken("styles", "waltz", j -> j.putObject("humanize").put("timing", 30),
                    "field humanize.timing: 30 is outside [0, 24]"),
            new Broken("styles", "waltz", j -> j.putArray("bass").add("root").add("tuba"),
                    "field bass[1]: 'tuba' is not one of root, root-fifth"),
            new Broken("styles", "waltz", j -> j.putArray("range").add(-5).add(40), "field range[1]: 40 is outside [-36, 36]"),
            new Broken("kits", "rock", j -> j.put("keys", 36), "field keys: must be a list, found 36"),
            new Broken("kits", "rock", j -> j.putArray("keys").add(36).add(128), "field keys[1]: 128 is outside [0, 127]"),
            new Broken("kits", "rock", j -> j.put("drums", 1), "field drums: is not a field here; allowed: about, keys, name"),
            new Broken("kits", "rock", j -> j.remove("keys"), "field keys: is missing"),
            new Broken("kits", "rock", j -> j.putArray("keys").add(36).add(36), "field keys[1]: 36 is listed twice"),
            new Broken("raters", "groove-drummer", j -> j.put("noise", "loud"), "field noise: must be a number, found \"loud\""),
            new Broken("raters", "groove-drummer", j -> j.put("fatigue_after", 0), "field fatigue_after: 0 is outside [1, "),
            new Broken("raters", "groove-drummer", j -> j.put("fatigue", 3),
                    "field fatigue: is not a field here; allowed: about, boredom, boredom_window, fatigue_after, likes"),
            new Broken("raters", "groove-drummer", j -> j.remove("likes"), "field likes: is missing"),
            new Broken("raters", "groove-drummer", j -> o(o(j, "likes"), "durations").put("weight", -1),
                    "field likes.durations.weight: -1 is outside [0, 1000000]"),
            new Broken("raters", "groove-drummer", j -> o(o(j, "likes"), "durations").remove("target"),
                    "field likes.durations.target: is missing"),
            new Broken("raters", "groove-drummer", j -> o(j, "likes").putObject("beauty").put("target", 1)
                    .put("tolerance", 1).put("weight", 1), "field likes.beauty: is not a feature; known: "),
            new Broken("controllers", "nanokontrol2", j -> j.put("channel", "one"),
                    "field channel: must be a whole number, found \"one\""),
            new Broken("controllers", "nanokontrol2", j -> o(o(j, "controls"), "overall").put("cc", 128),
                    "field controls.overall.cc: 128 is outside [0, 127]"),
            new Broken("controllers", "nanokontrol2", j -> o(o(j, "controls"), "overall").put("velocity", 1),
                    "field controls.overall.velocity: is not a field here; allowed: cc, channel, note"),
            new Broken("controllers", "nanokontrol2", j -> j.remove("channel"), "field channel: is missing"),
            new Broken("controllers", "nanokontrol2", j -> o(j, "controls").putObject("jump").put("cc", 99),
                    "field controls.jump: is not a control; known: "),
            new Broken("controllers", "nanokontrol2", j -> o(o(j, "controls"), "overall").removeAll(),
                    "field controls.overall: must have \"cc\" (0..127) or \"note\" (0..127), one of them"));

    private static Class<?> type(String kind) {
        return switch (kind) {
            case "styles" -> StyleConfig.class;
            case "kits" -> Kits.Config.class;
            case "raters" -> RaterConfig.class;
            default -> ControllerConfig.class;
        };
    }

    @Test
    void everyShippedPresetBindsToItsRecord() {
        int n = 0;
        for (String kind : List.of("styles", "kits", "raters", "controllers")) {
            for (String name : PRESETS.names(kind)) {
                Object c = Configs.bind(PRESETS.file(kind, name), type(kind));
                assertThat(c).as(kind + "/" + name).isInstanceOf(type(kind));
                n++;
            }
        }
        assertThat(n).isEqualTo(26);
    }

    @Test
    void aBrokenPresetOfEachKindIsRefusedNamingTheFileAndTheField() {
        for (Broken b : BROKEN) {
            ObjectNode j = PRESETS.file(b.kind(), b.preset()).json().deepCopy();
            b.change().accept(j);
            String source = "mine/" + b.kind() + "/" + b.preset() + ".json";
            assertThatThrownBy(() -> Configs.bind(new Preset(source, j), type(b.kind()))).as(b.message())
                    .isInstanceOf(PresetException.class).hasMessageStartingWith(source + ": " + b.message());
        }
        assertThat(BROKEN.stream().map(Broken::kind).distinct()).hasSize(4);
    }
}

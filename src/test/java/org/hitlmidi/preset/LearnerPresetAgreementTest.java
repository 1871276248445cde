package org.hitlmidi.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 defect 7: alpha = 0 passed the learner schema and Learners, then threw an unmapped
 * IllegalArgumentException in TabularQLearner; the schema and Learners disagreed on 60 edge values. Learner presets
 * are now checked in one place, where they are built: every edge value of every number of every shipped learner
 * preset either builds, or is refused as a PresetException naming the file and a field.
 */
class LearnerPresetAgreementTest {
    private static final double[] EDGES = {-1, -1e-12, 0, 1e-12, 1e-7, 0.5, 0.999999, 0.9999999, 1, 1.0000001, 10, 100,
            100.5, 1000, 10001};

    @Test
    void alphaZeroIsRefusedNamingTheFileAndTheField() {
        ObjectNode j = Presets.builtInOnly().load("learners", "paper").json().deepCopy();
        j.put("alpha", 0);
        assertThatThrownBy(() -> Learners.build(new Preset("mine/paper.json", j), new Edits(EditRules.PAPER)))
                .isInstanceOf(PresetException.class).hasMessageStartingWith("mine/paper.json: field 'alpha' 0.0 is outside");
    }

    /**
     * A wrong type and an unknown field, at the top and inside the exploration object, are each refused naming the
     * file and the field (or the object it is in), for every shipped learner preset that has the field.
     */
    @Test
    void aWrongTypeOrAnUnknownFieldIsRefusedNamingTheFileAndTheField() {
        Presets presets = Presets.builtInOnly();
        int tried = 0;
        for (String name : presets.names("learners")) {
            ObjectNode base = presets.load("learners", name).json().deepCopy();
            String source = "mine/" + name + ".json";
            if (base.has("alpha")) {
                ObjectNode j = base.deepCopy().put("alpha", "fast");
                assertThatThrownBy(() -> Learners.build(new Preset(source, j), new Edits(EditRules.PAPER)))
                        .as(name).isInstanceOf(PresetException.class)
                        .hasMessageStartingWith(source + ": field 'alpha' must be a number");
                tried++;
            }
            ObjectNode typo = base.deepCopy().put("alpah", 0.1);
            assertThatThrownBy(() -> Learners.build(new Preset(source, typo), new Edits(EditRules.PAPER)))
                    .as(name).isInstanceOf(PresetException.class)
                    .hasMessageStartingWith(source + ": unknown field(s) [alpah]");
            if (base.path("exploration").isObject()) {
                ObjectNode j = base.deepCopy();
                ((ObjectNode) j.get("exploration")).put("epsilonn", 0.1);
                assertThatThrownBy(() -> Learners.build(new Preset(source, j), new Edits(EditRules.PAPER)))
                        .as(name).isInstanceOf(PresetException.class)
                        .hasMessageStartingWith(source + " field 'exploration': unknown field(s) [epsilonn]");
                tried++;
            }
            tried++;
        }
        assertThat(tried).isGreaterThan(20);
    }

    @Test
    void everyEdgeValueBuildsOrIsRefusedNamingTheFileAndAField() {
        Presets presets = Presets.builtInOnly();
        List<String> bad = new ArrayList<>();
        int tried = 0;
        int refused = 0;
        for (String name : presets.names("learners")) {
            Preset p = presets.load("learners", name);
            for (List<String> path : numberPaths(p.json(), List.of())) {
                for (double v : EDGES) {
                    ObjectNode j = p.json().deepCopy();
                    ObjectNode parent = j;
                    for (String f : path.subList(0, path.size() - 1)) {
                        parent = (ObjectNode) parent.get(f);
                    }
                    parent.put(path.get(path.size() - 1), v);
                    String source = "user:learners/" + name + ".json";
                    tried++;
                    try {
                        Learners.build(new Preset(source, j), new Edits(EditRules.PAPER));
                    } catch (PresetException e) {
                        refused++;
                        if (!e.getMessage().startsWith(source) || !e.getMessage().contains("field '")) {
                            bad.add(name + " " + String.join(".", path) + "=" + v + ": " + e.getMessage());
                        }
                    } catch (RuntimeException e) {
                        bad.add(name + " " + String.join(".", path) + "=" + v + ": unmapped " + e);
                    }
                }
            }
        }
        assertThat(tried).isGreaterThan(300);
        assertThat(refused).isGreaterThan(100);
        assertThat(bad).isEmpty();
    }

    private static List<List<String>> numberPaths(JsonNode o, List<String> at) {
        List<List<String>> out = new ArrayList<>();
        for (var it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> p = new ArrayList<>(at);
            p.add(e.getKey());
            if (e.getValue().isNumber()) {
                out.add(p);
            } else if (e.getValue().isObject()) {
                out.addAll(numberPaths(e.getValue(), p));
            }
        }
        return out;
    }
}

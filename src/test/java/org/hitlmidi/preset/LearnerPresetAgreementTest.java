package org.hitlmidi.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hitlmidi.learn.LearnerConfig;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 defect 7: alpha = 0 passed the learner schema and Learners, then threw an unmapped
 * IllegalArgumentException in TabularQLearner; the schema and Learners disagreed on 60 edge values. A learner preset
 * is now bound once to its {@link LearnerConfig} record, whose compact constructors are the one place it is checked:
 * every edge value of every number of every shipped learner preset either is refused when bound, as a
 * PresetException naming the file and the field, or binds and then builds without any exception.
 */
class LearnerPresetAgreementTest {
    private static final double[] EDGES = {-1, -1e-12, 0, 1e-12, 1e-7, 0.5, 0.999999, 0.9999999, 1, 1.0000001, 10, 100,
            100.5, 1000, 10001};

    private static LearnerConfig bind(String source, JsonNode j) {
        return Configs.bind(new Preset(source, j), LearnerConfig.KIND);
    }

    @Test
    void alphaZeroIsRefusedNamingTheFileAndTheField() {
        ObjectNode j = Presets.builtInOnly().file("learners", "paper").json().deepCopy();
        j.put("alpha", 0);
        assertThatThrownBy(() -> bind("mine/paper.json", j)).isInstanceOf(PresetException.class)
                .hasMessage("mine/paper.json: field alpha: 0 is outside (0, 1]");
    }

    /**
     * A wrong type, an out-of-range number, an unknown field and a missing required field, at the top and inside the
     * exploration object, are each refused naming the file and the field's JSON path, for every shipped learner
     * preset that has the field.
     */
    @Test
    void aWrongTypeOrAnUnknownFieldIsRefusedNamingTheFileAndTheField() {
        Presets presets = Presets.builtInOnly();
        int tried = 0;
        for (String name : presets.names("learners")) {
            ObjectNode base = presets.file("learners", name).json().deepCopy();
            String source = "mine/" + name + ".json";
            if (base.has("alpha")) {
                ObjectNode j = base.deepCopy().put("alpha", "fast");
                assertThatThrownBy(() -> bind(source, j)).as(name).isInstanceOf(PresetException.class)
                        .hasMessage(source + ": field alpha: must be a number, found \"fast\"");
                tried++;
            }
            ObjectNode typo = base.deepCopy().put("alpah", 0.1);
            assertThatThrownBy(() -> bind(source, typo)).as(name).isInstanceOf(PresetException.class)
                    .hasMessageStartingWith(source + ": field alpah: is not a field here; allowed: about, ");
            ObjectNode nameless = base.deepCopy();
            nameless.remove("name");
            assertThatThrownBy(() -> bind(source, nameless)).as(name).isInstanceOf(PresetException.class)
                    .hasMessage(source + ": field name: is missing");
            if (base.path("exploration").isObject()) {
                ObjectNode j = base.deepCopy();
                ((ObjectNode) j.get("exploration")).put("epsilonn", 0.1);
                assertThatThrownBy(() -> bind(source, j)).as(name).isInstanceOf(PresetException.class)
                        .hasMessageStartingWith(source + ": field exploration.epsilonn: is not a field here; allowed: ");
                ObjectNode k = base.deepCopy();
                ((ObjectNode) k.get("exploration")).put("kind", "greedy");
                assertThatThrownBy(() -> bind(source, k)).as(name).isInstanceOf(PresetException.class)
                        .hasMessage(source + ": field exploration.kind: \"greedy\" is not one of epsilon-greedy,"
                                + " softmax, ucb");
                tried++;
            }
            if (base.path("exploration").path("kind").asText().equals("epsilon-greedy")) {
                ObjectNode j = base.deepCopy();
                ((ObjectNode) j.get("exploration")).put("epsilon", 2);
                assertThatThrownBy(() -> bind(source, j)).as(name).isInstanceOf(PresetException.class)
                        .hasMessage(source + ": field exploration.epsilon: 2 is outside [0, 1]");
                tried++;
            }
            tried++;
        }
        assertThat(tried).isGreaterThan(20);
    }

    @Test
    void aWrongKindOrAPartOfAListIsNamedByItsPath() {
        ObjectNode paper = Presets.builtInOnly().file("learners", "paper").json().deepCopy();
        ObjectNode j = paper.deepCopy().put("kind", "sarsa");
        assertThatThrownBy(() -> bind("m.json", j)).hasMessage("m.json: field kind: \"sarsa\" is not one of tabular-q,"
                + " feature-q, reward-model, paper-code, prior");
        ObjectNode k = paper.deepCopy();
        k.remove("kind");
        assertThatThrownBy(() -> bind("m.json", k)).hasMessage("m.json: field kind: is missing; one of tabular-q,"
                + " feature-q, reward-model, paper-code, prior");
        ObjectNode a = paper.deepCopy();
        a.putArray("actions").add("pitch-up").add("pitch-sideways");
        assertThatThrownBy(() -> bind("m.json", a)).hasMessageStartingWith("m.json: field actions[1]: 'pitch-sideways'"
                + " is not an action");
        ObjectNode s = paper.deepCopy();
        s.putArray("state").add("contour").add(7);
        assertThatThrownBy(() -> bind("m.json", s)).hasMessageStartingWith("m.json: field state[1]: '7' is not a state"
                + " part");
        ObjectNode e = paper.deepCopy().put("episodes", "forever");
        assertThatThrownBy(() -> bind("m.json", e)).hasMessageStartingWith("m.json: field episodes: must be \"length\"");
        ObjectNode taste = Presets.builtInOnly().file("learners", "taste-model").json().deepCopy();
        ((ObjectNode) taste.get("implicit")).put("skip", 11);
        assertThatThrownBy(() -> bind("t.json", taste)).hasMessage("t.json: field implicit.skip: 11 is outside [1, 10]");
        ObjectNode off = ((ObjectNode) Presets.builtInOnly().file("learners", "taste-model").json().deepCopy()).put("implicit", false);
        assertThat(((LearnerConfig.RewardModel) bind("t.json", off)).implicit().implicit().as()).isEmpty();
        ObjectNode on = off.deepCopy().put("implicit", true);
        assertThatThrownBy(() -> bind("t.json", on)).hasMessageStartingWith("t.json: field implicit: must be an object");
        ObjectNode w = Presets.builtInOnly().file("learners", "feature-q").json().deepCopy();
        ((ObjectNode) w.get("reward")).put("overall", 0).put("musicality", 0).put("coherence", 0);
        assertThatThrownBy(() -> bind("f.json", w)).hasMessage("f.json: field reward.overall: a compound reward needs a"
                + " positive weight");
    }

    @Test
    void everyEdgeValueIsRefusedWhenBoundOrBuilds() {
        Presets presets = Presets.builtInOnly();
        List<String> bad = new ArrayList<>();
        int tried = 0;
        int refused = 0;
        for (String name : presets.names("learners")) {
            Preset p = presets.file("learners", name);
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
                    LearnerConfig c;
                    try {
                        c = bind(source, j);
                    } catch (PresetException e) {
                        refused++;
                        // the field changed, or the one it must agree with (a minimum above the start, fresh + variations)
                        if (!e.getMessage().startsWith(source + ": field " + String.join(".", path) + ": ")
                                && !e.getMessage().matches(".*: field (exploration\\.min: .* is above .*|fresh: and variations.*)")) {
                            bad.add(name + " " + String.join(".", path) + "=" + v + ": " + e.getMessage());
                        }
                        continue;
                    }
                    try {
                        Learners.build(c, new Edits(EditRules.PAPER));
                    } catch (RuntimeException e) {
                        bad.add(name + " " + String.join(".", path) + "=" + v + ": bound, then the build threw " + e);
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

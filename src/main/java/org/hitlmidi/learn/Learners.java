package org.hitlmidi.learn;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.Edits;
import org.hitlmidi.preset.Preset;

/** Builds learners from presets (presets/learners/*.json). */
public final class Learners {
    public static final String PAPER = "paper";

    private Learners() {
    }

    public static Learner build(Preset p, Edits edits) {
        String kind = p.text("kind");
        switch (kind) {
            case "tabular-q":
                return tabularQ(p, edits);
            default:
                throw p.error("kind", "'" + kind + "' is not a learner kind; known: tabular-q");
        }
    }

    private static Learner tabularQ(Preset p, Edits edits) {
        p.allowOnly(Set.of("name", "about", "kind", "state", "alpha", "gamma", "initialQ", "exploration", "reward",
                "actions"));
        String state = p.text("state", "track");
        if (!state.equals("track")) {
            throw p.error("state", "'" + state + "' is not a state encoding; known: track");
        }
        return new TabularQLearner<>(p.text("name"), p.number("alpha", 0, 1), p.number("gamma", 0, 0.999999),
                p.number("initialQ", -100, 100, 0), TrackKey::of, exploration(p.object("exploration")),
                reward(p.object("reward")), new ActionSlots(actions(p)), edits);
    }

    static ExplorationPolicy exploration(Preset e) {
        String kind = e.text("kind");
        if (!kind.equals("epsilon-greedy")) {
            throw e.error("kind", "'" + kind + "' is not an exploration kind; known: epsilon-greedy");
        }
        e.allowOnly(Set.of("kind", "epsilon", "decay", "min", "ties"));
        String ties = e.text("ties", "first");
        if (!ties.equals("first") && !ties.equals("random")) {
            throw e.error("ties", "'" + ties + "' must be first or random");
        }
        double eps = e.number("epsilon", 0, 1);
        return new EpsilonGreedy(eps, e.number("decay", 1e-9, 1, 1), e.number("min", 0, eps, 0), ties.equals("random"));
    }

    static RewardFunction reward(Preset r) {
        String kind = r.text("kind");
        if (!kind.equals("overall")) {
            throw r.error("kind", "'" + kind + "' is not a reward kind; known: overall");
        }
        r.allowOnly(Set.of("kind"));
        return RewardFunction.OVERALL;
    }

    static Set<ActionType> actions(Preset p) {
        if (!p.has("actions")) {
            return EnumSet.allOf(ActionType.class);
        }
        Set<ActionType> out = EnumSet.noneOf(ActionType.class);
        for (String a : p.texts("actions")) {
            try {
                out.add(ActionType.valueOf(a.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException ex) {
                throw p.error("actions", "'" + a + "' is not an action; known: pitch-up, pitch-down, duration-up, "
                        + "duration-down, percussion-change, note-removal");
            }
        }
        if (out.isEmpty()) {
            throw p.error("actions", "must name at least one action");
        }
        return out;
    }
}

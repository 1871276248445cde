package org.hitlmidi.learn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.random.RandomGenerator;
import org.hitlmidi.music.SongComposer;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Preset;
import org.hitlmidi.preset.PresetException;

/** Builds learners from presets (presets/learners/*.json). */
public final class Learners {
    public static final String PAPER = "paper";
    /**
     * The learner of new profiles and of {@code simulate} when none is named: the best measured in
     * docs/learning.md.
     */
    public static final String DEFAULT = "taste-model";

    private Learners() {
    }

    /**
     * Builds a learner for a session with the default parameters (and the kit of {@code edits}); learners that
     * read the base note and scale should be built with {@link #build(Preset, Edits, TrackParams)} or told
     * the parameters through {@link Learner#params}.
     */
    public static Learner build(Preset p, Edits edits) {
        return build(p, edits, TrackParams.defaults().withKit(edits.rules().kit()));
    }

    /**
     * Builds the learner a preset describes. This is the one place a learner preset is checked (there is no schema
     * for them to disagree with): every problem is a {@link PresetException} naming the file and the field.
     */
    public static Learner build(Preset p, Edits edits, TrackParams params) {
        try {
            return buildChecked(p, edits, params);
        } catch (PresetException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // a learner's own invariant the checks here did not catch: still the preset's fault, still named
            throw new PresetException(p.source() + ": " + e.getMessage(), e);
        }
    }

    private static Learner buildChecked(Preset p, Edits edits, TrackParams params) {
        if (!isPaper(p.text("name", "")) && !edits.isMusical()) {
            edits = edits.musical(new SongComposer(params));
        }
        String kind = p.text("kind");
        switch (kind) {
            case "tabular-q":
                return tabularQ(p, edits, params);
            case "reward-model":
                return rewardModel(p, edits, params);
            case "feature-q":
                return featureQ(p, edits, params);
            case "paper-code":
                return paperCode(p, edits);
            case "prior":
                p.allowOnly(Set.of("name", "about", "kind")); // a typo must not pass silently here either
                return new PriorLearner(p.text("name"), params);
            default:
                throw p.error("kind", "'" + kind + "' is not a learner kind; known: tabular-q, feature-q, reward-model, "
                        + "paper-code, prior");
        }
    }

    /** The paper's two learners edit the paper's tracks; every other learner composes in bars (see {@link SongComposer}). */
    public static boolean isPaper(String learner) {
        return PAPER.equals(learner) || "paper-code".equals(learner);
    }

    /** The first track of a session or an episode: the paper's random track for its learners, else a composition. */
    public static Track initialTrack(String learner, TrackParams params, RandomGenerator rng) {
        return isPaper(learner) ? TrackGenerator.random(params, rng) : new SongComposer(params).fresh(rng);
    }

    private static Learner rewardModel(Preset p, Edits edits, TrackParams params) {
        p.allowOnly(Set.of("name", "about", "kind", "acquisition", "beta", "fresh", "variations", "elites", "maxMoves",
                "edits", "priorMean", "priorSd", "weightSd", "noiseSd", "partWeight", "reward", "implicit", "exploration"));
        String acq = p.text("acquisition", "thompson");
        RewardModelLearner.Acquisition a;
        try {
            a = RewardModelLearner.Acquisition.valueOf(acq.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw p.error("acquisition", "'" + acq + "' is not an acquisition; known: thompson, ucb, greedy");
        }
        var c = new RewardModelLearner.Config(p.integer("fresh", 0, 10_000, 40), p.integer("variations", 0, 10_000, 120),
                p.integer("elites", 1, 1000, 5), p.integer("maxMoves", 1, 100, 3), p.bool("edits", true), a,
                p.number("beta", 0, 100, 1), p.number("priorMean", 1, 10, 5.5), p.number("priorSd", 0.01, 100, 3),
                p.number("weightSd", 0.01, 100, 2), p.number("noiseSd", 0.01, 100, 1),
                p.number("partWeight", 0, 10, RewardModelLearner.Config.DEFAULT_PART_WEIGHT));
        if (c.fresh() + c.variations() < 1) {
            throw p.error("fresh", "and variations must together be at least 1");
        }
        RewardFunction r = p.has("reward") ? reward(p.object("reward")) : RewardFunction.OVERALL;
        ExplorationPolicy e = p.has("exploration") ? exploration(p.object("exploration"))
                : new EpsilonGreedy(0, 1, 0, false);
        return new RewardModelLearner(p.text("name"), c, e, r, implicit(p), edits, params);
    }

    static RewardModelLearner.Implicit implicit(Preset p) {
        if (!p.has("implicit")) {
            return RewardModelLearner.Implicit.OFF;
        }
        if (p.json().get("implicit").isBoolean() && !p.json().get("implicit").asBoolean()) {
            return RewardModelLearner.Implicit.OFF;
        }
        Preset i = p.object("implicit");
        i.allowOnly(Set.of("skip", "keep", "export", "weight"));
        Map<ImplicitSignal, Double> as = new EnumMap<>(ImplicitSignal.class);
        for (ImplicitSignal s : ImplicitSignal.values()) {
            if (i.has(s.id()) && !i.json().get(s.id()).isBoolean()) {
                as.put(s, i.number(s.id(), Rating.MIN, Rating.MAX));
            } else if (i.has(s.id()) && i.json().get(s.id()).asBoolean()) {
                throw i.error(s.id(), "must be the rating it counts as (1..10), or false to ignore it");
            }
        }
        return new RewardModelLearner.Implicit(as, i.number("weight", 0.01, 1, 0.5));
    }

    /** The paper's published code (see {@link PaperCodeLearner}); its values are main_gui.py:165 and 295. */
    private static Learner paperCode(Preset p, Edits edits) {
        p.allowOnly(Set.of("name", "about", "kind", "alpha", "gamma", "epsilon", "decay", "episodes", "exploration"));
        double epsilon = p.number("epsilon", 0, 1, 0.5);
        double decay = p.number("decay", 1e-9, 1, 0.01);
        if (p.has("exploration")) { // the device's exploration override: epsilon-greedy at a fixed rate
            Preset e = p.object("exploration");
            if (!e.text("kind").equals("epsilon-greedy")) {
                throw e.error("kind", "paper-code explores epsilon-greedy only");
            }
            e.allowOnly(Set.of("kind", "epsilon", "decay", "min", "ties"));
            epsilon = e.number("epsilon", 0, 1);
            decay = e.number("decay", 1e-9, 1, 1);
        }
        return new PaperCodeLearner(p.text("name"), p.number("alpha", 1e-9, 1, 0.1), p.number("gamma", 0, 0.999999, 0.9),
                epsilon, decay, p.integer("episodes", 0, 1_000_000, 10), edits);
    }

    /** "length": episodes of as many ratings as the track has notes (the paper's); a number: so many; absent: none. */
    static Episodes.Length episodes(Preset p) {
        if (!p.has("episodes")) {
            return Episodes.Length.ENDLESS;
        }
        if (p.json().get("episodes").isTextual()) {
            if (!p.text("episodes").equals("length")) {
                throw p.error("episodes", "must be \"length\" (as many ratings as the track has notes) or a number");
            }
            return Episodes.Length.NOTES;
        }
        return new Episodes.Length(p.integer("episodes", 1, 1_000_000));
    }

    private static Learner tabularQ(Preset p, Edits edits, TrackParams params) {
        p.allowOnly(Set.of("name", "about", "kind", "state", "alpha", "gamma", "initialQ", "exploration", "reward",
                "actions", "episodes"));
        Episodes.Length episodes = episodes(p);
        double alpha = p.number("alpha", 1e-9, 1); // 0 would never learn: TabularQLearner refuses it
        double gamma = p.number("gamma", 0, 0.999999);
        double q0 = p.number("initialQ", -100, 100, 0);
        ExplorationPolicy e = exploration(p.object("exploration"));
        RewardFunction r = reward(p.object("reward"));
        ActionSlots a = new ActionSlots(actions(p));
        if (p.json().path("state").isArray()) {
            Set<RelativeEncoder.Part> parts = EnumSet.noneOf(RelativeEncoder.Part.class);
            for (String s : p.texts("state")) {
                try {
                    parts.add(RelativeEncoder.Part.parse(s));
                } catch (IllegalArgumentException ex) {
                    throw p.error("state", ex.getMessage());
                }
            }
            if (parts.isEmpty()) {
                throw p.error("state", "must name at least one part");
            }
            return new TabularQLearner<>(p.text("name"), alpha, gamma, q0, new RelativeEncoder(parts, params), e, r, a,
                    edits, episodes);
        }
        String state = p.text("state", "track");
        if (!state.equals("track")) {
            throw p.error("state", "'" + state + "' is not a state encoding; known: track, or a list of relative "
                    + "parts (degrees, intervals, contour, rhythm, drums, summary)");
        }
        return new TabularQLearner<>(p.text("name"), alpha, gamma, q0, TrackKey::of, e, r, a, edits, episodes);
    }

    private static Learner featureQ(Preset p, Edits edits, TrackParams params) {
        p.allowOnly(Set.of("name", "about", "kind", "alpha", "gamma", "initialValue", "exploration", "reward", "actions",
                "variations", "maxMoves"));
        return new FeatureQLearner(p.text("name"), p.number("alpha", 1e-6, 1), p.number("gamma", 0, 0.999999),
                p.number("initialValue", -100, 100, 5.5), exploration(p.object("exploration")),
                reward(p.object("reward")), new ActionSlots(actions(p)), edits, params,
                p.integer("variations", 0, 10_000, 0), p.integer("maxMoves", 1, 100, 2));
    }

    /**
     * The preset with its exploration replaced by epsilon-greedy at a fixed {@code epsilon} (null, or a learner kind
     * that does not explore: unchanged).
     */
    public static Preset withExploration(Preset p, Double epsilon) {
        if (epsilon == null || "prior".equals(p.json().path("kind").asText())) {
            return p; // a prior learner never explores: it takes no exploration (and refuses the field)
        }
        ObjectNode j = p.json().deepCopy();
        JsonNode ex = j.get("exploration");
        ObjectNode e = ex != null && ex.isObject() && "epsilon-greedy".equals(ex.path("kind").asText())
                ? (ObjectNode) ex : j.objectNode().put("kind", "epsilon-greedy");
        e.put("epsilon", epsilon);
        e.put("decay", 1.0);
        e.remove("min");
        j.set("exploration", e);
        return new Preset(p.source() + " with exploration " + epsilon, j);
    }

    /**
     * How a learner built from {@code p} explores, with {@code epsilon} (when not null) overriding the preset's own
     * by epsilon-greedy at that fixed rate (its ties rule kept). For {@link Learner#exploration}.
     */
    public static ExplorationPolicy exploration(Preset p, Double epsilon) {
        Preset e = p.has("exploration") ? p.object("exploration") : null;
        if (epsilon == null) {
            return e != null ? exploration(e) : new EpsilonGreedy(0, 1, 0, false);
        }
        boolean randomTies = e != null && "epsilon-greedy".equals(e.json().path("kind").asText())
                && "random".equals(e.json().path("ties").asText());
        return new EpsilonGreedy(epsilon, 1, 0, randomTies);
    }

    static ExplorationPolicy exploration(Preset e) {
        String kind = e.text("kind");
        if (kind.equals("softmax")) {
            e.allowOnly(Set.of("kind", "temperature", "decay", "min"));
            double t = e.number("temperature", 1e-6, 1000);
            return new Softmax(t, e.number("decay", 1e-9, 1, 1), e.number("min", 1e-6, t, Math.min(t, 0.05)));
        }
        if (kind.equals("ucb")) {
            e.allowOnly(Set.of("kind", "c"));
            return new Ucb(e.number("c", 0, 1000));
        }
        if (!kind.equals("epsilon-greedy")) {
            throw e.error("kind", "'" + kind + "' is not an exploration kind; known: epsilon-greedy, softmax, ucb");
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
        switch (kind) {
            case "overall":
                r.allowOnly(Set.of("kind"));
                return RewardFunction.OVERALL;
            case "compound": {
                r.allowOnly(Set.of("kind", "overall", "musicality", "novelty", "coherence"));
                Map<Aspect, Double> w = new EnumMap<>(Aspect.class);
                for (Aspect a : Aspect.values()) {
                    w.put(a, r.number(a.id(), 0, 100, 0));
                }
                try {
                    return new CompoundReward(r.number("overall", 0, 100, 1), w);
                } catch (IllegalArgumentException e) {
                    throw r.error("overall", e.getMessage());
                }
            }
            default:
                throw r.error("kind", "'" + kind + "' is not a reward kind; known: overall, compound");
        }
    }

    static Set<ActionType> actions(Preset p) {
        if (!p.has("actions")) {
            return EnumSet.complementOf(EnumSet.of(ActionType.COMPOSE));
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
        if (out.contains(ActionType.COMPOSE)) {
            throw p.error("actions", "'compose' is a move of composing learners, not an edit a Q-table can hold");
        }
        if (out.isEmpty()) {
            throw p.error("actions", "must name at least one action");
        }
        return out;
    }
}

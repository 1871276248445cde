package org.hitlmidi.learn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.preset.Check;
import org.hitlmidi.preset.InvalidField;
import org.hitlmidi.preset.PresetKind;

/**
 * A learner preset (presets/learners/*.json) as a record, one per "kind"; {@link org.hitlmidi.preset.Configs#bind}
 * binds a file to it and the compact constructors are the one place its values are checked (ranges, defaults,
 * required fields), so {@link Learners#build} builds any config that exists. docs/learning.md describes the fields.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = LearnerConfig.TabularQ.class, name = "tabular-q"),
        @JsonSubTypes.Type(value = LearnerConfig.FeatureQ.class, name = "feature-q"),
        @JsonSubTypes.Type(value = LearnerConfig.RewardModel.class, name = "reward-model"),
        @JsonSubTypes.Type(value = LearnerConfig.PaperCode.class, name = "paper-code"),
        @JsonSubTypes.Type(value = LearnerConfig.Prior.class, name = "prior")})
public sealed interface LearnerConfig {
    PresetKind<LearnerConfig> KIND = new PresetKind<>("learners", LearnerConfig.class);
    /** The six edits of the paper: the actions of a learner whose preset names none. */
    List<String> EDIT_NAMES = List.of("pitch-up", "pitch-down", "duration-up", "duration-down", "percussion-change",
            "note-removal");

    String name();

    String about();

    /** How the preset explores; null where it says nothing (a learner that then never explores, or the paper code's). */
    ExplorationConfig exploration();

    /**
     * The same learner exploring epsilon-greedy at a fixed {@code epsilon} (an epsilon-greedy preset's ties rule kept);
     * a prior learner, which never explores, as it is.
     */
    LearnerConfig withExploration(double epsilon);

    private static ExplorationConfig fixed(ExplorationConfig e, double epsilon) {
        String ties = e instanceof ExplorationConfig.EpsilonGreedy g ? g.ties() : null;
        return new ExplorationConfig.EpsilonGreedy(epsilon, 1.0, null, ties);
    }

    private static String checkName(String name) {
        return Check.required("name", name);
    }

    private static String checkAbout(String about) {
        return about == null ? "" : about;
    }

    /** Episodic tabular Q-learning, the paper's learner and its variants. */
    record TabularQ(String name, String about, State state, Double alpha, Double gamma, Double initialQ,
                    ExplorationConfig exploration, RewardConfig reward, Actions actions, EpisodeLength episodes)
            implements LearnerConfig {
        public TabularQ {
            name = checkName(name);
            about = checkAbout(about);
            state = state == null ? State.TRACK : state;
            alpha = Check.above("alpha", alpha, 0, 1, null); // 0 would never learn
            gamma = Check.in("gamma", gamma, 0, 0.999999, null);
            initialQ = Check.in("initialQ", initialQ, -100, 100, 0.0);
            Check.required("exploration", exploration);
            Check.required("reward", reward);
            actions = actions == null ? Actions.EDITS : actions;
            episodes = episodes == null ? EpisodeLength.ENDLESS : episodes;
        }

        @Override
        public TabularQ withExploration(double epsilon) {
            return new TabularQ(name, about, state, alpha, gamma, initialQ, fixed(exploration, epsilon), reward,
                    actions, episodes);
        }
    }

    /** Q-learning over features of the track a move makes. */
    record FeatureQ(String name, String about, Double alpha, Double gamma, Double initialValue,
                    ExplorationConfig exploration, RewardConfig reward, Actions actions, Integer variations,
                    Integer maxMoves) implements LearnerConfig {
        public FeatureQ {
            name = checkName(name);
            about = checkAbout(about);
            alpha = Check.in("alpha", alpha, 1e-6, 1, null);
            gamma = Check.in("gamma", gamma, 0, 0.999999, null);
            initialValue = Check.in("initialValue", initialValue, -100, 100, 5.5);
            Check.required("exploration", exploration);
            Check.required("reward", reward);
            actions = actions == null ? Actions.EDITS : actions;
            variations = Check.in("variations", variations, 0, 10_000, 0);
            maxMoves = Check.in("maxMoves", maxMoves, 1, 100, 2);
        }

        @Override
        public FeatureQ withExploration(double epsilon) {
            return new FeatureQ(name, about, alpha, gamma, initialValue, fixed(exploration, epsilon), reward, actions,
                    variations, maxMoves);
        }
    }

    /** A learned reward model choosing among candidates (see {@link RewardModelLearner}). */
    record RewardModel(String name, String about, String acquisition, Double beta, Integer fresh, Integer variations,
                       Integer elites, Integer maxMoves, Boolean edits, Double priorMean, Double priorSd,
                       Double weightSd, Double noiseSd, Double partWeight, RewardConfig reward, Implicit implicit,
                       ExplorationConfig exploration) implements LearnerConfig {
        public RewardModel {
            name = checkName(name);
            about = checkAbout(about);
            acquisition = Check.oneOf("acquisition", acquisition == null ? null : acquisition.toLowerCase(Locale.ROOT),
                    List.of("thompson", "ucb", "greedy"), "thompson");
            beta = Check.in("beta", beta, 0, 100, 1.0);
            fresh = Check.in("fresh", fresh, 0, 10_000, 40);
            variations = Check.in("variations", variations, 0, 10_000, 120);
            if (fresh + variations < 1) {
                throw new InvalidField("fresh", "and variations must together be at least 1");
            }
            elites = Check.in("elites", elites, 1, 1000, 5);
            maxMoves = Check.in("maxMoves", maxMoves, 1, 100, 3);
            edits = edits == null || edits;
            priorMean = Check.in("priorMean", priorMean, 1, 10, 5.5);
            priorSd = Check.in("priorSd", priorSd, 0.01, 100, 3.0);
            weightSd = Check.in("weightSd", weightSd, 0.01, 100, 2.0);
            noiseSd = Check.in("noiseSd", noiseSd, 0.01, 100, 1.0);
            partWeight = Check.in("partWeight", partWeight, 0, 10, RewardModelLearner.Config.DEFAULT_PART_WEIGHT);
            reward = reward == null ? new RewardConfig.Overall() : reward;
            implicit = implicit == null ? Implicit.OFF : implicit;
        }

        public RewardModelLearner.Config config() {
            return new RewardModelLearner.Config(fresh, variations, elites, maxMoves, edits,
                    RewardModelLearner.Acquisition.valueOf(acquisition.toUpperCase(Locale.ROOT)), beta, priorMean,
                    priorSd, weightSd, noiseSd, partWeight);
        }

        @Override
        public RewardModel withExploration(double epsilon) {
            return new RewardModel(name, about, acquisition, beta, fresh, variations, elites, maxMoves, edits,
                    priorMean, priorSd, weightSd, noiseSd, partWeight, reward, implicit, fixed(exploration, epsilon));
        }
    }

    /**
     * The paper's published code (see {@link PaperCodeLearner}); its values are main_gui.py:165 and 295. An
     * exploration, which only the device's override sets, must be epsilon-greedy: its epsilon and decay then replace
     * the preset's.
     */
    record PaperCode(String name, String about, Double alpha, Double gamma, Double epsilon, Double decay,
                     Integer episodes, ExplorationConfig exploration) implements LearnerConfig {
        public PaperCode {
            name = checkName(name);
            about = checkAbout(about);
            alpha = Check.above("alpha", alpha, 0, 1, 0.1);
            gamma = Check.in("gamma", gamma, 0, 0.999999, 0.9);
            epsilon = Check.in("epsilon", epsilon, 0, 1, 0.5);
            decay = Check.above("decay", decay, 0, 1, 0.01);
            episodes = Check.in("episodes", episodes, 0, 1_000_000, 10);
            if (exploration != null && !(exploration instanceof ExplorationConfig.EpsilonGreedy)) {
                throw new InvalidField("exploration.kind", "paper-code explores epsilon-greedy only");
            }
        }

        /** The epsilon it starts from: the exploration's when there is one. */
        public double startEpsilon() {
            return exploration instanceof ExplorationConfig.EpsilonGreedy g ? g.epsilon() : epsilon;
        }

        /** The per-episode decay: the exploration's when there is one. */
        public double episodeDecay() {
            return exploration instanceof ExplorationConfig.EpsilonGreedy g ? g.decay() : decay;
        }

        @Override
        public PaperCode withExploration(double eps) {
            return new PaperCode(name, about, alpha, gamma, epsilon, decay, episodes, fixed(exploration, eps));
        }
    }

    /** No learning: the composer's fresh tracks, the baseline. */
    record Prior(String name, String about) implements LearnerConfig {
        public Prior {
            name = checkName(name);
            about = checkAbout(about);
        }

        @Override
        public ExplorationConfig exploration() {
            return null;
        }

        @Override
        public Prior withExploration(double epsilon) {
            return this;
        }
    }

    /** "track" (the whole track is the state, the paper's), or a list of relative parts. */
    record State(Set<RelativeEncoder.Part> parts) {
        public static final State TRACK = new State(Set.of());

        public State {
            parts = parts.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(parts));
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static State of(JsonNode n) {
            if (n.isTextual()) {
                if (!n.asText().equals("track")) {
                    throw new InvalidField("", "'" + n.asText() + "' is not a state encoding; known: track, or a list"
                            + " of relative parts (degrees, intervals, contour, rhythm, drums, summary)");
                }
                return TRACK;
            }
            if (!n.isArray()) {
                throw new InvalidField("", "must be \"track\" or a list of relative parts, found " + n);
            }
            Set<RelativeEncoder.Part> parts = EnumSet.noneOf(RelativeEncoder.Part.class);
            for (int i = 0; i < n.size(); i++) {
                try {
                    parts.add(RelativeEncoder.Part.parse(n.get(i).isTextual() ? n.get(i).asText() : n.get(i).toString()));
                } catch (IllegalArgumentException ex) {
                    throw new InvalidField("[" + i + "]", ex.getMessage());
                }
            }
            if (parts.isEmpty()) {
                throw new InvalidField("", "must name at least one part");
            }
            return new State(parts);
        }

        public boolean track() {
            return parts.isEmpty();
        }

        /** The parts in their order, as {@link RelativeEncoder} takes them. */
        public Set<RelativeEncoder.Part> set() {
            return parts.isEmpty() ? EnumSet.noneOf(RelativeEncoder.Part.class) : EnumSet.copyOf(parts);
        }
    }

    /** The edits a Q-table learns over: a list of action names (absent: the paper's six). */
    record Actions(Set<ActionType> types) {
        public static final Actions EDITS = new Actions(EnumSet.complementOf(EnumSet.of(ActionType.COMPOSE)));

        public Actions {
            types = Set.copyOf(EnumSet.copyOf(types));
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Actions of(List<String> names) {
            Set<ActionType> out = EnumSet.noneOf(ActionType.class);
            for (int i = 0; i < names.size(); i++) {
                String a = String.valueOf(names.get(i));
                try {
                    out.add(ActionType.valueOf(a.toUpperCase(Locale.ROOT).replace('-', '_')));
                } catch (IllegalArgumentException ex) {
                    throw new InvalidField("[" + i + "]", "'" + a + "' is not an action; known: "
                            + String.join(", ", EDIT_NAMES));
                }
                if (out.contains(ActionType.COMPOSE)) {
                    throw new InvalidField("[" + i + "]", "'compose' is a move of composing learners, not an edit a"
                            + " Q-table can hold");
                }
            }
            if (out.isEmpty()) {
                throw new InvalidField("", "must name at least one action");
            }
            return new Actions(out);
        }

        /** In the order of {@link ActionType}, as {@link ActionSlots} takes them. */
        public Set<ActionType> set() {
            return EnumSet.copyOf(types);
        }
    }

    /** "length": episodes of as many ratings as the track has notes (the paper's); a number: so many; absent: none. */
    record EpisodeLength(Episodes.Length length) {
        public static final EpisodeLength ENDLESS = new EpisodeLength(Episodes.Length.ENDLESS);

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static EpisodeLength of(JsonNode n) {
            if (n.isTextual() && n.asText().equals("length")) {
                return new EpisodeLength(Episodes.Length.NOTES);
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt()) {
                throw new InvalidField("", "must be \"length\" (as many ratings as the track has notes) or a whole"
                        + " number, found " + n);
            }
            return new EpisodeLength(new Episodes.Length(Check.in("", n.asInt(), 1, 1_000_000, null)));
        }
    }

    /**
     * Implicit signals (skip, keep, export) read as ratings, each the rating it counts as (1..10) or false (ignored),
     * at a weight; the whole field false (or absent): none.
     */
    record Implicit(Signal skip, Signal keep, Signal export, Double weight) {
        public static final Implicit OFF = new Implicit(null, null, null, null);

        public Implicit {
            weight = Check.in("weight", weight, 0.01, 1, 0.5);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Implicit of(boolean on) {
            if (on) {
                throw new InvalidField("", "must be an object of the signals' ratings (skip, keep, export, weight),"
                        + " or false");
            }
            return OFF;
        }

        public RewardModelLearner.Implicit implicit() {
            if (this == OFF) {
                return RewardModelLearner.Implicit.OFF;
            }
            Map<ImplicitSignal, Double> as = new EnumMap<>(ImplicitSignal.class);
            for (ImplicitSignal s : ImplicitSignal.values()) {
                Signal v = s == ImplicitSignal.SKIP ? skip : s == ImplicitSignal.KEEP ? keep : export;
                if (v != null && v.rating() != null) {
                    as.put(s, v.rating());
                }
            }
            return new RewardModelLearner.Implicit(as, weight);
        }
    }

    /** One implicit signal: the rating it counts as (1..10), or false to ignore it (rating null). */
    record Signal(Double rating) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Signal of(JsonNode n) {
            if (n.isBoolean() && !n.asBoolean()) {
                return new Signal(null);
            }
            if (!n.isNumber()) {
                throw new InvalidField("", "must be the rating it counts as (1..10), or false to ignore it, found " + n);
            }
            return new Signal(Check.in("", n.asDouble(), Rating.MIN, Rating.MAX, null));
        }
    }
}

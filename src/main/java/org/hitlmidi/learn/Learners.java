package org.hitlmidi.learn;

import java.util.random.RandomGenerator;
import org.hitlmidi.music.SongComposer;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;

import org.hitlmidi.music.Edits;
import org.hitlmidi.music.TrackParams;

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
     * read the base note and scale should be built with {@link #build(LearnerConfig, Edits, TrackParams)} or told
     * the parameters through {@link Learner#params}.
     */
    public static Learner build(LearnerConfig c, Edits edits) {
        return build(c, edits, TrackParams.defaults().withKit(edits.rules().kit()));
    }

    /**
     * Builds the learner a config describes. The config was checked when its preset was bound ({@link LearnerConfig}'s
     * records are the one place), so every config builds.
     */
    public static Learner build(LearnerConfig c, Edits edits, TrackParams params) {
        if (!isPaper(c.name()) && !edits.isMusical()) {
            edits = edits.musical(new SongComposer(params));
        }
        if (c instanceof LearnerConfig.TabularQ t) {
            return tabularQ(t, edits, params);
        } else if (c instanceof LearnerConfig.RewardModel r) {
            return new RewardModelLearner(r.name(), r.config(), exploration(r.exploration()), r.reward().function(),
                    r.implicit().implicit(), edits, params);
        } else if (c instanceof LearnerConfig.FeatureQ f) {
            return new FeatureQLearner(f.name(), f.alpha(), f.gamma(), f.initialValue(), f.exploration().policy(),
                    f.reward().function(), new ActionSlots(f.actions().set()), edits, params, f.variations(),
                    f.maxMoves());
        } else if (c instanceof LearnerConfig.PaperCode p) {
            return new PaperCodeLearner(p.name(), p.alpha(), p.gamma(), p.startEpsilon(), p.episodeDecay(),
                    p.episodes(), edits);
        }
        return new PriorLearner(c.name(), params);
    }

    /** The paper's two learners edit the paper's tracks; every other learner composes in bars (see {@link SongComposer}). */
    public static boolean isPaper(String learner) {
        return PAPER.equals(learner) || "paper-code".equals(learner);
    }

    /** The first track of a session or an episode: the paper's random track for its learners, else a composition. */
    public static Track initialTrack(String learner, TrackParams params, RandomGenerator rng) {
        return isPaper(learner) ? TrackGenerator.random(params, rng) : new SongComposer(params).fresh(rng);
    }

    private static Learner tabularQ(LearnerConfig.TabularQ t, Edits edits, TrackParams params) {
        ActionSlots a = new ActionSlots(t.actions().set());
        ExplorationPolicy e = t.exploration().policy();
        RewardFunction r = t.reward().function();
        if (!t.state().track()) {
            return new TabularQLearner<>(t.name(), t.alpha(), t.gamma(), t.initialQ(),
                    new RelativeEncoder(t.state().set(), params), e, r, a, edits, t.episodes().length());
        }
        return new TabularQLearner<>(t.name(), t.alpha(), t.gamma(), t.initialQ(), TrackKey::of, e, r, a, edits,
                t.episodes().length());
    }

    /**
     * How a learner built from {@code c} explores, with {@code epsilon} (when not null) overriding the preset's own
     * by epsilon-greedy at that fixed rate (its ties rule kept). For {@link Learner#exploration}.
     */
    public static ExplorationPolicy exploration(LearnerConfig c, Double epsilon) {
        if (epsilon == null) {
            return exploration(c.exploration());
        }
        boolean randomTies = c.exploration() instanceof ExplorationConfig.EpsilonGreedy g && g.ties().equals("random");
        return new EpsilonGreedy(epsilon, 1, 0, randomTies);
    }

    /** The policy of an exploration config; none: never explore. */
    private static ExplorationPolicy exploration(ExplorationConfig e) {
        return e != null ? e.policy() : new EpsilonGreedy(0, 1, 0, false);
    }
}

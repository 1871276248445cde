package org.hitlmidi.learn;

import java.util.random.RandomGenerator;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * The baseline that shows what learning adds: every track a fresh composition from the same composer and style
 * as the learners, whatever was rated. Learns nothing.
 */
public final class PriorLearner implements Learner {
    private static final Action COMPOSE = new Action(ActionType.COMPOSE, 0);
    private final String name;
    private Composer composer;
    private long updates;

    public PriorLearner(String name, TrackParams params) {
        this.name = name;
        this.composer = new Composer(params);
    }

    @Override
    public PriorLearner copy() {
        PriorLearner c = new PriorLearner(name, composer.params());
        c.composer = composer;
        c.updates = updates;
        return c;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Proposal propose(Track current, RandomGenerator rng) {
        return new Proposal(new Transition(current, COMPOSE, composer.fresh(rng)), true);
    }

    @Override
    public void learn(Transition heard, Rating rating) {
        updates++;
    }

    @Override
    public long updates() {
        return updates;
    }

    @Override
    public long entries() {
        return 0;
    }

    @Override
    public void params(TrackParams params) {
        composer = new Composer(params);
    }
}

package org.hitlmidi.sim;

import java.util.SplittableRandom;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.Proposal;
import org.hitlmidi.learn.ActionSlots;
import org.hitlmidi.learn.TabularQLearner;
import org.hitlmidi.learn.TrackKey;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Q-updates of the paper learner on encoded states: a session-like walk of 4096 transitions (each edit's
 * result is the next state), replayed in a loop so states are revisited as in a long session.
 */
@State(Scope.Thread)
public class QUpdateBenchmark {
    static final int WALK = 4096;
    TrackKey[] from;
    TrackKey[] to;
    int[] slot;
    int[] toNotes;
    double[] reward;
    TabularQLearner<TrackKey> learner;
    int i;

    @Setup(Level.Trial)
    public void setUp() {
        learner = paper();
        SplittableRandom rng = new SplittableRandom(7);
        from = new TrackKey[WALK];
        to = new TrackKey[WALK];
        slot = new int[WALK];
        toNotes = new int[WALK];
        reward = new double[WALK];
        Track t = TrackGenerator.random(TrackParams.defaults(), rng);
        for (int k = 0; k < WALK; k++) {
            Proposal p = learner.propose(t, rng);
            from[k] = TrackKey.of(t);
            to[k] = TrackKey.of(p.transition().after());
            slot[k] = ActionSlots.slot(p.transition().action());
            toNotes[k] = p.transition().after().melody().size();
            reward[k] = 1 + rng.nextInt(10);
            t = p.transition().after();
        }
    }

    @SuppressWarnings("unchecked")
    static TabularQLearner<TrackKey> paper() {
        Learner l = Learners.build(Presets.builtInOnly().load(org.hitlmidi.learn.LearnerConfig.KIND, Learners.PAPER), new Edits(EditRules.PAPER));
        return (TabularQLearner<TrackKey>) l;
    }

    @Benchmark
    public double update() {
        int k = i;
        i = (k + 1) & (WALK - 1);
        return learner.update(from[k], slot[k], reward[k], to[k], toNotes[k]);
    }
}

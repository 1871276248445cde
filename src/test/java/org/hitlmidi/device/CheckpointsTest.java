package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.hitlmidi.learn.ImplicitSignal;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.Proposal;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Presets;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.SignalRecord;
import org.hitlmidi.store.SqliteStore;
import org.hitlmidi.store.SyntheticHistory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An undo restores the learner from a checkpoint and replays only the feedback since (issue 16, item 9), and the
 * result is the learner a replay of the whole store gives: for every built-in learner preset, over a real SQLite
 * store on disk with a stored history, a live session (ratings and skips), and undos.
 */
class CheckpointsTest {
    private static final TrackParams PARAMS = TrackParams.defaults();
    private static final int HISTORY = 60;

    @TempDir
    Path dir;

    static List<String> learners() {
        return Presets.builtInNames("learners");
    }

    private static Learner build(String name) {
        return Learners.build(Presets.builtInOnly().load(org.hitlmidi.learn.LearnerConfig.KIND, name), new Edits(EditRules.PAPER.withKit(PARAMS.kit())),
                PARAMS);
    }

    /**
     * Mutation caught: a restore that replays from the start (as undo did before: the whole history, here 60 + 12
     * records) fails the count; a copy that shares its Q-table, model or heard tracks with the checkpoint (a shallow
     * copy) fails the comparison with the full replay after the second undo.
     */
    @ParameterizedTest
    @MethodSource("learners")
    void anUndoReplaysOnlyTheRatingsSinceACheckpointAndGivesTheFullReplaysLearner(String name) {
        Profile p = SyntheticHistory.write(dir, "p", name, HISTORY, 10, 3);
        try (SqliteStore store = SqliteStore.openIn(dir)) {
            Checkpoints cp = new Checkpoints(4, 2);
            Checkpoints.State[] live = {cp.replay(store, p.id(), Checkpoints.State.empty(build(name)))};
            assertThat(cp.lastReplayed()).isEqualTo(HISTORY);
            assertThat(live[0].ratings()).isEqualTo(HISTORY);
            cp.reset(live[0]);
            SplittableRandom rng = new SplittableRandom(9);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                live[0] = rate(store, p, name, live[0], rng, i, i % 5 == 2, ids);
                cp.rated(() -> live[0]);
            }
            assertThat(cp.saved()).isEqualTo(2);

            store.setUndone(ids.get(9), true);
            Checkpoints.State restored = cp.restoreBefore(store, p.id(), ids.get(9));
            assertThat(restored).as(name + " can be copied").isNotNull();
            // the checkpoint after the 8th session rating: ratings 9 to 12 and the skip after the 12th... at most 6
            assertThat(cp.lastReplayed()).as("records an undo read").isBetween(1L, 6L);
            assertSame(name, restored, new Checkpoints().replay(store, p.id(), Checkpoints.State.empty(build(name))));

            // and again from the same checkpoint: it was not changed by the first restore
            store.setUndone(ids.get(8), true);
            restored = cp.restoreBefore(store, p.id(), ids.get(8));
            assertThat(cp.lastReplayed()).isBetween(1L, 6L);
            assertSame(name, restored, new Checkpoints().replay(store, p.id(), Checkpoints.State.empty(build(name))));

            // further back than the checkpoints kept: the caller rebuilds from the whole history
            store.setUndone(ids.get(2), true);
            assertThat(cp.restoreBefore(store, p.id(), ids.get(2))).isNull();
        }
    }

    /**
     * With a copy kept before each live rating ({@link Checkpoints#beforeRating}), undos of the session's last ratings,
     * one after another, each read only the undone ratings after the copy and the signals since (not the ratings since
     * the last checkpoint), and each gives the learner a full replay gives; a rating learned after an undo, then undone
     * too, as well. Mutation caught: the copies not used (each undo reads up to 13 records), a copy that shares its
     * model or Q-table with the live learner (the comparison fails).
     */
    @ParameterizedTest
    @MethodSource("learners")
    void undosInARowRestoreTheCopyBeforeEachRating(String name) {
        Profile p = SyntheticHistory.write(dir, "p", name, HISTORY, 10, 3);
        try (SqliteStore store = SqliteStore.openIn(dir)) {
            Checkpoints cp = new Checkpoints(64, 2); // no checkpoint in the session: only the copies help
            Checkpoints.State[] live = {cp.replay(store, p.id(), Checkpoints.State.empty(build(name)))};
            cp.reset(live[0]);
            SplittableRandom rng = new SplittableRandom(5);
            List<Long> ids = new ArrayList<>();
            java.util.function.IntConsumer rate = i -> {
                cp.beforeRating(live[0]);
                live[0] = rate(store, p, name, live[0], rng, i, i % 4 == 3, ids);
            };
            for (int i = 0; i < 12; i++) {
                rate.accept(i);
            }
            assertThat(cp.recent()).isEqualTo(12);
            for (int k = 1; k <= 3; k++) {
                long undone = ids.remove(ids.size() - 1);
                store.setUndone(undone, true);
                live[0] = cp.restoreBefore(store, p.id(), undone);
                assertThat(live[0]).as(name + " can be copied").isNotNull();
                assertThat(cp.lastReplayed()).as(name + ": records undo " + k + " read").isBetween(1L, k + 1L);
                assertSame(name, live[0], new Checkpoints().replay(store, p.id(), Checkpoints.State.empty(build(name))));
            }
            rate.accept(20);
            long undone = ids.remove(ids.size() - 1);
            store.setUndone(undone, true);
            live[0] = cp.restoreBefore(store, p.id(), undone);
            assertThat(cp.lastReplayed()).isBetween(1L, 2L);
            assertSame(name, live[0], new Checkpoints().replay(store, p.id(), Checkpoints.State.empty(build(name))));
        }
    }

    /**
     * One live rating as the session makes it: the learner proposes from the last track, the rating (1 + i % 10) is
     * stored and learned, the episode counted, and a skip stored and signalled after it when {@code skip}. Returns the
     * state after it; the rating's id goes to {@code ids}.
     */
    private static Checkpoints.State rate(SqliteStore store, Profile p, String name, Checkpoints.State s,
                                          SplittableRandom rng, int i, boolean skip, List<Long> ids) {
        Proposal pr = s.learner().propose(s.last(), rng);
        Rating rating = Rating.of(1 + i % 10);
        long id = store.addRating(new RatingRecord(0, p.id(), null, Instant.now(), name, rating,
                pr.transition(), "test", false, PARAMS));
        ids.add(id);
        s.learner().learn(pr.transition(), rating);
        s.episodes().count(pr.transition());
        long signal = s.signalId();
        if (skip) {
            signal = store.addSignal(new SignalRecord(0, p.id(), null, Instant.now(), ImplicitSignal.SKIP,
                    pr.transition(), 0, PARAMS));
            s.learner().signal(pr.transition(), ImplicitSignal.SKIP);
        }
        return new Checkpoints.State(s.learner(), s.episodes(), s.ratings() + 1, pr.transition().after(), id, signal);
    }

    private static void assertSame(String name, Checkpoints.State a, Checkpoints.State b) {
        assertThat(a.ratings()).as(name + " ratings").isEqualTo(b.ratings());
        assertThat(a.ratingId()).isEqualTo(b.ratingId());
        assertThat(a.signalId()).isEqualTo(b.signalId());
        assertThat(a.last()).isEqualTo(b.last());
        assertThat(a.episodes().episode()).isEqualTo(b.episodes().episode());
        assertThat(a.episodes().ratingsInEpisode()).isEqualTo(b.episodes().ratingsInEpisode());
        assertThat(a.learner().updates()).as(name + " updates").isEqualTo(b.learner().updates());
        assertThat(a.learner().entries()).isEqualTo(b.learner().entries());
        assertThat(a.learner().explain(Integer.MAX_VALUE)).as(name + " beliefs").isEqualTo(b.learner().explain(Integer.MAX_VALUE));
        Track from = a.last();
        for (int seed = 0; seed < 3; seed++) {
            assertThat(a.learner().propose(from, new SplittableRandom(seed)))
                    .as(name + " proposal " + seed).isEqualTo(b.learner().propose(from, new SplittableRandom(seed)));
        }
    }
}

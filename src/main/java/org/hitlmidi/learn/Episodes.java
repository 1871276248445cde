package org.hitlmidi.learn;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * Counts a session's episodes from its rated transitions, the one rule the device, {@code simulate}, a restart,
 * {@code history} and the learners share: a rating whose edit did not start from the track rated last begins a
 * new episode (the first track of an episode is a fresh one, see {@link Learner#begin}); undone ratings are not
 * counted. Episodes are numbered from 1. Because the count comes from the ratings alone, a restart that replays
 * the store numbers every track and episode as the live session did.
 *
 * <p>It also decides what plays after a rating ({@link #next}): the learner's next edit of the rated track, or,
 * when the learner's episode is over ({@link Learner#episodeOver}), the first track of a new episode.
 */
public final class Episodes {
    /** How many ratings an episode lasts: never ends, the session's length in notes (the paper's), or fixed. */
    public record Length(int ratings) {
        /** Episodes end only when the parameters change. */
        public static final Length ENDLESS = new Length(0);
        /** The paper's: as many ratings as the track has notes ({@code length}). */
        public static final Length NOTES = new Length(-1);

        public Length {
            if (ratings < -1) {
                throw new IllegalArgumentException("episode length " + ratings + " is not a number of ratings");
            }
        }

        public boolean endless() {
            return ratings == 0;
        }

        /** Whether an episode with {@code rated} ratings is over. */
        public boolean over(TrackParams p, int rated) {
            return ratings != 0 && rated >= (ratings < 0 ? p.length() : ratings);
        }
    }

    /** Redraws of a fresh first track that equals the track rated last (it would read as the same episode). */
    private static final int REDRAWS = 1000;
    private int episode;
    private int ratings;
    private Object last;

    /** A copy that counts on its own. */
    public Episodes copy() {
        Episodes c = new Episodes();
        c.episode = episode;
        c.ratings = ratings;
        c.last = last;
        return c;
    }

    /** The track rated last (what the next rating's edit must start from to go on with the episode); null before any. */
    public Object last() {
        return last;
    }

    /** Episodes counted as {@link #episode}, {@link #ratingsInEpisode} and {@link #last} say (a learner snapshot's). */
    public static Episodes of(int episode, int ratings, Object last) {
        if (episode < 0 || ratings < 0) {
            throw new IllegalArgumentException("episode " + episode + ", " + ratings + " ratings");
        }
        Episodes e = new Episodes();
        e.episode = episode;
        e.ratings = ratings;
        e.last = last;
        return e;
    }

    /** The episode of the last rating counted; 0 before any. */
    public int episode() {
        return episode;
    }

    /** Ratings counted in that episode. */
    public int ratingsInEpisode() {
        return ratings;
    }

    /** The episode a rating of a track made from {@code before} would belong to, without counting it. */
    public int of(Object before) {
        return continues(before) ? episode : episode + 1;
    }

    /** Counts a rating of the edit {@code before} -> {@code after}; returns its episode. */
    public int count(Object before, Object after) {
        if (continues(before)) {
            ratings++;
        } else {
            episode++;
            ratings = 1;
        }
        last = after;
        return episode;
    }

    /** Counts a rated transition; returns its episode. */
    public int count(Transition t) {
        return count(t.before(), t.after());
    }

    /** Whether {@code track} is the track rated last (so a rating of an edit of it goes on with its episode). */
    public boolean isLast(Object track) {
        return continues(track);
    }

    private boolean continues(Object before) {
        return last != null && before.equals(last);
    }

    /**
     * What plays after the rating just counted of {@code heard}: a new episode's first track when the learner's
     * episode is over, else the learner's edit of {@code heard}.
     */
    public Proposal next(Learner learner, TrackParams params, Track heard, RandomGenerator rng) {
        return learner.episodeOver(params, ratings) ? begin(learner, params, rng) : learner.propose(heard, rng);
    }

    /** {@link #next}, from the candidates the learner made ahead of the rating of {@code ahead.current()}. */
    public Proposal next(Learner learner, TrackParams params, Prepared ahead, RandomGenerator rng) {
        return learner.episodeOver(params, ratings) ? begin(learner, params, rng) : learner.propose(ahead, rng);
    }

    /**
     * The first track of a new episode ({@link Learner#begin}); drawn again in the rare case it starts from the
     * very track rated last, so that its rating is counted as a new episode.
     */
    public Proposal begin(Learner learner, TrackParams params, RandomGenerator rng) {
        Proposal p = learner.begin(params, rng);
        for (int i = 0; i < REDRAWS && continues(p.transition().before()); i++) {
            p = learner.begin(params, rng);
        }
        return p;
    }

    /**
     * The episode of each of {@code rs} (undone ones too, numbered as if they had stayed without being counted),
     * with the state after the last one left in {@code into} when given.
     */
    public static <R> int[] number(List<R> rs, Function<R, ?> before, Function<R, ?> after, Predicate<R> undone,
                                   Episodes into) {
        Episodes e = into == null ? new Episodes() : into;
        int[] out = new int[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            R r = rs.get(i);
            out[i] = undone.test(r) ? e.of(before.apply(r)) : e.count(before.apply(r), after.apply(r));
        }
        return out;
    }
}

package org.hitlmidi.learn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * The seam between the session loop and a learning rule. The loop asks for the next track, plays it, and
 * credits the rating to exactly the transition that made the track the listener heard.
 */
public interface Learner {
    /** The preset this learner was built from. */
    String name();

    /** Chooses the next edit of {@code current}. */
    Proposal propose(Track current, RandomGenerator rng);

    /**
     * Makes ahead, while {@code current} plays, what of its next proposal no rating of {@code current} changes
     * (issue 13 item 5): called with the learner as it is (under its caller's lock); the heavy work is the returned
     * {@link Prepared#make}, which touches nothing of the learner and may run on any thread. {@code rng} is the
     * prepared work's own (it draws from it off the lock). The default makes nothing ahead.
     */
    default Prepared prepare(Track current, RandomGenerator rng) {
        return Prepared.nothing(this, current);
    }

    /**
     * {@link #propose} from what {@link #prepare} made ahead, after the rating of its track was learned; a
     * prepared proposal that no longer fits the learner (other parameters, another learner) is proposed afresh.
     * The default, and a learner that made nothing ahead, proposes from {@code p.current()} as {@link #propose}.
     */
    default Proposal propose(Prepared p, RandomGenerator rng) {
        return propose(p.current(), rng);
    }

    /**
     * The first track of an episode (a session's first, and after {@link #episodeOver} or a change of base, scale,
     * length, kit, style, meter or bars). The default composes a track in the style and plays the learner's edit
     * of it; the paper's episodic learners play the paper's fresh random track itself, unedited ({@link #fresh}).
     */
    default Proposal begin(TrackParams params, RandomGenerator rng) {
        return propose(new org.hitlmidi.music.SongComposer(params).fresh(rng), rng);
    }

    /**
     * Whether the episode ends after {@code ratings} ratings in it (counted by {@link Episodes}): then the next
     * track is a new episode's first ({@link #begin}). The default never ends one; the paper's learners end it
     * after {@code length} ratings.
     */
    default boolean episodeOver(TrackParams params, int ratings) {
        return false;
    }

    /**
     * A fresh track heard unedited, as a transition: from the track itself, by {@link ActionType#COMPOSE} (which
     * a Q-table does not credit), to the track.
     */
    static Proposal fresh(Track t) {
        return new Proposal(new Transition(t, new Action(ActionType.COMPOSE, 0), t), true);
    }

    /** Credits a rating to the transition that produced the rated track. */
    void learn(Transition heard, Rating rating);

    /** Ratings learned from so far. */
    long updates();

    /** Size of what was learned: Q-table entries (state-action values) or model parameters. */
    long entries();

    /**
     * Tells the learner the session's parameters (base note, scale, length, kit): learners that encode
     * tracks relative to the base note or compose tracks read them. Call it when they change; what was
     * learned is kept. The default ignores them.
     */
    default void params(TrackParams params) {
    }

    /**
     * An implicit signal about a track the listener heard (a skip, a keep, an export), credited to the
     * transition that made it. Learners whose preset enables it treat it as a weak rating; the default, and
     * every learner with the signal switched off, ignores it. Safe to call for any transition, rated or not.
     */
    default void signal(Transition heard, ImplicitSignal signal) {
    }

    /**
     * Replaces how the learner explores (a listener's exploration knob): from the next proposal on, in O(1). What
     * was learned does not depend on it, so the learner stays what a rebuild from the same history gives. Returns
     * false (the default) when this learner cannot, and must then be built again with the other policy.
     */
    default boolean exploration(ExplorationPolicy policy) {
        return false;
    }

    /**
     * A copy that learns on its own from now on: what either learns later leaves the other as it was. The device
     * keeps copies as checkpoints, so an undo replays the ratings since one instead of the whole history (issue 16).
     * Null, the default, when this learner cannot be copied: an undo then rebuilds it from the whole history.
     */
    default Learner copy() {
        return null;
    }

    /** What the learner believes the listener likes, at most {@code top} beliefs. */
    default Explanation explain(int top) {
        return new Explanation(name(), getClass().getSimpleName(), updates(), entries(), 0, List.of());
    }
}

package org.hitlmidi.store;

import java.time.Instant;
import java.util.SplittableRandom;
import org.hitlmidi.learn.ImplicitSignal;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;

/** Feedback records for the store's tests: each from a seed, so a test can tell them apart and rebuild them. */
final class StoreRecords {
    /** The time every record here carries (no test reads it back as a figure). */
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private StoreRecords() {
    }

    /** A random track, an action picked by the seed, and the track that action made. */
    static Transition transition(long seed) {
        Track t = TrackGenerator.random(TrackParams.defaults(), new SplittableRandom(seed));
        Action a = new Action(ActionType.values()[(int) (seed % 5)], (int) (seed % 4));
        return new Transition(t, a, new Edits(EditRules.PAPER).apply(t, a));
    }

    static RatingRecord rating(long profile, int overall, long seed) {
        return new RatingRecord(0, profile, null, T, "taste-model", Rating.of(overall), transition(seed), "test", false);
    }

    static SignalRecord signal(long profile, ImplicitSignal s, long seed) {
        return new SignalRecord(0, profile, null, T, s, transition(seed), 0);
    }
}

package org.hitlmidi.store;

import java.util.ArrayList;
import java.util.List;
import org.hitlmidi.learn.Learner;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.TrackParams;

/**
 * What a listener told the device about a track: a rating or an implicit signal. A learner is rebuilt by
 * replaying a profile's feedback in the order it came, so that it equals the learner that saw it live.
 */
public sealed interface Feedback permits RatingRecord, SignalRecord {
    Transition transition();

    /** The track parameters it was made under; null only for a record not stored yet. */
    TrackParams params();

    /**
     * Ratings and signals in the order they were stored: each signal right after the rating it names in
     * {@link SignalRecord#afterRating()}. Both lists must be in id order.
     */
    static List<Feedback> merge(List<RatingRecord> ratings, List<SignalRecord> signals) {
        List<Feedback> out = new ArrayList<>(ratings.size() + signals.size());
        int s = 0;
        for (RatingRecord r : ratings) {
            while (s < signals.size() && signals.get(s).afterRating() < r.id()) {
                out.add(signals.get(s++));
            }
            out.add(r);
        }
        out.addAll(signals.subList(s, signals.size()));
        return List.copyOf(out);
    }

    /**
     * Replays feedback into a learner in order, ratings marked undone left out, each under the parameters it was
     * made under (as the live learner was told them). Returns the ratings learned. The learner is left with the
     * last record's parameters: tell it the parameters now in force after.
     */
    static long replay(List<Feedback> feedback, Learner learner) {
        long n = 0;
        TrackParams told = null;
        for (Feedback f : feedback) {
            if (f.params() != null && !f.params().equals(told)) {
                told = f.params();
                learner.params(told);
            }
            if (f instanceof RatingRecord r) {
                if (!r.undone()) {
                    learner.learn(r.transition(), r.rating());
                    n++;
                }
            } else if (f instanceof SignalRecord s) {
                learner.signal(s.transition(), s.signal());
            }
        }
        return n;
    }
}

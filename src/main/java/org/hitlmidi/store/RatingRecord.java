package org.hitlmidi.store;

import java.time.Instant;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.TrackParams;

/**
 * One stored rating with the exact track it rated ({@code transition.after()}), the track and edit that led
 * there, the learner that made it, where the rating came from (panel, cc, cli, sim), whether it was undone, and
 * the track parameters it was made under ({@code params}; null when adding: the profile's parameters then).
 */
public record RatingRecord(long id, long profileId, Long sessionId, Instant time, String learner, Rating rating,
                           Transition transition, String source, boolean undone, TrackParams params)
        implements Feedback {
    /** Made under the profile's parameters at the time it is stored. */
    public RatingRecord(long id, long profileId, Long sessionId, Instant time, String learner, Rating rating,
                        Transition transition, String source, boolean undone) {
        this(id, profileId, sessionId, time, learner, rating, transition, source, undone, null);
    }
}

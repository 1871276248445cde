package org.hitlmidi.store;

import java.time.Instant;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.Transition;

/**
 * One stored rating with the exact track it rated ({@code transition.after()}), the track and edit that led
 * there, the learner that made it, where the rating came from (panel, cc, cli, sim) and whether it was undone.
 */
public record RatingRecord(long id, long profileId, Long sessionId, Instant time, String learner, Rating rating,
                           Transition transition, String source, boolean undone) implements Feedback {
}

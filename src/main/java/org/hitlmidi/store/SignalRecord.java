package org.hitlmidi.store;

import java.time.Instant;
import org.hitlmidi.learn.ImplicitSignal;
import org.hitlmidi.learn.Transition;

/**
 * One stored implicit signal (a skip, keep or export of a track the listener heard) with the transition that
 * made the track. {@code afterRating} is its place among the profile's ratings: the id of the last rating
 * (undone ones included) stored before it, 0 when none was; the store sets it when the signal is added.
 */
public record SignalRecord(long id, long profileId, Long sessionId, Instant time, ImplicitSignal signal,
                           Transition transition, long afterRating) implements Feedback {
    public SignalRecord {
        if (signal == null || transition == null || time == null) {
            throw new IllegalArgumentException("a signal needs its kind, transition and time");
        }
    }
}

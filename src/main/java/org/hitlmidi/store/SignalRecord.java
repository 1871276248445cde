package org.hitlmidi.store;

import java.time.Instant;
import org.hitlmidi.learn.ImplicitSignal;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.TrackParams;

/**
 * One stored implicit signal (a skip, keep or export of a track the listener heard) with the transition that
 * made the track. {@code afterRating} is its place among the profile's ratings: the id of the last rating
 * (undone ones included) stored before it, 0 when none was; the store sets it when the signal is added.
 * {@code params}: the track parameters it was made under (null when adding: the profile's parameters then).
 */
public record SignalRecord(long id, long profileId, Long sessionId, Instant time, ImplicitSignal signal,
                           Transition transition, long afterRating, TrackParams params) implements Feedback {
    /** Made under the profile's parameters at the time it is stored. */
    public SignalRecord(long id, long profileId, Long sessionId, Instant time, ImplicitSignal signal,
                        Transition transition, long afterRating) {
        this(id, profileId, sessionId, time, signal, transition, afterRating, null);
    }

    public SignalRecord {
        if (signal == null || transition == null || time == null) {
            throw new IllegalArgumentException("a signal needs its kind, transition and time");
        }
    }
}

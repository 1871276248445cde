package org.hitlmidi.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/** Profiles, every rating with the track it rated, kept tracks and sessions. Writes are durable on return. */
public interface Store extends AutoCloseable {
    Profile createProfile(String name, String learner, TrackParams params);

    Optional<Profile> profile(String name);

    List<Profile> profiles();

    /** Changes a profile's learner preset and parameters. */
    Profile updateProfile(String name, String learner, TrackParams params);

    void deleteProfile(String name);

    long startSession(long profileId);

    void endSession(long sessionId);

    /** Stores the rating; when this returns the rating is on disk. Returns its id. */
    long addRating(RatingRecord r);

    void setUndone(long ratingId, boolean undone);

    /** Ratings of a profile in the order given. */
    List<RatingRecord> ratings(long profileId, boolean includeUndone);

    /**
     * Stores an implicit signal, placed after every rating stored so far (the record's id and afterRating are
     * ignored); when this returns it is on disk. Returns its id.
     */
    long addSignal(SignalRecord s);

    /** Implicit signals of a profile in the order they were stored. */
    List<SignalRecord> signals(long profileId);

    /** Ratings (undone ones too) and signals of a profile in the order they were stored: what a learner replays. */
    default List<Feedback> feedback(long profileId) {
        return Feedback.merge(ratings(profileId, true), signals(profileId));
    }

    /** A profile's settings that are not track parameters (the exploration override), by key. */
    /**
     * The profile's feedback after a position, in the order {@link #feedback} lists it, one record at a time: ratings
     * (undone ones too) with an id above {@code afterRating} and signals with an id above {@code afterSignal}. A long
     * history is replayed without holding it (300,000 ratings are about two gigabytes of parsed tracks). The default
     * reads the whole list.
     */
    default void replay(long profileId, long afterRating, long afterSignal, java.util.function.Consumer<Feedback> to) {
        for (Feedback f : feedback(profileId)) {
            if (f instanceof RatingRecord r ? r.id() > afterRating : ((SignalRecord) f).id() > afterSignal) {
                to.accept(f);
            }
        }
    }

    /**
     * The profile's feedback up to rating {@code upToRating} and signal {@code upToSignal} (both included), in a few
     * numbers ({@link FeedbackMark}). The default reads the whole list.
     */
    default FeedbackMark mark(long profileId, long upToRating, long upToSignal) {
        long ratings = 0;
        long lastRating = 0;
        long undone = 0;
        long undoneIds = 0;
        long signals = 0;
        long lastSignal = 0;
        for (Feedback f : feedback(profileId)) {
            if (f instanceof RatingRecord r && r.id() <= upToRating) {
                ratings++;
                lastRating = Math.max(lastRating, r.id());
                if (r.undone()) {
                    undone++;
                    undoneIds += r.id();
                }
            } else if (f instanceof SignalRecord s && s.id() <= upToSignal) {
                signals++;
                lastSignal = Math.max(lastSignal, s.id());
            }
        }
        return new FeedbackMark(ratings, lastRating, undone, undoneIds, signals, lastSignal);
    }

    Map<String, String> settings(long profileId);

    /** Sets a profile setting, or removes it when {@code value} is null; durable on return. */
    void setSetting(long profileId, String key, String value);

    /** Every rating of a profile (undone ones too) in order, tracks left unparsed: for long listings. */
    List<RatingSummary> ratingSummaries(long profileId);

    long keep(long profileId, Track track, String note);

    List<KeptTrack> kept(long profileId);

    /**
     * Saves a live performance's scene (docs/protocol.md, `scene`) under its number in a profile, replacing one
     * saved there before; {@code scene} is the device's JSON of it (parameters and track).
     */
    void saveScene(long profileId, int number, String scene);

    /** A profile's saved scenes by number (the JSON {@link #saveScene} was given), in order. */
    java.util.SortedMap<Integer, String> scenes(long profileId);

    /** The profile with all its ratings and kept tracks as one JSON document. */
    String exportProfile(String name);

    /** Imports an exported profile, under {@code rename} when given. Returns the new profile. */
    Profile importProfile(String json, Optional<String> rename);

    @Override
    void close();
}

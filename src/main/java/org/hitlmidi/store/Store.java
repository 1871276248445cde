package org.hitlmidi.store;

import java.util.List;
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

    long keep(long profileId, Track track, String note);

    List<KeptTrack> kept(long profileId);

    /** The profile with all its ratings and kept tracks as one JSON document. */
    String exportProfile(String name);

    /** Imports an exported profile, under {@code rename} when given. Returns the new profile. */
    Profile importProfile(String json, Optional<String> rename);

    @Override
    void close();
}

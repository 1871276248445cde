package org.hitlmidi.store;

import java.time.Instant;
import org.hitlmidi.music.Track;

/** A track the user bookmarked. */
public record KeptTrack(long id, long profileId, Instant time, Track track, String note) {
}

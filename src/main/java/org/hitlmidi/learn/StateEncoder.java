package org.hitlmidi.learn;

import org.hitlmidi.music.Track;

/** Maps a track to the key of its state in a Q-table. Keys must implement equals and hashCode. */
@FunctionalInterface
public interface StateEncoder<K> {
    K encode(Track track);
}

package org.hitlmidi.device;

import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Track;

/** What the session loop needs from playback: the midi package's Player, adapted. */
public interface TrackPlayer extends AutoCloseable {
    /** Hears a track that played to its end (not one stopped or replaced). */
    interface EndListener {
        void ended(long trackId);
    }

    /** Stops what plays (its notes end) and plays {@code track}; returns at once. */
    void play(long trackId, Track track, MidiFiles.Voice voice, boolean loop);

    /** Ends what plays, with note-offs. */
    void stop();

    /** All notes off on every channel. */
    void panic();

    boolean playing();

    void setEndListener(EndListener listener);

    /** Stops, sends note-offs; idempotent. Does not close the port. */
    @Override
    void close();
}

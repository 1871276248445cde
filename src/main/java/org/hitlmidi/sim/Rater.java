package org.hitlmidi.sim;

import java.nio.file.Path;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.Track;

/** A simulated listener: rates a track, given both as a value and as the .mid file a person would hear. */
public interface Rater extends AutoCloseable {
    String name();

    Rating rate(Track track, Path midiFile) throws RaterException;

    @Override
    void close();
}

package org.hitlmidi.learn;

import java.util.random.RandomGenerator;
import org.hitlmidi.music.SongComposer;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;

/**
 * The candidates of a learner that chooses whole tracks: fresh compositions in the session's style, and
 * variations of a given track by musical moves (a new motif or rhythm, denser or sparser, another register,
 * contour, progression, groove, bass line, comping or form, a part on or off, a note a scale step up or down,
 * two notes joined or one split). Every candidate is in the key and fills its bars ({@link SongComposer}).
 * Moves are drawn uniformly: the composer proposes, only the ratings decide.
 */
public final class Composer {
    private final SongComposer song;

    public Composer(TrackParams params) {
        this.song = new SongComposer(params);
    }

    public TrackParams params() {
        return song.params();
    }

    /** A fresh composition in the style. */
    public Track fresh(RandomGenerator rng) {
        return song.fresh(rng);
    }

    /** {@code t} changed by {@code moves} musical moves (a move may leave it unchanged at an edge). */
    public Track vary(Track t, int moves, RandomGenerator rng) {
        Track out = t;
        for (int k = 0; k < moves; k++) {
            out = song.vary(out, rng);
        }
        return out;
    }
}

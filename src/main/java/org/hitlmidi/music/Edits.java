package org.hitlmidi.music;

import java.util.ArrayList;
import java.util.List;

/**
 * The paper's six actions as pure functions of (track, note index). Every edge is defined: an edit that
 * would leave its bounds (pitch range, shortest or longest duration, the last remaining note, a drum step
 * that does not exist) returns the track unchanged, so a learner can always apply any legal action.
 */
public final class Edits {
    private final EditRules rules;
    private final SongComposer musical;

    public Edits(EditRules rules) {
        this(rules, null);
    }

    private Edits(EditRules rules, SongComposer musical) {
        this.rules = rules;
        this.musical = musical;
    }

    /**
     * The same six actions made musical for a composed track (every learner but the paper's): a pitch moves one
     * scale step inside the style's range, a duration change moves a quarter beat between a note and the next
     * one (so the bars stay full), percussion change plays the next groove or drum density, and note removal
     * ties a note to the next one (never below four notes). A track of the paper's kind is edited as before.
     */
    public Edits musical(SongComposer composer) {
        return new Edits(rules, composer);
    }

    public boolean isMusical() {
        return musical != null;
    }

    public EditRules rules() {
        return rules;
    }

    /** Number of note indices an action can address on this track (the melody length). */
    public static int indices(Track t) {
        return t.melody().size();
    }

    /**
     * Applies the action.
     *
     * @throws IllegalArgumentException when the index is not a melody note of the track
     */
    public Track apply(Track track, Action action) {
        int i = action.index();
        if (i >= track.melody().size()) {
            throw new IllegalArgumentException("action " + action + " addresses note " + i
                    + " of a track with " + track.melody().size() + " notes");
        }
        Note n = track.melody().get(i);
        if (musical != null && track.arrangement().barred()) {
            return musical.edit(track, action.type(), i);
        }
        switch (action.type()) {
            case PITCH_UP:
                return n.pitch() >= rules.maxPitch() ? track : replace(track, i, n.withPitch(n.pitch() + 1));
            case PITCH_DOWN:
                return n.pitch() <= rules.minPitch() ? track : replace(track, i, n.withPitch(n.pitch() - 1));
            case DURATION_UP: {
                double d = Math.min(n.duration() + rules.durationStep(), rules.maxDuration());
                return d == n.duration() ? track : replace(track, i, n.withDuration(d));
            }
            case DURATION_DOWN: {
                double d = Math.max(n.duration() - rules.durationStep(), rules.minDuration());
                return d == n.duration() ? track : replace(track, i, n.withDuration(d));
            }
            case PERCUSSION_CHANGE: {
                if (i >= track.percussion().size()) {
                    return track;
                }
                List<DrumHit> p = new ArrayList<>(track.percussion());
                p.set(i, p.get(i).withKey(rules.kit().next(p.get(i).key())));
                return track.withPercussion(p);
            }
            case NOTE_REMOVAL: {
                if (track.melody().size() <= 1) {
                    return track;
                }
                List<Note> m = new ArrayList<>(track.melody());
                m.remove(i);
                return track.withMelody(m);
            }
            case COMPOSE:
                return track; // only a learner composes; see ActionType.COMPOSE
            default:
                throw new AssertionError(action.type());
        }
    }

    private static Track replace(Track t, int i, Note n) {
        List<Note> m = new ArrayList<>(t.melody());
        m.set(i, n);
        return t.withMelody(m);
    }
}

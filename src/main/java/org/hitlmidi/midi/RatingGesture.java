package org.hitlmidi.midi;

import java.util.OptionalInt;

/**
 * A rating given on a controller: the overall rating 1..10, the sub-ratings and the part ratings whose knobs are
 * known (moved for this track).
 *
 * @param byButton true when the {@code rate} button took it, false when the overall knob came to rest
 * @param atNanos  when it was taken, on the listener's clock (System.nanoTime)
 * @param trackId  the track the knobs were set for (the one current at the listener's last new track), or -1
 */
public record RatingGesture(int overall, OptionalInt musicality, OptionalInt novelty, OptionalInt coherence,
                            java.util.Map<org.hitlmidi.music.Part, Integer> parts, boolean byButton, long atNanos,
                            long trackId) {
    public RatingGesture {
        check("overall", OptionalInt.of(overall));
        check("musicality", musicality);
        check("novelty", novelty);
        check("coherence", coherence);
        parts = parts == null || parts.isEmpty() ? java.util.Map.of() : java.util.Map.copyOf(parts);
        parts.forEach((p, v) -> check(p.id(), OptionalInt.of(v)));
    }

    /** No part rated. */
    public RatingGesture(int overall, OptionalInt musicality, OptionalInt novelty, OptionalInt coherence,
                         boolean byButton, long atNanos, long trackId) {
        this(overall, musicality, novelty, coherence, java.util.Map.of(), byButton, atNanos, trackId);
    }

    private static void check(String what, OptionalInt v) {
        if (v.isPresent() && (v.getAsInt() < 1 || v.getAsInt() > 10)) {
            throw new IllegalArgumentException(what + " " + v.getAsInt() + " outside 1..10");
        }
    }
}

package org.hitlmidi.learn;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;
import org.hitlmidi.music.Part;

/**
 * A listener's judgement of one track: overall 1..10, optional sub-ratings 1..10 (musicality, novelty, coherence)
 * and optional ratings 1..10 of single parts (the bass, the drums...). The overall rating is always there: a part
 * rating says which part the listener meant, never replaces the rating of the whole. Which parts a track plays is
 * checked where the track is known (the device refuses a rating of a part the track does not play).
 */
public record Rating(int overall, Map<Aspect, Integer> aspects, Map<Part, Integer> parts) {
    public static final int MIN = 1;
    public static final int MAX = 10;

    public Rating {
        check("overall rating", overall);
        aspects = aspects.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(aspects));
        aspects.forEach((a, v) -> check(a.id(), v));
        parts = parts == null || parts.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(parts));
        parts.forEach((p, v) -> check(p.id() + " rating", v));
    }

    /** Overall and sub-ratings, no part rated. */
    public Rating(int overall, Map<Aspect, Integer> aspects) {
        this(overall, aspects, Map.of());
    }

    public static Rating of(int overall) {
        return new Rating(overall, Map.of());
    }

    public OptionalInt aspect(Aspect a) {
        Integer v = aspects.get(a);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    public OptionalInt part(Part p) {
        Integer v = parts.get(p);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    /** The same rating with these part ratings (replacing any). */
    public Rating withParts(Map<Part, Integer> p) {
        return new Rating(overall, aspects, p);
    }

    static void check(String what, int v) {
        if (v < MIN || v > MAX) {
            throw new IllegalArgumentException(what + " " + v + " outside 1..10");
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(overall);
        for (Aspect a : Aspect.values()) {
            aspect(a).ifPresent(v -> b.append(' ').append(a.id()).append('=').append(v));
        }
        for (Part p : Part.values()) {
            part(p).ifPresent(v -> b.append(' ').append(p.id()).append('=').append(v));
        }
        return b.toString();
    }
}

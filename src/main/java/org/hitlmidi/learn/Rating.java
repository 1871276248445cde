package org.hitlmidi.learn;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/** A listener's judgement of one track: overall 1..10 and optional sub-ratings 1..10. */
public record Rating(int overall, Map<Aspect, Integer> aspects) {
    public static final int MIN = 1;
    public static final int MAX = 10;

    public Rating {
        check("overall rating", overall);
        aspects = aspects.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(aspects));
        aspects.forEach((a, v) -> check(a.id(), v));
    }

    public static Rating of(int overall) {
        return new Rating(overall, Map.of());
    }

    public OptionalInt aspect(Aspect a) {
        Integer v = aspects.get(a);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    private static void check(String what, int v) {
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
        return b.toString();
    }
}

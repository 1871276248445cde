package org.hitlmidi.sim;

import java.util.EnumMap;
import java.util.Map;
import org.hitlmidi.learn.Aspect;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.Part;

/**
 * Parses a rater's answer: "7 musicality=6 novelty=8 coherence=7 bass=3" (overall first; sub-ratings and part
 * ratings, melody= bass= chords= drums=, optional; other names are ignored).
 */
public final class RatingLine {
    private RatingLine() {
    }

    public static Rating parse(String rater, String line) throws RaterException {
        String l = line == null ? "" : line.strip();
        if (l.isEmpty()) {
            throw new RaterException("rater " + rater + " answered an empty line");
        }
        if (l.startsWith("error")) {
            throw new RaterException("rater " + rater + " reported: " + l);
        }
        String[] tokens = l.split("\\s+");
        int overall = score(rater, "overall rating", tokens[0], l);
        Map<Aspect, Integer> aspects = new EnumMap<>(Aspect.class);
        Map<Part, Integer> parts = new EnumMap<>(Part.class);
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq <= 0) {
                throw new RaterException("rater " + rater + " answered '" + l + "': '" + tokens[i] + "' is not name=value");
            }
            String name = tokens[i].substring(0, eq);
            Aspect a = null;
            Part p = null;
            try {
                a = Aspect.parse(name);
            } catch (IllegalArgumentException e) {
                try {
                    p = Part.parse(name);
                } catch (IllegalArgumentException e2) {
                    continue; // sub-ratings we do not learn from are ignored, so raters can say more
                }
            }
            int v = score(rater, name, tokens[i].substring(eq + 1), l);
            if (a != null) {
                aspects.put(a, v);
            } else {
                parts.put(p, v);
            }
        }
        return new Rating(overall, aspects, parts);
    }

    private static int score(String rater, String what, String token, String line) throws RaterException {
        double v;
        try {
            v = Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw new RaterException("rater " + rater + " answered '" + line + "': " + what + " '" + token
                    + "' is not a number 1..10");
        }
        long r = Math.round(v);
        if (!Double.isFinite(v) || r < 1 || r > 10) {
            throw new RaterException("rater " + rater + " answered '" + line + "': " + what + " " + token + " is outside 1..10");
        }
        return (int) r;
    }
}

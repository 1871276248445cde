package org.hitlmidi.sim;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.hitlmidi.learn.Aspect;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackJson;

/**
 * A built-in listener (--rater builtin:NAME) that reads the same profile format as rater.py
 * (presets/raters/*.json: liked features with target, tolerance, weight and aspect; noise; fatigue;
 * repeat penalty) and judges tracks in-process: the fast path for unit tests.
 */
public final class ProfileRater implements Rater {
    private record Like(String feature, double target, double tolerance, double weight, Aspect aspect) {
    }

    private final String name;
    private final List<Like> likes;
    private final double noise;
    private final double fatigueAfter;
    private final double repeatPenalty;
    private final SplittableRandom rng;
    private final Set<String> heard = new HashSet<>();
    /** The human floor every listener shares (as ../shared/raters/rater.py): fragments and one motif over and over. */
    private final int minNotes;
    private final double minBeats;
    private final double boredom;
    private final int boredomWindow;
    private final java.util.ArrayDeque<List<Integer>> recent = new java.util.ArrayDeque<>();
    private int count;

    /** A listener as its profile (checked when bound, {@link RaterConfig}) describes, its noise drawn from {@code seed}. */
    public ProfileRater(RaterConfig profile, long seed) {
        this.name = "builtin:" + profile.name();
        this.noise = profile.noise();
        this.fatigueAfter = profile.fatigueAfter();
        this.repeatPenalty = profile.repeatPenalty();
        this.minNotes = profile.minNotes();
        this.minBeats = profile.minBeats();
        this.boredom = profile.boredom();
        this.boredomWindow = profile.boredomWindow();
        this.rng = new SplittableRandom(seed * 1_000_003L + profile.seed());
        this.likes = new java.util.ArrayList<>();
        profile.likes().forEach((f, spec) -> likes.add(new Like(f, spec.target(), spec.tolerance(), spec.weight(),
                Aspect.parse(spec.aspect()))));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Rating rate(Track track, Path midiFile) {
        Map<String, Double> f = TrackFeatures.of(track);
        double total = 0;
        double weight = 0;
        Map<Aspect, double[]> parts = new EnumMap<>(Aspect.class);
        for (Like l : likes) {
            double s = Math.exp(-Math.pow((f.get(l.feature()) - l.target()) / l.tolerance(), 2));
            parts.computeIfAbsent(l.aspect(), a -> new double[2]);
            parts.get(l.aspect())[0] += s;
            parts.get(l.aspect())[1] += 1;
            total += l.weight() * s;
            weight += l.weight();
        }
        double quality = weight == 0 ? 0 : total / weight;
        // the human floor: under min_notes melody notes or min_beats beats is not yet music; a motif heard again
        // among the last boredom_window tracks bores
        double beats = track.melody().stream().mapToDouble(org.hitlmidi.music.Note::duration).sum();
        for (org.hitlmidi.music.DrumHit h : track.percussion()) {
            beats = Math.max(beats, h.beat() + org.hitlmidi.music.DrumHit.LENGTH);
        }
        quality *= minNotes == 0 ? 1 : Math.min(1.0, track.melody().size() / (double) minNotes);
        quality *= minBeats == 0 ? 1 : Math.min(1.0, beats / minBeats);
        List<Integer> motif = MusicStats.intervals(track);
        if (recent.contains(motif)) {
            quality *= 1 - boredom;
        }
        recent.addLast(motif);
        while (recent.size() > boredomWindow) {
            recent.removeFirst();
        }
        count++;
        double novelty = heard.add(TrackJson.toText(track)) ? 1 : 0;
        quality -= repeatPenalty * (1 - novelty);
        double sd = noise * (1 + count / fatigueAfter);
        Map<Aspect, Integer> subs = new EnumMap<>(Aspect.class);
        Map<Aspect, Double> means = new EnumMap<>(Aspect.class); // the draws in a fixed order (a HashMap's varied by run)
        parts.forEach((a, p) -> means.put(a, p[0] / p[1]));
        means.put(Aspect.NOVELTY, novelty);
        means.forEach((a, v) -> subs.put(a, to10(v, sd)));
        return new Rating(to10(quality, sd), subs);
    }

    private int to10(double q, double sd) {
        return (int) Math.max(1, Math.min(10, Math.round(1 + 9 * q + gauss() * sd)));
    }

    private double gauss() {
        double u = 1 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    @Override
    public void close() {
        // nothing to release
    }
}

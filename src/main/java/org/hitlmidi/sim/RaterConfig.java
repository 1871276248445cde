package org.hitlmidi.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.hitlmidi.preset.Check;
import org.hitlmidi.preset.InvalidField;
import org.hitlmidi.preset.PresetKind;

/**
 * A simulated listener's profile (presets/raters/*.json, the format ../shared/raters/rater.py reads too), bound once
 * ({@link org.hitlmidi.preset.Configs#bind}); the compact constructors are the one place its values are checked.
 *
 * @param likes the liked features in the file's order, each with its target, tolerance, weight and aspect
 */
public record RaterConfig(String name, String about, Integer seed, Double noise,
                          @JsonProperty("fatigue_after") Double fatigueAfter,
                          @JsonProperty("repeat_penalty") Double repeatPenalty, Map<String, Like> likes,
                          @JsonProperty("min_notes") Integer minNotes, @JsonProperty("min_beats") Double minBeats,
                          Double boredom, @JsonProperty("boredom_window") Integer boredomWindow) {
    public static final PresetKind<RaterConfig> KIND = new PresetKind<>("raters", RaterConfig.class);
    /** The features a like may name: those {@link TrackFeatures} measures. */
    static final Set<String> FEATURES = TrackFeatures.of(new Track(List.of(new Note(60, 1)), List.of(), 120)).keySet();

    public RaterConfig {
        name = Check.presetName("name", name);
        about = about == null ? "" : about;
        seed = Check.in("seed", seed, 0, Integer.MAX_VALUE, 0);
        noise = Check.in("noise", noise, 0, 10, 0.5);
        fatigueAfter = Check.in("fatigue_after", fatigueAfter, 1, 1e12, 1e9);
        repeatPenalty = Check.in("repeat_penalty", repeatPenalty, 0, 1, 0.0);
        Check.required("likes", likes);
        if (likes.isEmpty()) {
            throw new InvalidField("likes", "must name at least one feature");
        }
        for (Map.Entry<String, Like> e : likes.entrySet()) {
            if (!FEATURES.contains(e.getKey())) {
                throw new InvalidField("likes." + e.getKey(), "is not a feature; known: " + FEATURES);
            }
            if (e.getValue() == null) {
                throw new InvalidField("likes." + e.getKey(), "must be an object (target, tolerance, weight, aspect)");
            }
        }
        likes = Collections.unmodifiableMap(new LinkedHashMap<>(likes));
        minNotes = Check.in("min_notes", minNotes, 0, 1000, 4);
        minBeats = Check.in("min_beats", minBeats, 0, 1000, 4.0);
        boredom = Check.in("boredom", boredom, 0, 1, 0.3);
        boredomWindow = Check.in("boredom_window", boredomWindow, 0, 10_000, 20);
    }

    /** One liked feature: how near {@code target} (within {@code tolerance}) it pleases, by {@code weight}. */
    public record Like(Double target, Double tolerance, Double weight, String aspect) {
        public Like {
            target = Check.in("target", target, -1e6, 1e6, null);
            tolerance = Check.in("tolerance", tolerance, 1e-9, 1e6, null);
            weight = Check.in("weight", weight, 0, 1e6, null);
            aspect = Check.oneOf("aspect", aspect, List.of("musicality", "novelty", "coherence"), "musicality");
        }
    }
}

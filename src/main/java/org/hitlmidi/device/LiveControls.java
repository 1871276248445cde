package org.hitlmidi.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.hitlmidi.midi.Control;
import org.hitlmidi.music.Part;
import org.hitlmidi.music.Pitches;
import org.hitlmidi.music.Scale;

/**
 * How a knob's CC value 0..127 sets a device parameter, and back (the value the device holds, for pickup):
 * docs/controllers.md lists the rules. Fine values (tempo 60 + CC, the 0..1 ones CC / 127, intensity 0..2 with
 * the middle CC 64 at 1) and banded ones (density 5 bands, register 4, key 12, a scale per band, a style per
 * band) whose CC is each band's middle. The parameters the style or the composer may choose (swing, humanize,
 * density, register) have "auto" at the bottom of the knob: CC 0 for swing and humanize (1..127 is 0..1), the
 * lowest band for density and register; there the parameter goes back to the style's or the composer's (null).
 */
final class LiveControls {
    static final double MIN_TEMPO = 60;

    private LiveControls() {
    }

    /** The parameter a knob sets (a `params` field), or empty for a rating knob. */
    static Optional<String> param(Control c) {
        return switch (c) {
            case TEMPO -> Optional.of("tempo");
            case SWING -> Optional.of("swing");
            case HUMANIZE -> Optional.of("humanize");
            case DENSITY -> Optional.of("density");
            case REGISTER -> Optional.of("register");
            case INTENSITY -> Optional.of("intensity");
            case LEVEL_MELODY, LEVEL_BASS, LEVEL_CHORDS, LEVEL_DRUMS -> Optional.of(LiveParams.levelName(part(c)));
            case KEY -> Optional.of("base");
            case SCALE -> Optional.of("scale");
            case STYLE -> Optional.of("style");
            case EXPLORATION -> Optional.of("exploration");
            default -> Optional.empty();
        };
    }

    /** The part of a level or mute control. */
    static Part part(Control c) {
        return Part.parse(c.key().substring(c.key().indexOf('_') + 1));
    }

    /** The bands a knob's value comes in (0 for a fine value). */
    static int bands(Control c, int styles) {
        return switch (c) {
            case DENSITY -> 5;
            case REGISTER -> 4;
            case KEY -> 12;
            case SCALE -> Scale.values().length;
            case STYLE -> Math.max(1, styles);
            default -> 0;
        };
    }

    static int band(int cc, int bands) {
        return cc * bands / 128;
    }

    /** The CC in the middle of band {@code i} of {@code bands}. */
    static int middle(int i, int bands) {
        int lo = (i * 128 + bands - 1) / bands;
        int hi = ((i + 1) * 128 + bands - 1) / bands - 1;
        return (lo + hi) / 2;
    }

    /**
     * Puts into {@code set} what knob {@code c} at {@code cc} asks for, given the parameters in force
     * ({@code params}, as `status` shows them) and the styles there are (sorted).
     */
    static void put(ObjectNode set, Control c, int cc, JsonNode params, List<String> styles) {
        switch (c) {
            case TEMPO -> set.put("tempo", MIN_TEMPO + cc);
            case SWING, HUMANIZE -> {
                if (cc == 0) {
                    set.putNull(param(c).orElseThrow()); // auto: the style's
                } else {
                    set.put(param(c).orElseThrow(), (cc - 1) / 126.0);
                }
            }
            case EXPLORATION, LEVEL_MELODY, LEVEL_BASS, LEVEL_CHORDS, LEVEL_DRUMS ->
                    set.put(param(c).orElseThrow(), cc / 127.0);
            case INTENSITY -> set.put("intensity", cc <= 64 ? cc / 64.0 : 1 + (cc - 64) / 63.0);
            case DENSITY, REGISTER -> {
                int b = band(cc, bands(c, 0));
                if (b == 0) {
                    set.putNull(param(c).orElseThrow()); // auto: the composer's
                } else {
                    set.put(param(c).orElseThrow(), b - 1 + (c == Control.REGISTER ? -1 : 0));
                }
            }
            case KEY -> {
                int base = Pitches.parse(params.path("base").asText("C4"));
                int pc = band(cc, 12);
                int note = base - Math.floorMod(base, 12) + pc;
                set.put("base", Pitches.name(Math.max(0, Math.min(127, note))));
            }
            case SCALE -> set.put("scale", Scale.values()[band(cc, Scale.values().length)].id());
            case STYLE -> {
                if (!styles.isEmpty()) {
                    set.put("style", styles.get(Math.min(styles.size() - 1, band(cc, styles.size()))));
                }
            }
            default -> throw new IllegalArgumentException(c.key() + " sets no parameter");
        }
    }

    /**
     * The CC value of the parameter knob {@code c} sets, as it is in force: what the knob must reach to pick it up.
     * Empty when the parameter is left to the style or composer (null, "auto"), which a knob then takes over at once
     * (its auto position, the bottom, is no value to pick up).
     */
    static Optional<Integer> cc(Control c, JsonNode params, List<String> styles) {
        Optional<String> name = param(c);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        JsonNode v = params.get(name.get());
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        return Optional.of(switch (c) {
            case TEMPO -> clamp((int) Math.round(v.asDouble() - MIN_TEMPO));
            case INTENSITY -> {
                double x = v.asDouble();
                yield clamp((int) Math.round(x <= 1 ? x * 64 : 64 + (x - 1) * 63));
            }
            case SWING, HUMANIZE -> clamp(1 + (int) Math.round(v.asDouble() * 126));
            case DENSITY -> middle(v.asInt() + 1, 5);
            case REGISTER -> middle(v.asInt() + 2, 4);
            case KEY -> middle(Math.floorMod(Pitches.parse(v.asText()), 12), 12);
            case SCALE -> {
                Scale s = Scale.parse(v.asText());
                yield middle(s.ordinal(), Scale.values().length);
            }
            case STYLE -> {
                int i = styles.indexOf(v.asText());
                if (i < 0) {
                    yield -1;
                }
                yield middle(i, styles.size());
            }
            default -> clamp((int) Math.round(v.asDouble() * 127));
        }).filter(x -> x >= 0);
    }

    private static int clamp(int cc) {
        return Math.max(0, Math.min(127, cc));
    }
}

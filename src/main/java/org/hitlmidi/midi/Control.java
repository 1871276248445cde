package org.hitlmidi.midi;

import java.util.Locale;

/**
 * What a controller's knob, fader, pad or button does (docs/controllers.md): rating knobs, the live controls
 * (knobs that set a device parameter, with pickup), and buttons (a press each).
 */
public enum Control {
    OVERALL(Kind.RATING), MUSICALITY(Kind.RATING), NOVELTY(Kind.RATING), COHERENCE(Kind.RATING),
    EXPLORATION(Kind.KNOB),
    RATE(Kind.BUTTON), NEXT(Kind.BUTTON), REPLAY(Kind.BUTTON), UNDO(Kind.BUTTON), KEEP(Kind.BUTTON), PANIC(Kind.BUTTON),
    // the live controls (issue 15): knobs
    TEMPO(Kind.KNOB), SWING(Kind.KNOB), DENSITY(Kind.KNOB), REGISTER(Kind.KNOB), INTENSITY(Kind.KNOB),
    HUMANIZE(Kind.KNOB), LEVEL_MELODY(Kind.KNOB), LEVEL_BASS(Kind.KNOB), LEVEL_CHORDS(Kind.KNOB),
    LEVEL_DRUMS(Kind.KNOB), KEY(Kind.KNOB), SCALE(Kind.KNOB), STYLE(Kind.KNOB),
    // ... and buttons
    MUTE_MELODY(Kind.BUTTON), MUTE_BASS(Kind.BUTTON), MUTE_CHORDS(Kind.BUTTON), MUTE_DRUMS(Kind.BUTTON),
    LOOP(Kind.BUTTON), VARIATION(Kind.BUTTON), REGENERATE(Kind.BUTTON), STYLE_NEXT(Kind.BUTTON),
    STYLE_PREVIOUS(Kind.BUTTON), KEY_UP(Kind.BUTTON), KEY_DOWN(Kind.BUTTON), SCALE_NEXT(Kind.BUTTON),
    STYLE_1(Kind.BUTTON), STYLE_2(Kind.BUTTON), STYLE_3(Kind.BUTTON), STYLE_4(Kind.BUTTON), STYLE_5(Kind.BUTTON),
    STYLE_6(Kind.BUTTON), STYLE_7(Kind.BUTTON), STYLE_8(Kind.BUTTON),
    /** Switches the controller between its two layers (docs/controllers.md). */
    LAYER(Kind.BUTTON),
    /** Arms saving: the next scene pad saves the scene there instead of recalling it. */
    SCENE_SAVE(Kind.BUTTON),
    SCENE_1(Kind.BUTTON), SCENE_2(Kind.BUTTON), SCENE_3(Kind.BUTTON), SCENE_4(Kind.BUTTON), SCENE_5(Kind.BUTTON),
    SCENE_6(Kind.BUTTON), SCENE_7(Kind.BUTTON), SCENE_8(Kind.BUTTON), SCENE_9(Kind.BUTTON), SCENE_10(Kind.BUTTON),
    SCENE_11(Kind.BUTTON), SCENE_12(Kind.BUTTON), SCENE_13(Kind.BUTTON), SCENE_14(Kind.BUTTON),
    SCENE_15(Kind.BUTTON), SCENE_16(Kind.BUTTON),
    /** Key follow and chord follow on or off (each press toggles; the DAW's lane: 64 and up is on). */
    KEY_FOLLOW(Kind.BUTTON), CHORD_FOLLOW(Kind.BUTTON),
    /** The part knobs: a rating of one part, sent with the overall rating when moved for this track. */
    PART_MELODY(Kind.RATING), PART_BASS(Kind.RATING), PART_CHORDS(Kind.RATING), PART_DRUMS(Kind.RATING);

    /** A rating knob, a knob that sets a parameter, or a button. */
    public enum Kind {
        RATING, KNOB, BUTTON
    }

    private final Kind kind;

    Control(Kind kind) {
        this.kind = kind;
    }

    public boolean isButton() {
        return kind == Kind.BUTTON;
    }

    /** A rating knob: overall or a sub-rating. */
    public boolean isRating() {
        return kind == Kind.RATING;
    }

    /** A scene pad's number 1..16, or 0 for any other control. */
    public int scene() {
        return name().startsWith("SCENE_") && this != SCENE_SAVE ? Integer.parseInt(name().substring(6)) : 0;
    }

    /** A style pad's number 1..8, or 0 for any other control. */
    public int stylePad() {
        return name().matches("STYLE_[0-9]+") ? Integer.parseInt(name().substring(6)) : 0;
    }

    /** The name in mapping files, e.g. "overall", "level_bass", "scene_3", "rate.part.bass". */
    public String key() {
        return part().map(p -> "rate.part." + p.id()).orElse(name().toLowerCase(Locale.ROOT));
    }

    /** The part a part knob rates; empty for every other control. */
    public java.util.Optional<org.hitlmidi.music.Part> part() {
        return name().startsWith("PART_") ? java.util.Optional.of(org.hitlmidi.music.Part.valueOf(name().substring(5)))
                : java.util.Optional.empty();
    }

    public static Control ofKey(String key) {
        for (Control c : values()) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no control named '" + key + "'");
    }

    /** Every control's key, for error messages: "overall, musicality, ...". */
    public static String keys() {
        StringBuilder b = new StringBuilder();
        for (Control c : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(c.key());
        }
        return b.toString();
    }
}

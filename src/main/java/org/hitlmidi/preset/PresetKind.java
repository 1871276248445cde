package org.hitlmidi.preset;

/**
 * A kind of preset: its folder under presets/ ("learners", "styles", ...) and the config record its files are bound
 * to ({@link Configs#bind}). Each kind's record is declared by the package that uses it (the learners' in learn, the
 * controllers' in midi, ...), with its KIND.
 */
public record PresetKind<T>(String folder, Class<T> type) {
}

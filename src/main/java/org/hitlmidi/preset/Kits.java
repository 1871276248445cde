package org.hitlmidi.preset;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hitlmidi.music.DrumKit;

/**
 * Drum kit presets (presets/kits/*.json): the keys that "percussion change" cycles through. A kit is bound once to
 * {@link Config}, whose compact constructor is the one place it is checked ({@link Configs#bind}: errors name the
 * file and the field).
 */
public final class Kits {
    public static final PresetKind<Config> KIND = new PresetKind<>("kits", Config.class);

    /** A kit preset: its name, what it is, and its General MIDI drum keys (1 or more, each 0..127, none twice). */
    public record Config(String name, String about, List<Integer> keys) {
        public Config {
            name = Check.presetName("name", name);
            about = about == null ? "" : about;
            Check.required("keys", keys);
            if (keys.isEmpty()) {
                throw new InvalidField("keys", "must have at least 1 key");
            }
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < keys.size(); i++) {
                int k = Check.in("keys[" + i + "]", keys.get(i), 0, 127, null);
                if (!seen.add(k)) {
                    throw new InvalidField("keys[" + i + "]", k + " is listed twice");
                }
            }
            keys = List.copyOf(keys);
        }
    }

    private Kits() {
    }

    public static DrumKit load(Presets presets, String name) {
        Config c = presets.load(KIND, name);
        return new DrumKit(c.name(), c.keys());
    }
}

package org.hitlmidi.preset;

import java.util.ArrayList;
import java.util.List;
import org.hitlmidi.music.DrumKit;

/** Drum kit presets (presets/kits/*.json): the keys that "percussion change" cycles through. */
public final class Kits {
    private Kits() {
    }

    public static DrumKit load(Presets presets, String name) {
        Preset k = presets.load("kits", name);
        List<Integer> keys = new ArrayList<>();
        for (var n : k.json().path("keys")) {
            if (!n.canConvertToInt()) {
                throw k.error("keys", "must be a list of MIDI drum keys 0..127");
            }
            keys.add(n.asInt());
        }
        return new DrumKit(k.text("name"), keys);
    }
}

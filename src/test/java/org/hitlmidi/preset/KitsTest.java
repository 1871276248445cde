package org.hitlmidi.preset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.hitlmidi.music.DrumKit;
import org.junit.jupiter.api.Test;

/** Every shipped kit binds to its config record and gives the drum kit its file names. */
class KitsTest {
    @Test
    void everyShippedKitBindsToItsKeys() {
        Presets presets = Presets.builtInOnly();
        assertThat(presets.names("kits")).contains("paper", "rock");
        for (String name : presets.names("kits")) {
            var json = presets.file("kits", name).json();
            List<Integer> keys = new ArrayList<>();
            json.get("keys").forEach(k -> keys.add(k.asInt()));
            assertThat(Kits.load(presets, name)).as(name).isEqualTo(new DrumKit(json.get("name").asText(), keys));
        }
    }
}

package org.hitlmidi.preset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.hitlmidi.music.DrumKit;

/**
 * Drum kit presets (presets/kits/*.json): the keys that "percussion change" cycles through. A kit is checked in one
 * place, its schema (kits.schema.json, when {@link Presets#load} reads it: errors name the file and the field), then
 * bound to {@link Config}.
 */
public final class Kits {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** A kit preset as its file has it. */
    public record Config(String name, String about, List<Integer> keys) {
    }

    private Kits() {
    }

    public static DrumKit load(Presets presets, String name) {
        Preset k = presets.load("kits", name); // checked against the schema
        Config c;
        try {
            c = JSON.treeToValue(k.json(), Config.class);
        } catch (JsonProcessingException e) { // the schema let through what the record cannot hold: a bug of ours
            throw new IllegalStateException(k.source() + ": passed kits.schema.json but does not bind: "
                    + e.getOriginalMessage(), e);
        }
        return new DrumKit(c.name(), c.keys());
    }
}

package org.hitlmidi.music;

import java.util.List;

/**
 * The drum keys that "percussion change" cycles through, in order. The paper's kit is
 * acoustic snare (38) and acoustic bass drum (35), so a change toggles between them.
 */
public record DrumKit(String name, List<Integer> keys) {
    public static final DrumKit PAPER = new DrumKit("paper", List.of(38, 35));

    public DrumKit {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("drum kit '" + name + "' has no keys");
        }
        if (keys.stream().distinct().count() != keys.size()) {
            throw new IllegalArgumentException("drum kit '" + name + "' lists a key twice");
        }
        for (int k : keys) {
            if (k < 0 || k > 127) {
                throw new IllegalArgumentException("drum kit '" + name + "' key " + k + " outside 0..127");
            }
        }
    }

    /** The key after {@code key} in the cycle; a key not in the kit goes to the kit's first key. */
    public int next(int key) {
        int i = keys.indexOf(key);
        return keys.get((i + 1) % keys.size());
    }
}

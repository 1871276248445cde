package org.hitlmidi.midi;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hitlmidi.preset.Check;
import org.hitlmidi.preset.InvalidField;
import org.hitlmidi.preset.PresetKind;

/**
 * A controller mapping preset (presets/controllers/*.json, docs/controllers.md) as its file has it, bound once
 * ({@link org.hitlmidi.preset.Configs#bind}); the compact constructors are the one place it is checked: every
 * control a known one, each on a CC or a note, and no two on one CC or note of a layer ({@link ControllerMapping#clash}).
 *
 * @param source  where the numbers come from (a manual, a map), for the reader
 * @param channel the MIDI channel (1..16) of every control that names none
 * @param layer2  the second layer's controls (absent: none)
 */
public record ControllerConfig(String name, String about, String source, Integer channel,
                               Map<String, Binding> controls, Commit commit, Map<String, Binding> layer2) {
    public static final PresetKind<ControllerConfig> KIND = new PresetKind<>("controllers", ControllerConfig.class);

    public ControllerConfig {
        name = Check.presetName("name", name);
        about = about == null ? "" : about;
        if (source != null && source.isEmpty()) {
            throw new InvalidField("source", "must not be empty (or leave it out)");
        }
        channel = Check.in("channel", channel, 1, 16, null);
        controls = layer("controls", Check.required("controls", controls));
        commit = commit == null ? new Commit(null) : commit;
        layer2 = layer2 == null ? Map.of() : layer("layer2", layer2);
        Optional<String> clash = mapping(name, about, channel, controls, layer2, commit.restMs()).clash();
        if (clash.isPresent()) {
            throw new InvalidField("", clash.get());
        }
    }

    private static Map<String, Binding> layer(String field, Map<String, Binding> m) {
        if (m.isEmpty()) {
            throw new InvalidField(field, "must bind at least 1 control");
        }
        for (Map.Entry<String, Binding> e : m.entrySet()) {
            try {
                Control.ofKey(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new InvalidField(field + "." + e.getKey(), "is not a control; known: " + Control.keys());
            }
            if (e.getValue() == null) {
                throw new InvalidField(field + "." + e.getKey(), "must be {\"cc\": 0..127} or {\"note\": 0..127}");
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }

    /** The mapping the preset describes. */
    public ControllerMapping mapping() {
        return mapping(name, about, channel, controls, layer2, commit.restMs());
    }

    private static ControllerMapping mapping(String name, String about, int channel, Map<String, Binding> controls,
                                             Map<String, Binding> layer2, int restMs) {
        return new ControllerMapping(name, about, bindings(controls, channel), bindings(layer2, channel), restMs);
    }

    private static Map<Control, ControlBinding> bindings(Map<String, Binding> m, int channel) {
        Map<Control, ControlBinding> out = new EnumMap<>(Control.class);
        m.forEach((k, b) -> out.put(Control.ofKey(k), b.binding(channel)));
        return out;
    }

    /** One control: a CC or a note (0..127), on its own channel or the mapping's. */
    public record Binding(Integer cc, Integer note, Integer channel) {
        public Binding {
            if ((cc == null) == (note == null)) {
                throw new InvalidField("", "must have \"cc\" (0..127) or \"note\" (0..127), one of them");
            }
            cc = cc == null ? null : Check.in("cc", cc, 0, 127, null);
            note = note == null ? null : Check.in("note", note, 0, 127, null);
            channel = channel == null ? null : Check.in("channel", channel, 1, 16, null);
        }

        ControlBinding binding(int mappingChannel) {
            int ch = channel != null ? channel : mappingChannel;
            return note != null ? ControlBinding.note(ch, note) : ControlBinding.cc(ch, cc);
        }
    }

    /** The commit rule: a rating knob left alone for {@code restMs} (0..60000, default 800) is a rating. */
    public record Commit(Integer restMs) {
        public Commit {
            restMs = Check.in("restMs", restMs, 0, 60_000, ControllerMapping.DEFAULT_REST_MS);
        }
    }
}

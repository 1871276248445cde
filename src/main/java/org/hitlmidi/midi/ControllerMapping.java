package org.hitlmidi.midi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.hitlmidi.preset.Preset;

/**
 * A controller mapping (docs/controllers.md): which CC or note drives which {@link Control}, and the rest time of
 * the commit rule. Immutable; MIDI-learn makes a new one with {@link #with}.
 */
public record ControllerMapping(String name, String about, Map<Control, ControlBinding> controls, int restMs) {
    public static final int DEFAULT_REST_MS = 800;

    public ControllerMapping {
        Map<Control, ControlBinding> copy = new EnumMap<>(Control.class);
        copy.putAll(controls);
        controls = Collections.unmodifiableMap(copy);
        if (restMs < 0 || restMs > 60_000) {
            throw new IllegalArgumentException("restMs " + restMs + " outside 0..60000");
        }
    }

    /** From a preset already checked against the controllers schema (Presets.load does). */
    public static ControllerMapping from(Preset p) {
        int channel = p.integer("channel", 1, 16);
        Map<Control, ControlBinding> controls = new EnumMap<>(Control.class);
        Preset cs = p.object("controls");
        Iterator<String> names = cs.json().fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            Control c;
            try {
                c = Control.ofKey(key);
            } catch (IllegalArgumentException e) {
                throw cs.error(key, "is not a control; known: overall, musicality, novelty, coherence, exploration, "
                        + "rate, next, replay, undo, keep, panic");
            }
            Preset one = cs.object(key);
            int ch = one.integer("channel", 1, 16, channel);
            boolean note = one.has("note");
            controls.put(c, new ControlBinding(ch, note, one.integer(note ? "note" : "cc", 0, 127)));
        }
        int rest = p.has("commit") ? p.object("commit").integer("restMs", 0, 60_000, DEFAULT_REST_MS) : DEFAULT_REST_MS;
        ControllerMapping m = new ControllerMapping(p.text("name"), p.text("about", ""), controls, rest);
        Optional<String> clash = m.clash();
        if (clash.isPresent()) {
            throw new org.hitlmidi.preset.PresetException(p.source() + ": " + clash.get());
        }
        return m;
    }

    /** Two controls on one CC or note would fire together: named, so a mapping file can be fixed. */
    public Optional<String> clash() {
        Map<ControlBinding, Control> seen = new java.util.HashMap<>();
        for (Map.Entry<Control, ControlBinding> e : controls.entrySet()) {
            Control other = seen.put(e.getValue(), e.getKey());
            if (other != null) {
                return Optional.of("controls '" + other.key() + "' and '" + e.getKey().key() + "' are both on "
                        + e.getValue());
            }
        }
        return Optional.empty();
    }

    /** The control on this binding, if any. */
    public Optional<Control> controlAt(ControlBinding b) {
        for (Map.Entry<Control, ControlBinding> e : controls.entrySet()) {
            if (e.getValue().equals(b)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** This mapping with {@code control} moved to {@code binding}; a control that was there is unbound. */
    public ControllerMapping with(Control control, ControlBinding binding) {
        Map<Control, ControlBinding> m = new EnumMap<>(Control.class);
        m.putAll(controls);
        m.values().remove(binding);
        m.put(control, binding);
        return new ControllerMapping(name, about, m, restMs);
    }

    public ControllerMapping withName(String n) {
        return new ControllerMapping(n, about, controls, restMs);
    }

    /** The mapping file (the format of presets/controllers/), with one default channel and per-control channels. */
    public ObjectNode toJson() {
        ObjectMapper om = new ObjectMapper();
        ObjectNode o = om.createObjectNode();
        o.put("name", name);
        if (!about.isEmpty()) {
            o.put("about", about);
        }
        int channel = controls.values().stream().mapToInt(ControlBinding::channel).boxed()
                .collect(java.util.stream.Collectors.groupingBy(c -> c, java.util.stream.Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(1);
        o.put("channel", channel);
        ObjectNode cs = o.putObject("controls");
        for (Map.Entry<Control, ControlBinding> e : controls.entrySet()) {
            ObjectNode c = cs.putObject(e.getKey().key());
            c.put(e.getValue().note() ? "note" : "cc", e.getValue().number());
            if (e.getValue().channel() != channel) {
                c.put("channel", e.getValue().channel());
            }
        }
        o.putObject("commit").put("restMs", restMs);
        return o;
    }

    /** Saves as {@code <dir>/<name>.json} atomically (where MIDI-learn keeps a user's mapping). */
    public Path save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(name + ".json");
        Path tmp = Files.createTempFile(dir, ".learn-", ".json.tmp");
        try {
            Files.writeString(tmp, toJson().toPrettyString() + "\n");
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    /** CC 0..127 to rating 1..10: 1 + floor(value x 10 / 128) (docs/controllers.md). */
    public static int rating(int ccValue) {
        if (ccValue < 0 || ccValue > 127) {
            throw new IllegalArgumentException("CC value " + ccValue + " outside 0..127");
        }
        return 1 + ccValue * 10 / 128;
    }

    /** The CC value in the middle of a rating's band, for showing a held rating on a controller or in pickup. */
    public static int ccOf(int rating) {
        if (rating < 1 || rating > 10) {
            throw new IllegalArgumentException("rating " + rating + " outside 1..10");
        }
        int lo = ((rating - 1) * 128 + 9) / 10;
        int hi = (rating * 128 + 9) / 10 - 1;
        return (lo + hi) / 2;
    }
}

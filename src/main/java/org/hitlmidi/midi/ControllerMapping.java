package org.hitlmidi.midi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A controller mapping (docs/controllers.md): which CC or note drives which {@link Control}, on the first layer
 * and on the second ({@code layer2}: while the {@link Control#LAYER} button has switched to it, a binding there
 * takes over its CC or note; the rest of the first layer stays), and the rest time of the commit rule.
 * Immutable; MIDI-learn makes a new one with {@link #with}.
 */
public record ControllerMapping(String name, String about, Map<Control, ControlBinding> controls,
                                Map<Control, ControlBinding> layer2, int restMs) {
    public static final int DEFAULT_REST_MS = 800;

    public ControllerMapping {
        controls = copy(controls);
        layer2 = copy(layer2);
        if (restMs < 0 || restMs > 60_000) {
            throw new IllegalArgumentException("restMs " + restMs + " outside 0..60000");
        }
    }

    /** One layer only. */
    public ControllerMapping(String name, String about, Map<Control, ControlBinding> controls, int restMs) {
        this(name, about, controls, Map.of(), restMs);
    }

    private static Map<Control, ControlBinding> copy(Map<Control, ControlBinding> m) {
        Map<Control, ControlBinding> copy = new EnumMap<>(Control.class);
        copy.putAll(m);
        return Collections.unmodifiableMap(copy);
    }

    /** The controls of a layer (1 or 2). */
    public Map<Control, ControlBinding> layer(int n) {
        return n == 2 ? layer2 : controls;
    }

    /** Whether a control is bound on either layer. */
    public boolean binds(Control c) {
        return controls.containsKey(c) || layer2.containsKey(c);
    }

    /** The mapping a controller preset describes (checked when bound: {@link ControllerConfig}). */
    public static ControllerMapping from(ControllerConfig c) {
        return c.mapping();
    }

    /**
     * Two controls on one CC or note of a layer would fire together, and the layer button must be where both
     * layers can reach it: named, so a mapping file can be fixed.
     */
    public Optional<String> clash() {
        for (int layer = 1; layer <= 2; layer++) {
            Map<ControlBinding, Control> seen = new java.util.HashMap<>();
            for (Map.Entry<Control, ControlBinding> e : layer(layer).entrySet()) {
                Control other = seen.put(e.getValue(), e.getKey());
                if (other != null) {
                    return Optional.of("controls '" + other.key() + "' and '" + e.getKey().key() + "' are both on "
                            + e.getValue() + (layer == 2 ? " in layer2" : ""));
                }
            }
        }
        if (!layer2.isEmpty() && !controls.containsKey(Control.LAYER)) {
            return Optional.of("a mapping with a layer2 needs a 'layer' button in its controls (to switch layers)");
        }
        if (layer2.containsKey(Control.LAYER)) {
            return Optional.of("the 'layer' button belongs in controls (layer 1), where it switches both ways");
        }
        ControlBinding layerButton = controls.get(Control.LAYER);
        for (Map.Entry<Control, ControlBinding> e : layer2.entrySet()) {
            if (e.getValue().equals(layerButton)) {
                return Optional.of("layer2's '" + e.getKey().key() + "' is on the layer button's " + layerButton);
            }
        }
        return Optional.empty();
    }

    /** The control on this binding in the first layer, if any. */
    public Optional<Control> controlAt(ControlBinding b) {
        return controlAt(b, 1);
    }

    /** The control on this binding when {@code layer} (1 or 2) is active: layer 2's own, else layer 1's. */
    public Optional<Control> controlAt(ControlBinding b, int layer) {
        if (layer == 2) {
            for (Map.Entry<Control, ControlBinding> e : layer2.entrySet()) {
                if (e.getValue().equals(b)) {
                    return Optional.of(e.getKey());
                }
            }
        }
        for (Map.Entry<Control, ControlBinding> e : controls.entrySet()) {
            if (e.getValue().equals(b)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** This mapping with {@code control} moved to {@code binding} in layer 1; a control that was there is unbound. */
    public ControllerMapping with(Control control, ControlBinding binding) {
        return with(control, binding, 1);
    }

    /**
     * This mapping with {@code control} moved to {@code binding} in {@code layer} (1 or 2; the layer button always
     * in 1); a control that was on that binding in that layer is unbound, and the control leaves the other layer.
     */
    public ControllerMapping with(Control control, ControlBinding binding, int layer) {
        int in = control == Control.LAYER ? 1 : layer;
        Map<Control, ControlBinding> one = new EnumMap<>(Control.class);
        one.putAll(controls);
        Map<Control, ControlBinding> two = new EnumMap<>(Control.class);
        two.putAll(layer2);
        Map<Control, ControlBinding> target = in == 2 ? two : one;
        target.values().remove(binding);
        (in == 2 ? one : two).remove(control);
        target.put(control, binding);
        if (control == Control.LAYER) {
            two.values().remove(binding); // the layer button is reached from both layers
        }
        return new ControllerMapping(name, about, one, two, restMs);
    }

    public ControllerMapping withName(String n) {
        return new ControllerMapping(n, about, controls, layer2, restMs);
    }

    /** The mapping file (the format of presets/controllers/), with one default channel and per-control channels. */
    public ObjectNode toJson() {
        ObjectMapper om = new ObjectMapper();
        ObjectNode o = om.createObjectNode();
        o.put("name", name);
        if (!about.isEmpty()) {
            o.put("about", about);
        }
        int channel = java.util.stream.Stream.concat(controls.values().stream(), layer2.values().stream())
                .mapToInt(ControlBinding::channel).boxed()
                .collect(java.util.stream.Collectors.groupingBy(c -> c, java.util.stream.Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(1);
        o.put("channel", channel);
        put(o.putObject("controls"), controls, channel);
        if (!layer2.isEmpty()) {
            put(o.putObject("layer2"), layer2, channel);
        }
        o.putObject("commit").put("restMs", restMs);
        return o;
    }

    private static void put(ObjectNode cs, Map<Control, ControlBinding> controls, int channel) {
        for (Map.Entry<Control, ControlBinding> e : controls.entrySet()) {
            ObjectNode c = cs.putObject(e.getKey().key());
            c.put(e.getValue().note() ? "note" : "cc", e.getValue().number());
            if (e.getValue().channel() != channel) {
                c.put("channel", e.getValue().channel());
            }
        }
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

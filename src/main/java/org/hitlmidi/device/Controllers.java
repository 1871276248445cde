package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.learn.Aspect;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.midi.Control;
import org.hitlmidi.midi.ControlBinding;
import org.hitlmidi.midi.ControllerConfig;
import org.hitlmidi.midi.ControllerListener;
import org.hitlmidi.midi.ControllerMapping;
import org.hitlmidi.midi.RatingGesture;
import org.hitlmidi.preset.PresetException;
import org.hitlmidi.preset.Presets;

/**
 * The device's hardware controller: a {@link ControllerListener} on the port's input whose ratings and buttons
 * become session actions (source "cc"), and MIDI-learn, which binds a control to the next knob or pad that
 * moves and saves the mapping as a controller preset in {@code <data dir>/presets/controllers/}.
 */
final class Controllers implements ControllerListener.Events, AutoCloseable {
    /** The mapping MIDI-learn saves into when no other was loaded; loaded again at the next start. */
    static final String LEARNED = "learned";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Device device;
    private final Device.Events events;
    private final Consumer<String> log;
    private final Presets presets;
    private final Path presetDir;
    private final DeviceSettings settings;
    private final ControllerListener listener;

    /**
     * @param requested the mapping asked for at start ({@code --controller}); it must load, else the device does
     *                  not start. Without it: the one chosen last (by the option or a `controller` request, kept
     *                  in the {@link DeviceSettings}), else the learned one, else an empty one.
     */
    Controllers(Device device, Device.Events events, Consumer<String> log, Presets presets, Path dataDir,
                DeviceSettings settings, Optional<String> requested) {
        this.device = device;
        this.events = events;
        this.log = log;
        this.presets = presets;
        this.presetDir = dataDir.resolve("presets").resolve("controllers");
        this.settings = settings;
        ControllerMapping first;
        if (requested.isPresent()) {
            first = load(requested.get());
            remember(first.name());
        } else {
            first = remembered().flatMap(this::tryLoad).or(() -> tryLoad(LEARNED)).orElseGet(Controllers::empty);
        }
        log.accept("controller mapping '" + first.name() + "' (" + first.controls().size() + " controls)");
        this.listener = new ControllerListener(first, this);
    }

    private static ControllerMapping empty() {
        return new ControllerMapping(LEARNED, "", Map.of(), ControllerMapping.DEFAULT_REST_MS);
    }

    /** A mapping by name (the user's first, then the built-in ones); a clear error naming the known ones. */
    private ControllerMapping load(String name) {
        ControllerMapping m = presets.load(ControllerConfig.KIND, name).mapping();
        // MIDI-learn saves under the mapping's name: a file path's name must stay a plain preset name
        return name.equals(m.name()) ? m : m.withName(plainName(name, m.name()));
    }

    private static String plainName(String asked, String inFile) {
        if (asked.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            return asked;
        }
        return inFile.matches("[A-Za-z0-9][A-Za-z0-9._-]*") ? inFile : LEARNED;
    }

    private Optional<ControllerMapping> tryLoad(String name) {
        try {
            return Optional.of(load(name));
        } catch (PresetException e) {
            if (!e.getMessage().startsWith("no controllers preset") || !name.equals(LEARNED)) {
                log.accept("controller mapping '" + name + "' not loaded: " + e.getMessage());
            }
            return Optional.empty();
        }
    }

    private Optional<String> remembered() {
        return settings.get(SETTING);
    }

    private void remember(String name) {
        settings.put(SETTING, name);
    }

    /** The key of the mapping chosen last in the {@link DeviceSettings}. */
    static final String SETTING = "controller";

    /**
     * The `controller` request: without a name, the mapping in force and the ones there are; with one, loads
     * that mapping (the old one stays when it fails), uses it from the next message on and remembers it.
     */
    ObjectNode select(Optional<String> name) {
        if (name.isPresent()) {
            ControllerMapping m;
            try {
                m = load(name.get());
            } catch (PresetException e) {
                throw new ControlException(ErrorCode.BAD_VALUE, e.getMessage());
            }
            listener.setMapping(m);
            remember(m.name());
            log.accept("controller mapping '" + m.name() + "' (" + m.controls().size() + " controls), chosen by a client");
            events.emit("controller", F.objectNode().set("mapping", m.toJson()));
        }
        ObjectNode o = F.objectNode();
        o.set("mapping", json());
        o.set("available", F.arrayNode().addAll(presets.names("controllers").stream().map(F::textNode).toList()));
        return o;
    }

    ControllerListener listener() {
        return listener;
    }

    /** The mapping in force, in the format of presets/controllers. */
    ObjectNode json() {
        return listener.mapping().toJson();
    }

    /**
     * Arms MIDI-learn for {@code control} (the reply comes at once; the binding comes as a `learned` event), or
     * cancels it.
     */
    ObjectNode learn(Optional<String> control, boolean cancel) {
        if (cancel || control.isEmpty()) {
            if (!cancel) {
                throw new ControlException(ErrorCode.BAD_VALUE, "learn needs 'control' (e.g. \"overall\") or "
                        + "'cancel': true");
            }
            listener.learn(null).cancel(false);
            return F.objectNode().put("learning", false);
        }
        Control c;
        try {
            c = Control.ofKey(control.get());
        } catch (IllegalArgumentException e) {
            throw new ControlException(ErrorCode.BAD_VALUE, e.getMessage() + "; known: " + Control.keys());
        }
        CompletableFuture<ControlBinding> f = listener.learn(c);
        f.thenAccept(b -> learned(c, b));
        return F.objectNode().put("learning", true).put("control", c.key());
    }

    private void learned(Control c, ControlBinding b) {
        ControllerMapping m = listener.mapping();
        ObjectNode e = F.objectNode();
        e.put("control", c.key());
        ObjectNode binding = e.putObject("binding");
        binding.put("channel", b.channel());
        binding.put(b.note() ? "note" : "cc", b.number());
        e.set("mapping", m.toJson());
        try {
            e.put("path", m.save(presetDir).toString());
            log.accept("MIDI-learn: " + c.key() + " <- " + b + ", saved in " + presetDir);
        } catch (IOException ex) {
            log.accept("MIDI-learn: " + c.key() + " <- " + b + ", but the mapping could not be saved: " + ex.getMessage());
            e.put("error", "not saved: " + ex.getMessage());
        }
        events.emit("learned", e);
    }

    @Override
    public void rating(RatingGesture g) {
        org.hitlmidi.midi.PathTrace.mark(org.hitlmidi.midi.PathTrace.Stage.LISTENER);
        Map<Aspect, Integer> aspects = new EnumMap<>(Aspect.class);
        g.musicality().ifPresent(v -> aspects.put(Aspect.MUSICALITY, v));
        g.novelty().ifPresent(v -> aspects.put(Aspect.NOVELTY, v));
        g.coherence().ifPresent(v -> aspects.put(Aspect.COHERENCE, v));
        // the track the knobs were set for: if the session moved on meanwhile, the rating is refused as stale
        Optional<Long> track = g.trackId() >= 0 ? Optional.of(g.trackId()) : Optional.empty();
        // a part knob turned for a part this track does not play (the bass of a track without one) is left out, so
        // the rest of the rating still counts
        Map<org.hitlmidi.music.Part, Integer> parts = new EnumMap<>(org.hitlmidi.music.Part.class);
        java.util.Set<org.hitlmidi.music.Part> plays = device.currentParts();
        g.parts().forEach((p, v) -> {
            if (plays.contains(p)) {
                parts.put(p, v);
            }
        });
        act("rating", () -> device.rate(new Rating(g.overall(), aspects, parts), "cc", track, true));
    }

    @Override
    public void button(Control button, long atNanos) {
        switch (button) {
            case NEXT -> act("next", device::next);
            case REPLAY -> act("replay", device::replay);
            case UNDO -> act("undo", device::undo);
            case KEEP -> act("keep", () -> device.keep(""));
            case PANIC -> act("panic", device::panic);
            case VARIATION -> change(Change.of(Change.Kind.VARIATION, SOURCE));
            case REGENERATE -> change(Change.of(Change.Kind.REGENERATE, SOURCE));
            case STYLE_NEXT -> params(F.objectNode().put("style", "next"));
            case STYLE_PREVIOUS -> params(F.objectNode().put("style", "previous"));
            case KEY_UP, KEY_DOWN -> {
                int base = org.hitlmidi.music.Pitches.parse(params().path("base").asText("C4"));
                int to = Math.max(0, Math.min(127, base + (button == Control.KEY_UP ? 1 : -1)));
                params(F.objectNode().put("base", org.hitlmidi.music.Pitches.name(to)));
            }
            case SCALE_NEXT -> {
                org.hitlmidi.music.Scale[] all = org.hitlmidi.music.Scale.values();
                org.hitlmidi.music.Scale now = org.hitlmidi.music.Scale.parse(params().path("scale").asText("major"));
                params(F.objectNode().put("scale", all[(now.ordinal() + 1) % all.length].id()));
            }
            case MUTE_MELODY, MUTE_BASS, MUTE_CHORDS, MUTE_DRUMS -> {
                org.hitlmidi.music.Part part = LiveControls.part(button);
                set(button, !muted().contains(part.id()), atNanos);
            }
            case LOOP -> set(button, !params().path("loop").asBoolean(true), atNanos);
            case KEY_FOLLOW, CHORD_FOLLOW -> set(button, !params().path(followParam(button)).asBoolean(false), atNanos);
            case SCENE_SAVE -> {
                saveArmed = !saveArmed;
                log.accept(saveArmed ? "scene save armed: press a scene pad" : "scene save disarmed");
            }
            case LAYER, RATE -> {
                // LAYER: the listener switched (layer() reports it); RATE: its rating arrives through rating()
            }
            default -> {
                if (button.stylePad() > 0) {
                    List<String> styles = device.styleNames();
                    int i = button.stylePad() - 1;
                    if (i < styles.size()) {
                        params(F.objectNode().put("style", styles.get(i)));
                    } else {
                        log.accept("style pad " + button.stylePad() + ": there are only " + styles.size() + " styles");
                    }
                } else if (button.scene() > 0) {
                    scene(button.scene(), saveArmed);
                    saveArmed = false;
                }
            }
        }
    }

    /** Where changes from the controller come from, in the log and the `params_changed` event. */
    static final String SOURCE = "cc";
    /** The next scene pad saves rather than recalls. Only the listener's thread touches it. */
    private boolean saveArmed;
    /** The parameters in force as last told ({@link #held}), for toggles and relative steps. */
    private volatile ObjectNode params = F.objectNode();
    /** What {@link #held} last told the listener per knob (-1: released), so only changes are passed on. */
    private final Map<Control, Integer> heldNow = new EnumMap<>(Control.class);

    private ObjectNode params() {
        return params;
    }

    private java.util.Set<String> muted() {
        java.util.Set<String> m = new java.util.TreeSet<>();
        params().path("mute").forEach(x -> m.add(x.asText()));
        return m;
    }

    /** The `params` switch of key or chord follow. */
    private static String followParam(Control c) {
        return c == Control.KEY_FOLLOW ? "keyFollow" : "chordFollow";
    }

    /** An on/off control set (a mute, loop, key or chord follow): by a button's toggle or the DAW's lane. */
    @Override
    public void set(Control c, boolean on, long atNanos) {
        if (c == Control.KEY_FOLLOW || c == Control.CHORD_FOLLOW) {
            if (params().path(followParam(c)).asBoolean(false) != on) {
                params(F.objectNode().put(followParam(c), on));
            }
            return;
        }
        if (c == Control.LOOP) {
            if (params().path("loop").asBoolean(true) != on) {
                params(F.objectNode().put("loop", on));
            }
            return;
        }
        if (!c.name().startsWith("MUTE_")) {
            return;
        }
        java.util.Set<String> m = muted();
        String part = LiveControls.part(c).id();
        if (on ? m.add(part) : m.remove(part)) {
            ObjectNode set = F.objectNode();
            var a = set.putArray("mute");
            m.forEach(a::add);
            params(set);
        }
    }

    /** The knobs that moved: one change of them all (the rating knobs only show on a panel). */
    @Override
    public void knobs(Map<Control, Integer> values, long atNanos) {
        ObjectNode set = F.objectNode();
        List<String> styles = values.containsKey(Control.STYLE) ? device.styleNames() : List.of();
        for (Map.Entry<Control, Integer> e : values.entrySet()) {
            if (LiveControls.param(e.getKey()).isPresent()) {
                LiveControls.put(set, e.getKey(), e.getValue(), params(), styles);
            }
        }
        if (!set.isEmpty()) {
            params(set);
        }
    }

    /** A program change 0..127 recalls scene program + 1 (a DAW's program change, a controller's program pads). */
    @Override
    public void program(int program, long atNanos) {
        scene(program + 1, false);
    }

    @Override
    public void layer(int layer, long atNanos) {
        log.accept("controller layer " + layer);
        events.emit("controller", F.objectNode().put("layer", layer).set("mapping", json()));
    }

    private void scene(int n, boolean save) {
        if (save) {
            act("scene save " + n, () -> device.saveScene(n, SOURCE));
        } else {
            change(Change.scene(n, SOURCE));
        }
    }

    private void params(ObjectNode set) {
        change(Change.params(set, SOURCE));
    }

    private void change(Change c) {
        act(c.kind().name().toLowerCase(java.util.Locale.ROOT), () -> device.change(c));
    }

    /**
     * The device's parameters changed (from anywhere): each knob bound to one counts again only once it reaches
     * the new value (soft takeover).
     */
    void held(ObjectNode params) {
        this.params = params.deepCopy();
        List<String> styles = device.styleNames();
        synchronized (heldNow) {
            for (Control c : Control.values()) {
                if (c.isButton() || LiveControls.param(c).isEmpty()) {
                    continue;
                }
                int v = LiveControls.cc(c, params, styles).orElse(-1);
                Integer was = heldNow.put(c, v);
                if (was != null && was == v) {
                    continue;
                }
                if (v < 0) {
                    listener.release(c);
                } else {
                    listener.hold(c, v, LiveControls.bands(c, styles.size()));
                }
            }
        }
    }

    /** A controller action that cannot be done now (nothing to undo) is logged; the listener goes on. */
    private void act(String what, java.util.function.Supplier<?> action) {
        try {
            action.get();
        } catch (RuntimeException e) {
            log.accept("controller " + what + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        listener.close();
    }
}

package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change of what the device plays, from any source (a client's `params`, a controller knob or pad, a DAW's
 * CC or program change, a scene recall, key follow): every change goes through {@link Device#change(Change)}, the
 * one place that applies it, so that where and when a change lands (at once, or on the next bar line) is decided
 * in one place.
 *
 * <p>A change is a delta: {@link Kind#PARAMS} names only the parameters it sets, and is applied to the state in
 * force when it lands (two changes queued for one bar line both count). It is checked when it is submitted and a
 * bad one is refused whole then; applying it again later cannot fail for its values.
 *
 * @param kind   what it does
 * @param set    for {@link Kind#PARAMS}: the `params` fields; for {@link Kind#SCENE}: the scene's number in
 *               {@code "scene"}; empty otherwise
 * @param source who asked ("control", "cc", "daw", "scene", ...), for the log and the `params_changed` event
 */
public record Change(Kind kind, ObjectNode set, String source) {
    public enum Kind {
        /** Parameters set (a delta). Tempo, swing, humanize, intensity, levels, mute, loop, exploration: feel only. */
        PARAMS,
        /** The learner proposes a close variant of the track that plays, now (material). */
        VARIATION,
        /** A fresh track in the style: a new episode (material). */
        REGENERATE,
        /** A stored scene's parameters and track (material). */
        SCENE
    }

    public Change {
        set = set == null ? DeviceViews.body() : set.deepCopy();
        if (kind == null || source == null) {
            throw new IllegalArgumentException("a change needs a kind and a source");
        }
    }

    public static Change params(ObjectNode set, String source) {
        return new Change(Kind.PARAMS, set, source);
    }

    public static Change of(Kind kind, String source) {
        return new Change(kind, null, source);
    }

    public static Change scene(int number, String source) {
        return new Change(Kind.SCENE, DeviceViews.body().put("scene", number), source);
    }

    @Override
    public ObjectNode set() {
        return set.deepCopy();
    }
}

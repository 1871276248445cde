package org.hitlmidi.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Request;
import org.hitlmidi.store.Store;
import org.hitlmidi.store.StoreException;

/**
 * A profile's scenes (issue 15): the whole parameter set in force (track parameters with the whole style, the
 * live controls, exploration, loop, mutes) and the track that played, saved under a number 1..{@link #MAX} in the
 * store, so they survive a restart. Recall is a {@link Change} like any other.
 */
final class Scenes {
    /** Scene numbers are 1..MAX (program changes 0..127 recall 1..128). */
    static final int MAX = 128;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Store store;

    Scenes(Store store) {
        this.store = store;
    }

    static int number(OptionalInt n) {
        return n.orElseThrow(() -> Request.bad("number is missing: the scene 1.." + MAX));
    }

    void save(long profileId, int n, ObjectNode scene) {
        store.saveScene(profileId, n, scene.toString());
    }

    /** Scene {@code n}, or not_found. */
    JsonNode scene(long profileId, int n) {
        String text;
        try {
            text = store.scenes(profileId).get(n);
        } catch (StoreException e) {
            throw new ControlException(ErrorCode.FAILED, e.getMessage(), e);
        }
        if (text == null) {
            throw new ControlException(ErrorCode.NOT_FOUND, "no scene " + n + " in this profile: save one first "
                    + "(scene save " + n + ")");
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new ControlException(ErrorCode.FAILED, "scene " + n + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The `scene` list: each scene's number with its style, key, tempo and track. */
    ObjectNode list(long profileId) {
        ObjectNode o = DeviceViews.body();
        var a = o.putArray("scenes");
        Map<Integer, String> all;
        try {
            all = store.scenes(profileId);
        } catch (StoreException e) {
            throw new ControlException(ErrorCode.FAILED, e.getMessage(), e);
        }
        for (Map.Entry<Integer, String> e : all.entrySet()) {
            ObjectNode one = a.addObject().put("number", e.getKey());
            try {
                JsonNode p = JSON.readTree(e.getValue()).path("params");
                one.put("style", p.path("style").asText()).put("base", p.path("base").asText())
                        .put("scale", p.path("scale").asText()).put("tempo", p.path("tempo").asDouble());
                one.set("params", p);
            } catch (IOException ex) {
                one.put("error", "cannot be read: " + ex.getMessage());
            }
        }
        return o;
    }
}

package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 defect 7 through the protocol: a preset the device loads by name ({@code learner NAME}, {@code params}
 * style and kit, {@code controller NAME}) that is broken is refused with an error naming its file and the field's
 * JSON path, and the device keeps its state: the same learner, parameters, controller, track and store.
 */
class BrokenPresetDeviceTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    private Path data() {
        return dir.resolve("data");
    }

    private ControlClient start() throws Exception {
        Path socket = dir.resolve("c.sock");
        open.add(DeviceRunner.start(new DeviceRunner.Options(data(), socket, false, "default", "synth",
                Optional.empty(), OptionalLong.of(3), false, null), PortOutputs::open));
        ControlClient c = ControlClient.connect(socket);
        open.add(c);
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    private static ObjectNode set(ObjectNode params) {
        return (ObjectNode) f().set("set", params);
    }

    private Path preset(String kind, String name, String json) throws Exception {
        Path p = Files.createDirectories(data().resolve("presets").resolve(kind)).resolve(name + ".json");
        Files.writeString(p, json);
        return p;
    }

    @Test
    void aBrokenLearnerIsRefusedNamingTheFileAndTheFieldAndTheDeviceKeepsItsLearner() throws Exception {
        try (SqliteStore s = SqliteStore.openIn(data())) {
            s.createProfile("default", "paper", TrackParams.defaults());
        }
        Path file = preset("learners", "mine", "{\"name\": \"mine\", \"kind\": \"tabular-q\", \"alpha\": 0.1,"
                + " \"gamma\": 0.9, \"exploration\": {\"kind\": \"epsilon-greedy\", \"epsilon\": 2},"
                + " \"reward\": {\"kind\": \"overall\"}}");
        ControlClient c = start();
        c.call("rate", f().put("overall", 6));
        JsonNode before = c.call("status");
        assertThatThrownBy(() -> c.call("learner", f().put("name", "mine"))).isInstanceOf(ControlException.class)
                .hasMessageContaining(file + ": field exploration.epsilon: 2 is outside [0, 1]");
        Files.writeString(file, "{\"name\": \"mine\", \"kind\": \"tabular-q\", \"alpha\": 0.1, \"gamma\": 0.9,"
                + " \"exploration\": {\"kind\": \"epsilon-greedy\", \"epsilon\": 0.5}, \"reward\": {\"kind\": \"overall\"},"
                + " \"episodez\": 3}");
        assertThatThrownBy(() -> c.call("learner", f().put("name", "mine"))).isInstanceOf(ControlException.class)
                .hasMessageContaining(file + ": field episodez: is not a field here; allowed: ");
        JsonNode after = c.call("status");
        assertThat(after.path("learner").asText()).isEqualTo("paper");
        assertThat(after.path("track")).isEqualTo(before.path("track"));
        assertThat(after.path("ratings").asLong()).isEqualTo(1);
        try (SqliteStore s = SqliteStore.openIn(data())) {
            assertThat(s.profile("default").orElseThrow().learner()).isEqualTo("paper");
        }
        c.call("rate", f().put("overall", 7)); // the session goes on with its learner
        assertThat(c.call("status").path("ratings").asLong()).isEqualTo(2);
    }

    /** A style, a kit and a controller mapping by name: each broken one is refused whole, the device as it was. */
    @Test
    void aBrokenStyleKitOrControllerIsRefusedNamingTheFileAndTheFieldAndNothingChanges() throws Exception {
        Path style = preset("styles", "mine", "{\"name\": \"mine\", \"scale\": \"minor\", \"base\": \"A3\","
                + " \"tempo\": 500, \"bars\": 8}");
        Path kit = preset("kits", "mine", "{\"name\": \"mine\", \"keys\": [36, \"snare\"]}");
        Path controller = preset("controllers", "mine", "{\"name\": \"mine\", \"channel\": 1,"
                + " \"controls\": {\"overall\": {\"cc\": 16}, \"next\": {\"cc\": 130}}}");
        ControlClient c = start();
        c.call("params", set(f().put("style", "waltz")));
        c.call("controller", f().put("name", "nanokontrol2"));
        JsonNode before = c.call("status");
        assertThatThrownBy(() -> c.call("params", set(f().put("style", "mine").put("tempo", 90))))
                .isInstanceOf(ControlException.class).hasMessageContaining(style + ": field tempo: 500 is outside [20, 400]");
        assertThatThrownBy(() -> c.call("params", set(f().put("kit", "mine").put("tempo", 90))))
                .isInstanceOf(ControlException.class)
                .hasMessageContaining(kit + ": field keys[1]: must be a whole number, found \"snare\"");
        assertThatThrownBy(() -> c.call("controller", f().put("name", "mine"))).isInstanceOf(ControlException.class)
                .hasMessageContaining(controller + ": field controls.next.cc: 130 is outside [0, 127]");
        Files.writeString(controller, "{\"name\": \"mine\", \"channel\": 1, \"controls\": {\"overall\": {\"cc\": 16}},"
                + " \"comit\": {\"restMs\": 500}}");
        assertThatThrownBy(() -> c.call("controller", f().put("name", "mine"))).isInstanceOf(ControlException.class)
                .hasMessageContaining(controller + ": field comit: is not a field here; allowed: ");
        JsonNode after = c.call("status");
        assertThat(after.path("params")).isEqualTo(before.path("params")); // the waltz, its tempo: not 90
        assertThat(after.path("params").path("style").asText()).isEqualTo("waltz");
        assertThat(after.path("track")).isEqualTo(before.path("track"));
        assertThat(after.path("controller")).isEqualTo(before.path("controller"));
        try (SqliteStore s = SqliteStore.openIn(data())) {
            assertThat(s.profile("default").orElseThrow().params().style().name()).isEqualTo("waltz");
        }
    }
}

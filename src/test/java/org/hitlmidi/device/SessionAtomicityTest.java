package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** Operations that fail change nothing: the device is as it was, and the store too. */
class SessionAtomicityTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    private Path data() {
        return dir.resolve("data");
    }

    private Path socket() {
        return dir.resolve("c.sock");
    }

    private ControlClient start() throws Exception {
        open.add(DeviceRunner.start(new DeviceRunner.Options(data(), socket(), false, "default", "synth",
                Optional.empty(), OptionalLong.of(3), false, null), PortOutputs::open));
        ControlClient c = ControlClient.connect(socket());
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

    /** Issue 12 defect 3: status named the new profile while the old one's learner went on learning. */
    @Test
    void aProfileSwitchThatFailsLeavesTheDeviceOnItsProfile() throws Exception {
        try (SqliteStore s = SqliteStore.openIn(data())) {
            s.createProfile("default", "paper", TrackParams.defaults());
            s.createProfile("broken", "no-such-learner", TrackParams.defaults()); // its preset was removed since
        }
        ControlClient c = start();
        c.call("rate", f().put("overall", 6));
        JsonNode before = c.call("status");
        assertThatThrownBy(() -> c.call("profile", f().put("name", "broken")))
                .isInstanceOf(ControlException.class).hasMessageContaining("no-such-learner");
        JsonNode after = c.call("status");
        assertThat(after.path("profile").asText()).isEqualTo("default");
        assertThat(after.path("learner").asText()).isEqualTo("paper");
        assertThat(after.path("track")).isEqualTo(before.path("track"));
        assertThat(after.path("undoable").asInt()).isEqualTo(1); // the session goes on: undo still reaches back
        c.call("rate", f().put("overall", 7));
        try (SqliteStore s = SqliteStore.openIn(data())) {
            assertThat(s.ratings(s.profile("default").orElseThrow().id(), true)).hasSize(2);
            assertThat(s.ratings(s.profile("broken").orElseThrow().id(), true)).isEmpty();
        }
        assertThat(c.call("status").path("ratings").asLong()).isEqualTo(2);
        c.call("undo");
        c.call("undo");
        assertThat(c.call("status").path("ratings").asLong()).isZero();
    }
}

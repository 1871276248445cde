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
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live controls as device parameters (issue 15): set over the socket, shown in `status`; the feel ones leave
 * the playing track (and its episode) alone, the material ones make a new track and say so.
 */
class LiveParamsDeviceTest {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    private ControlClient start(long seed) throws Exception {
        DeviceRunner r = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"), false,
                "default", "synth", Optional.empty(), OptionalLong.of(seed), false, null), PortOutputs::open);
        open.add(r);
        ControlClient c = ControlClient.connect(dir.resolve("c.sock"));
        open.add(c);
        return c;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private static ObjectNode set(ObjectNode s) {
        return Protocol.nodes().objectNode().set("set", s);
    }

    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    @Test
    void feelParametersAreShownAndKeepTheTrackAndItsEpisode() throws Exception {
        ControlClient c = start(1);
        c.call("play");
        JsonNode before = c.call("status");
        assertThat(before.get("params").get("swing").isNull()).isTrue();
        assertThat(before.get("params").get("intensity").asDouble()).isEqualTo(1.0);
        ObjectNode r = c.call("params", set(f().put("swing", 0.6).put("humanize", 0.25).put("intensity", 1.5)
                .put("level_bass", 0.5).put("level_drums", 0.0).put("tempo", 133)));
        assertThat(r.get("material").asBoolean()).isFalse();
        assertThat(r.get("trackId").asLong()).isEqualTo(before.get("track").get("trackId").asLong());
        JsonNode after = c.call("status");
        JsonNode p = after.get("params");
        assertThat(p.get("swing").asDouble()).isEqualTo(0.6);
        assertThat(p.get("humanize").asDouble()).isEqualTo(0.25);
        assertThat(p.get("intensity").asDouble()).isEqualTo(1.5);
        assertThat(p.get("level_bass").asDouble()).isEqualTo(0.5);
        assertThat(p.get("level_drums").asDouble()).isEqualTo(0.0);
        assertThat(p.get("level_melody").asDouble()).isEqualTo(1.0);
        assertThat(p.get("tempo").asDouble()).isEqualTo(133.0);
        assertThat(after.get("track").get("trackId").asLong()).isEqualTo(before.get("track").get("trackId").asLong());
        assertThat(after.get("episode").asInt()).isEqualTo(before.get("episode").asInt());
        assertThat(after.get("playing").asBoolean()).isTrue();
        // null gives the style's swing back
        assertThat(c.call("params", set(f().putNull("swing"))).get("params").get("swing").isNull()).isTrue();
    }

    @Test
    void densityAndRegisterRecomposeTheTrackNowAndEveryTrackAfter() throws Exception {
        ControlClient c = start(2);
        c.call("rate", f().put("overall", 6).put("next", false)); // so that a new track is counted in a new episode
        JsonNode before = c.call("status");
        int density = before.get("track").get("arrangement").get("sketch").get(4).asInt();
        int other = density == 3 ? 0 : 3;
        ObjectNode r = c.call("params", set(f().put("density", other).put("register", 1)));
        assertThat(r.get("material").asBoolean()).isTrue();
        assertThat(r.get("trackId").asLong()).isNotEqualTo(before.get("track").get("trackId").asLong());
        JsonNode now = c.call("status");
        assertThat(now.get("episode").asInt()).isGreaterThan(before.get("episode").asInt());
        assertThat(now.get("track").get("arrangement").get("sketch").get(4).asInt()).isEqualTo(other);
        assertThat(now.get("track").get("arrangement").get("sketch").get(5).asInt()).isEqualTo(1);
        for (int i = 0; i < 5; i++) {
            JsonNode t = c.call("next").get("track");
            assertThat(t.get("arrangement").get("sketch").get(4).asInt()).as("density of next track " + i).isEqualTo(other);
            assertThat(t.get("arrangement").get("sketch").get(5).asInt()).isEqualTo(1);
        }
        // back to the composer's own: nothing to recompose, so no new track
        JsonNode last = c.call("status").get("track");
        ObjectNode back = c.call("params", set(f().putNull("density").putNull("register")));
        assertThat(back.get("material").asBoolean()).isFalse();
        assertThat(back.get("trackId").asLong()).isEqualTo(last.get("trackId").asLong());
    }

    @Test
    void aBadLiveValueRefusesTheWholeChange() throws Exception {
        ControlClient c = start(3);
        JsonNode before = c.call("status").get("params");
        for (ObjectNode bad : List.of(f().put("tempo", 150).put("swing", 1.5), f().put("tempo", 150).put("density", 4),
                f().put("tempo", 150).put("register", 0.5), f().put("tempo", 150).put("level_chords", -0.1),
                f().put("tempo", 150).put("intensity", "loud"), f().put("tempo", 150).put("humanize", 2))) {
            assertThatThrownBy(() -> c.call("params", set(bad))).as(bad.toString())
                    .isInstanceOfSatisfying(ControlException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_VALUE));
        }
        assertThat(c.call("status").get("params")).isEqualTo(before);
    }

    @Test
    void styleNextAndPreviousStepThroughTheStylesAndChangeTheMaterial() throws Exception {
        ControlClient c = start(4);
        List<String> names = new ArrayList<>(org.hitlmidi.preset.Presets.builtInNames("styles"));
        names.sort(null);
        String now = c.call("status").get("params").get("style").asText();
        ObjectNode r = c.call("params", set(f().put("style", "next")));
        String next = names.get((names.indexOf(now) + 1) % names.size());
        assertThat(r.get("params").get("style").asText()).isEqualTo(next);
        assertThat(r.get("material").asBoolean()).isTrue();
        r = c.call("params", set(f().put("style", "previous")));
        assertThat(r.get("params").get("style").asText()).isEqualTo(now);
    }

    @Test
    void variationAndRegenerateAreChangesThatMakeANewTrack() throws Exception {
        ControlClient c = start(5);
        long first = c.call("status").get("track").get("trackId").asLong();
        ObjectNode v = c.call("variation");
        assertThat(v.get("material").asBoolean()).isTrue();
        assertThat(v.get("change").asText()).isEqualTo("variation");
        assertThat(v.get("trackId").asLong()).isGreaterThan(first);
        ObjectNode g = c.call("regenerate");
        assertThat(g.get("change").asText()).isEqualTo("regenerate");
        assertThat(g.get("trackId").asLong()).isGreaterThan(v.get("trackId").asLong());
        assertThat(c.call("status").get("track").get("trackId").asLong()).isEqualTo(g.get("trackId").asLong());
    }
}

package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.music.TrackJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenes on a real device (its SQLite file on disk): save the whole parameter set and the track, change
 * everything, recall: every parameter and the track come back, also after the device restarted.
 */
class ScenesDeviceTest {
    @TempDir
    Path dir;

    private DeviceRunner start() throws Exception {
        return DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"), false,
                "default", "synth", Optional.empty(), OptionalLong.of(11), false, null), PortOutputs::open);
    }

    private static ObjectNode f() {
        return Protocol.nodes().objectNode();
    }

    private static ObjectNode set(ObjectNode s) {
        return f().set("set", s);
    }

    private static ObjectNode scene(ControlClient c, String action, int n) throws Exception {
        return c.call("scene", f().put("action", action).put("number", n));
    }

    /** Every parameter different from the defaults, material and feel alike. */
    private static final ObjectNode FIRST = f().put("style", "lofi").put("base", "D4").put("scale", "dorian")
            .put("tempo", 97).put("bars", 8).put("swing", 0.35).put("humanize", 0.2).put("density", 1)
            .put("register", -1).put("intensity", 0.8).put("level_melody", 0.9).put("level_bass", 0.6)
            .put("level_chords", 0.0).put("level_drums", 0.75).put("exploration", 0.3).put("loop", false)
            .put("program", 4).put("channel", 3);

    private static final ObjectNode SECOND = f().put("style", "waltz").put("base", "A3").put("scale", "minor")
            .put("tempo", 150).put("swing", 0.0).putNull("humanize").put("density", 3).put("register", 1)
            .put("intensity", 1.7).put("level_melody", 0.2).put("level_bass", 1.0).put("level_chords", 0.4)
            .put("level_drums", 0.1).putNull("exploration").put("loop", true).put("program", 40).put("channel", 5);

    @Test
    void aRecalledSceneRestoresEveryParameterAndItsTrackAlsoAfterARestart() throws Exception {
        JsonNode saved;
        JsonNode savedTrack;
        try (DeviceRunner d = start(); ControlClient c = ControlClient.connect(d.socket())) {
            c.call("params", set(FIRST.deepCopy()));
            c.call("params", set(f().set("mute", f().arrayNode().add("drums"))));
            JsonNode s = c.call("status");
            saved = s.get("params");
            savedTrack = s.get("track");
            assertThat(scene(c, "save", 3).path("saved").asBoolean()).isTrue();
            c.call("params", set(SECOND.deepCopy()));
            c.call("params", set(f().set("mute", f().arrayNode().add("bass").add("chords"))));
            c.call("next");
            JsonNode changed = c.call("status");
            for (String p : List.of("style", "base", "scale", "tempo", "swing", "density", "register", "intensity",
                    "level_melody", "level_chords", "exploration", "loop", "mute", "program", "channel")) {
                assertThat(changed.get("params").get(p)).as("the test changed " + p).isNotEqualTo(saved.get(p));
            }
            BlockingQueue<ObjectNode> events = new LinkedBlockingQueue<>();
            try (ControlClient sub = ControlClient.connect(d.socket())) {
                sub.subscribe(List.of("params_changed"), events::add);
                ObjectNode r = scene(c, "recall", 3);
                assertThat(r.get("params")).isEqualTo(saved);
                assertThat(r.path("material").asBoolean()).isTrue();
                assertThat(r.path("change").asText()).isEqualTo("scene 3");
                ObjectNode e = events.poll(10, TimeUnit.SECONDS);
                assertThat(e).isNotNull();
                assertThat(e.get("params")).isEqualTo(saved);
            }
            JsonNode now = c.call("status");
            assertThat(now.get("params")).isEqualTo(saved);
            assertThat(TrackJson.fromJson(now.get("track"))).isEqualTo(TrackJson.fromJson(savedTrack));
            c.call("params", set(SECOND.deepCopy()));
        }
        try (DeviceRunner d = start(); ControlClient c = ControlClient.connect(d.socket())) {
            JsonNode list = c.call("scene", f().put("action", "list")).get("scenes");
            assertThat(list).hasSize(1);
            assertThat(list.get(0).path("number").asInt()).isEqualTo(3);
            assertThat(list.get(0).path("style").asText()).isEqualTo("lofi");
            assertThat(c.call("status").get("params")).isNotEqualTo(saved);
            scene(c, "recall", 3);
            JsonNode now = c.call("status");
            assertThat(now.get("params")).as("after a restart").isEqualTo(saved);
            assertThat(TrackJson.fromJson(now.get("track"))).isEqualTo(TrackJson.fromJson(savedTrack));
            assertThatThrownBy(() -> scene(c, "recall", 4)).isInstanceOfSatisfying(ControlException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(c.call("status").get("params")).as("a missing scene changes nothing").isEqualTo(saved);
        }
    }

    @Test
    void theCliSavesRecallsAndListsScenes() throws Exception {
        try (DeviceRunner d = start(); ControlClient c = ControlClient.connect(d.socket())) {
            c.call("params", set(f().put("tempo", 111).put("swing", 0.5)));
            String[] out = cli("scene", "save", "16");
            assertThat(out[0]).isEqualTo("0");
            assertThat(out[1]).contains("scene 16 saved");
            c.call("params", set(f().put("tempo", 70).putNull("swing")));
            out = cli("scene", "recall", "16");
            assertThat(out[0]).isEqualTo("0");
            assertThat(c.call("status").get("params").get("tempo").asDouble()).isEqualTo(111.0);
            assertThat(c.call("status").get("params").get("swing").asDouble()).isEqualTo(0.5);
            out = cli("scene", "list");
            assertThat(out[1]).contains(" 16  ").contains("111 BPM");
            assertThat(cli("scene", "recall")[0]).isEqualTo("2");
        }
    }

    private String[] cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        List<String> a = new java.util.ArrayList<>(List.of("--data-dir", dir.resolve("data").toString(), "--socket",
                dir.resolve("c.sock").toString()));
        a.addAll(List.of(args));
        int code = org.hitlmidi.cli.Main.run(a.toArray(String[]::new), new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(err, true));
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }
}

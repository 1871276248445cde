package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.hitlmidi.ExternalTools;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.Params;
import org.hitlmidi.control.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one list of parameters ({@link Params}): the device takes every one of them, and nothing else, from a
 * person's text as the CLI and the panel send it; docs/protocol.md's `params` row names each; the device's live
 * controls are among them.
 */
class ParamsTest {
    @TempDir
    Path dir;

    /** A value a person might type for each parameter that is a name or takes no range to start from. */
    private static final Map<String, String> TEXT = Map.ofEntries(Map.entry("style", "waltz"), Map.entry("base", "D4"),
            Map.entry("scale", "minor"), Map.entry("kit", "rock"), Map.entry("meter", "3/4"), Map.entry("length", "6"),
            Map.entry("bars", "2"), Map.entry("loop", "off"), Map.entry("keyFollow", "on"),
            Map.entry("mute", "bass, drums"), Map.entry("chords", "Dm-G7"), Map.entry("chordFollow", "on"));

    private static String sample(Params.Param p) {
        if (TEXT.containsKey(p.name())) {
            return TEXT.get(p.name());
        }
        if (p.kind() == Params.Kind.PART) {
            return "chords";
        }
        String[] range = p.range().split("\\.\\.");
        return range[range.length - 1]; // the top of its range
    }

    @Test
    void theDeviceTakesEveryParameterOfTheListFromAPersonsText() throws Exception {
        try (DeviceRunner r = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"),
                false, "default", "synth", Optional.empty(), OptionalLong.of(1), false, null), PortOutputs::open);
             ControlClient c = ControlClient.connect(dir.resolve("c.sock"))) {
            for (Params.Param p : Params.all()) {
                JsonNode v = Params.value(p.name(), sample(p));
                ObjectNode set = Protocol.nodes().objectNode();
                set.set(p.name(), v);
                JsonNode reply = c.call("params", Protocol.nodes().objectNode().set("set", set));
                if (p.kind() != Params.Kind.PART && p.kind() != Params.Kind.TEXT) { // solo shows as mute; a name as given
                    JsonNode shown = reply.path("params").get(p.name());
                    if (v.isNumber()) {
                        assertThat(shown.asDouble()).as("%s after set %s", p.name(), v).isEqualTo(v.asDouble());
                    } else {
                        assertThat(shown).as("%s after set %s", p.name(), v).isEqualTo(v);
                    }
                }
                if (p.nullable()) { // and back to the default
                    set.set(p.name(), Params.value(p.name(), ""));
                    reply = c.call("params", Protocol.nodes().objectNode().set("set", set));
                    if (p.kind() != Params.Kind.PART) {
                        assertThat(reply.path("params").get(p.name()).isNull()).as("%s reset", p.name()).isTrue();
                    }
                }
            }
            // what `params` shows is what it takes: every name it reports is one of the list
            JsonNode shown = c.call("status").path("params");
            shown.fieldNames().forEachRemaining(n -> assertThat(Params.names()).as("a shown parameter").contains(n));
        }
    }

    @Test
    void theLiveControlsAreInTheList() {
        assertThat(Params.names()).containsAll(LiveParams.NAMES);
    }

    @Test
    void textBecomesTheWiresValueOrARefusalNamingTheParameter() {
        assertThat(Params.value("density", "auto").isNull()).isTrue();
        assertThat(Params.value("density", "").isNull()).isTrue();
        assertThat(Params.value("density", "2").isInt()).isTrue();
        assertThat(Params.value("swing", "0.25").doubleValue()).isEqualTo(0.25);
        assertThat(Params.value("exploration", "default").isNull()).isTrue();
        assertThat(Params.value("mute", "none")).isEmpty();
        assertThat(Params.value("mute", "bass,chords").toString()).isEqualTo("[\"bass\",\"chords\"]");
        assertThat(Params.value("solo", "none").isNull()).isTrue();
        assertThatThrownBy(() -> Params.value("density", "lots")).hasMessageContaining("density")
                .hasMessageContaining("0..3 or auto");
        assertThatThrownBy(() -> Params.value("tempo", "")).hasMessageContaining("tempo");
        assertThatThrownBy(() -> Params.value("bogus", "1")).hasMessageContaining("unknown parameter 'bogus'");
    }

    @Test
    void theProtocolDocsNameEveryParameter() throws Exception {
        String row = Files.readAllLines(ExternalTools.repo().resolve("docs/protocol.md")).stream()
                .filter(l -> l.startsWith("| `params` |")).findFirst().orElseThrow();
        for (String n : Params.names()) {
            assertThat(row).as("docs/protocol.md's params row").contains("`" + n + "`");
        }
    }
}

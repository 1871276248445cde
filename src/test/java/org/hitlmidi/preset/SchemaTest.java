package org.hitlmidi.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hitlmidi.ExternalTools;
import org.hitlmidi.music.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void everyShippedPresetMatchesTheSchemaOfItsKindAndIsNamedAfterItsFile() throws Exception {
        Path presets = ExternalTools.repo().resolve("presets");
        List<Path> files;
        try (Stream<Path> s = Files.walk(presets)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(20);
        List<String> kinds = new ArrayList<>();
        for (Path f : files) {
            String kind = presets.relativize(f).getName(0).toString();
            kinds.add(kind);
            Preset p = Presets.read(f);
            if (kind.equals("learners")) { // checked where they are built, in one place (LearnerPresetAgreementTest)
                assertThat(Schema.forKind(kind)).isEmpty();
            } else {
                Schema schema = Schema.forKind(kind).orElseThrow(() -> new AssertionError("no schema for " + kind));
                assertThat(schema.problems(p.json())).as(f.toString()).isEmpty();
            }
            assertThat(p.text("name") + ".json").as(f.toString()).isEqualTo(f.getFileName().toString());
        }
        assertThat(kinds).contains("controllers", "styles", "learners", "kits", "raters");
    }

    @Test
    void everyBuiltInPresetLoadsThroughTheJarLookup() {
        Presets p = Presets.builtInOnly();
        for (String kind : List.of("controllers", "styles", "learners", "kits", "raters")) {
            assertThat(p.names(kind)).as(kind).isNotEmpty();
            for (String name : p.names(kind)) {
                assertThat(p.load(kind, name).text("name")).isEqualTo(name);
            }
        }
        assertThat(p.names("controllers")).contains("nanokontrol2", "mpk-mini-mk3", "launch-control-xl", "beatstep",
                "x-touch-mini");
    }

    @Test
    void controllerSourcesAreCited() {
        Presets p = Presets.builtInOnly();
        for (String name : p.names("controllers")) {
            assertThat(p.load("controllers", name).text("source")).as(name).hasSizeGreaterThan(40);
        }
    }

    @Test
    void badPresetsGetOneErrorNamingTheFileAndTheField() throws Exception {
        String good = "{\"name\":\"mine\",\"channel\":1,\"controls\":{\"overall\":{\"cc\":16},\"rate\":{\"note\":36}}}";
        assertThat(problems("controllers", good)).isEmpty();
        String[][] cases = {
            {"controllers", good.replace("\"cc\":16", "\"cc\":130"), "field 'controls.overall.cc' 130 is outside 0..127"},
            {"controllers", good.replace("\"cc\":16", "\"cc\":16,\"note\":3"), "field 'controls.overall' must be only one of"},
            {"controllers", good.replace("{\"cc\":16}", "{\"channel\":2}"), "field 'controls.overall' must be {\"cc\": 0..127} or {\"note\": 0..127}"},
            {"controllers", good.replace("\"overall\"", "\"shuffle\""), "field 'controls' has unknown field(s) [shuffle]"},
            {"controllers", good.replace("\"channel\":1,", ""), "field 'channel' is missing"},
            {"controllers", good.replace("\"channel\":1", "\"channel\":17"), "field 'channel' 17 is outside 1..16"},
            {"controllers", good.replace("\"cc\":16", "\"cc\":\"16\""), "field 'controls.overall.cc' must be a whole number, found \"16\""},
            {"controllers", good.replace("\"channel\":1", "\"channel\":1,\"colour\":3"), "unknown field(s) [colour]"},
            {"styles", "{\"name\":\"s\",\"scale\":\"lydiann\",\"base\":\"C4\",\"tempo\":90,\"length\":8}", "field 'scale' \"lydiann\" is not allowed; use one of major, minor"},
            {"styles", "{\"name\":\"s\",\"scale\":\"major\",\"base\":\"H4\",\"tempo\":90,\"length\":8}", "field 'base' \"H4\" does not match"},
            {"styles", "{\"name\":\"s\",\"scale\":\"major\",\"base\":\"C4\",\"tempo\":\"fast\",\"length\":8}", "field 'tempo' must be a number"},
            {"kits", "{\"name\":\"k\",\"keys\":[]}", "field 'keys' must have at least 1 item(s)"},
            {"kits", "{\"name\":\"k\",\"keys\":[36,36]}", "field 'keys' lists 36 twice"},
            {"kits", "{\"name\":\"k\",\"keys\":[36,128]}", "field 'keys[1]' 128 is outside 0..127"},
            {"kits", "{\"name\":\"k\",\"keys\":[36,\"snare\"]}", "field 'keys[1]' must be a whole number, found \"snare\""},
            {"kits", "{\"name\":\"k\",\"keys\":[36],\"kick\":36}", "unknown field(s) [kick]"},
            {"raters", "{\"name\":\"r\",\"likes\":{\"tonality\":{\"target\":1,\"tolerance\":0,\"weight\":1}}}", "field 'likes.tonality.tolerance' 0 is below the minimum 1.0E-9"},
        };
        for (String[] c : cases) {
            Path dir = Files.createDirectories(data.resolve("presets").resolve(c[0]));
            Files.writeString(dir.resolve("bad.json"), c[1]);
            Presets presets = new Presets(Optional.of(data));
            assertThatThrownBy(() -> presets.load(c[0], "bad")).as(c[1]).isInstanceOf(PresetException.class)
                    .hasMessageStartingWith(dir.resolve("bad.json") + ": ").hasMessageContaining(c[2]);
        }
    }

    @Test
    void aCcIsValidExactlyWhenItIsAMidiDataByte() throws Exception {
        SplittableRandom rng = new SplittableRandom(6);
        ObjectNode doc = (ObjectNode) JSON.readTree("{\"name\":\"m\",\"channel\":1,\"controls\":{\"overall\":{\"cc\":0}}}");
        for (int i = 0; i < 500; i++) {
            int cc = rng.nextInt(-300, 300);
            int ch = rng.nextInt(-5, 25);
            doc.put("channel", ch);
            ((ObjectNode) doc.get("controls").get("overall")).put("cc", cc);
            boolean valid = cc >= 0 && cc <= 127 && ch >= 1 && ch <= 16;
            assertThat(Schema.forKind("controllers").orElseThrow().problems(doc).isEmpty()).as("cc %d ch %d", cc, ch)
                    .isEqualTo(valid);
        }
    }

    @Test
    void theStyleSchemaKnowsExactlyTheScalesTheMusicModelKnows() {
        JsonNode schemaScales = schemaJson("styles").get("properties").get("scale").get("enum");
        List<String> listed = new ArrayList<>();
        schemaScales.forEach(n -> listed.add(n.asText()));
        assertThat(listed).containsExactlyElementsOf(Arrays.stream(Scale.values()).map(Scale::id)
                .collect(Collectors.toList()));
    }

    @Test
    void aSchemaWithAnUnsupportedKeywordIsRefusedWhenLoaded() throws Exception {
        assertThatThrownBy(() -> Schema.of("typo", JSON.readTree("{\"type\":\"object\",\"propertis\":{}}")))
                .hasMessageContaining("unsupported keyword propertis");
        assertThatThrownBy(() -> Schema.of("dangling", JSON.readTree("{\"$ref\":\"#/$defs/nope\"}")))
                .hasMessageContaining("cannot resolve $ref #/$defs/nope");
    }

    private static List<String> problems(String kind, String doc) throws Exception {
        return Schema.forKind(kind).orElseThrow().problems(JSON.readTree(doc));
    }

    private static JsonNode schemaJson(String kind) {
        try (var in = SchemaTest.class.getResourceAsStream("/org/hitlmidi/preset/schemas/" + kind + ".schema.json")) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

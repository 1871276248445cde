package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hitlmidi.music.MidiFiles;
import org.hitlmidi.music.Pitches;
import org.hitlmidi.music.Scale;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackParams;
import org.hitlmidi.preset.Preset;
import org.hitlmidi.preset.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StyleOptionTest {
    @TempDir
    Path dir;

    @Test
    void everyBuiltInStyleSetsTheParametersItNames() {
        Presets presets = Presets.builtInOnly();
        for (String name : presets.names("styles")) {
            Preset s = presets.file("styles", name);
            TrackParams p = TrackOptions.style(presets, name, TrackParams.defaults());
            assertThat(p.scale()).as(name).isEqualTo(Scale.parse(s.json().get("scale").asText()));
            assertThat(p.baseNote()).as(name).isEqualTo(Pitches.parse(s.json().get("base").asText()));
            assertThat(p.tempo()).as(name).isEqualTo(s.json().get("tempo").asDouble());
            assertThat(p.length()).as(name).isEqualTo(s.json().get("length").asInt());
            assertThat(p.program()).as(name).isEqualTo(s.json().path("program").asInt(0));
            assertThat(p.kit().name()).as(name).isEqualTo(s.json().path("kit").asText("paper"));
        }
    }

    @Test
    void explicitOptionsOverrideTheStyleAndTheFileShowsBoth() throws Exception {
        Path mid = dir.resolve("x.mid");
        Run r = cli("generate", "--style", "blues-shuffle", "--tempo", "100", "--seed", "3", "-o", mid.toString());
        assertThat(r.code).as(r.err).isZero();
        Track t = MidiFiles.read(mid);
        assertThat(t.tempo()).isEqualTo(100.0);
        // the blues style's 12 bars of 4/4, at the tempo given instead of the style's 96
        assertThat(t.melody().stream().mapToDouble(org.hitlmidi.music.Note::duration).sum())
                .isCloseTo(48.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(r.out).contains("12 bars of 4/4").contains("I7-IV7").contains("100.0 BPM");
        Run paper = cli("generate", "--style", "blues-shuffle", "--paper", "--seed", "3", "-o", mid.toString());
        assertThat(paper.code).as(paper.err).isZero();
        assertThat(MidiFiles.read(mid).melody()).hasSize(12); // the style's length in notes, for the paper's tracks
    }

    @Test
    void aUserStyleTheTrackModelRefusesNamesTheFile() throws Exception {
        Path styles = Files.createDirectories(dir.resolve("data/presets/styles"));
        Files.writeString(styles.resolve("drums-on-melody.json"), "{\"name\":\"drums-on-melody\",\"scale\":\"major\","
                + "\"base\":\"C4\",\"tempo\":90,\"length\":8,\"channel\":10}");
        Run r = cli("generate", "--style", "drums-on-melody", "-o", dir.resolve("y.mid").toString());
        assertThat(r.code).isEqualTo(Main.USAGE);
        assertThat(r.err).contains("drums-on-melody.json").contains("not 10");
        assertThat(dir.resolve("y.mid")).doesNotExist();
    }

    private record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dir.resolve("data").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }
}

package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hitlmidi.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
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

    @Test
    void helpAndVersionEverywhere() {
        for (String[] c : new String[][] {{}, {"simulate"}, {"bench"}, {"profile"}, {"profile", "create"}, {"generate"}}) {
            String[] help = java.util.Arrays.copyOf(c, c.length + 1);
            help[c.length] = "--help";
            Run r = cli(help);
            assertThat(r.code()).as(String.join(" ", c)).isZero();
            assertThat(r.out()).contains("Usage:");
        }
        Run v = cli("--version");
        assertThat(v.code()).isZero();
        assertThat(v.out()).startsWith("hitl-midi 0.");
        assertThat(cli("simulate", "--version").out()).startsWith("hitl-midi 0.");
    }

    @Test
    void badParametersExitTwoWithOneLineSayingWhatIsAllowed() {
        String[][] bad = {
            {"simulate", "--base", "H4"}, {"simulate", "--scale", "lydiann"}, {"simulate", "--tempo", "401"},
            {"simulate", "--tempo", "19"}, {"simulate", "--length", "0"}, {"simulate", "--length", "65"},
            {"simulate", "--learner", "nope"}, {"simulate", "--learner", "/no/such/preset.json"},
            {"simulate", "--rater", "stepwise"}, {"simulate", "--episodes", "many"}, {"simulate", "--kit", "nokit"},
            {"generate", "-o", "x.mid", "--channel", "10"}, {"frobnicate"},
        };
        String[] says = {"C4", "mixolydian", "20..400", "20..400", "1..64", "1..64", "paper", "cannot read preset file",
            "builtin:NAME", "many", "no kits preset named 'nokit'", "not 10", "frobnicate"};
        for (int i = 0; i < bad.length; i++) {
            Run r = cli(bad[i]);
            assertThat(r.code()).as(String.join(" ", bad[i])).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", bad[i])).contains(says[i]).doesNotContain("\tat ")
                    .doesNotContain("Exception");
            assertThat(r.err().lines().filter(l -> l.startsWith("hitl-midi:")).count()).isEqualTo(1);
        }
    }

    @Test
    void debugShowsTheStackTrace() {
        Run r = cli("--debug", "simulate", "--scale", "lydiann");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void simulateWithThePythonListenerWritesTheJson() throws Exception {
        Path json = dir.resolve("out.json");
        String cmd = ExternalTools.PYTHON + " " + ExternalTools.sharedRaters().resolve("rater.py") + " "
                + ExternalTools.sharedRaters().resolve("groove-drummer.json");
        Run r = cli("simulate", "--learner", "paper", "--rater-cmd", cmd, "--episodes", "40", "--seeds", "2",
                "--target", "8", "--json", json.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).startsWith("paper vs ").contains("median ratingsToTarget");
        assertThat(r.err()).contains("80/80 ratings");
        JsonNode j = new ObjectMapper().readTree(Files.readString(json));
        assertThat(j.get("runs")).hasSize(2);
        assertThat(j.get("runs").get(1).get("ratings")).hasSize(40);
    }

    @Test
    void aDeadRaterEndsTheRunWithExitOneNamingIt() {
        Run r = cli("simulate", "--rater-cmd", "/bin/false", "--episodes", "3", "--seeds", "1", "--quiet");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("rater '/bin/false'").contains("exit code 1");
    }

    @Test
    void profilesFromTheCommandLine() throws Exception {
        assertThat(cli("profile", "create", "alice", "--scale", "dorian", "--tempo", "100").code()).isZero();
        assertThat(cli("profile", "list").out()).contains("alice").contains("dorian");
        Path f = dir.resolve("alice.json");
        assertThat(cli("profile", "export", "alice", "-o", f.toString()).code()).isZero();
        assertThat(cli("profile", "import", f.toString(), "--name", "bob").code()).isZero();
        assertThat(cli("profile", "delete", "alice").code()).isZero();
        assertThat(cli("profile", "list").out()).contains("bob").doesNotContain("alice");
        Run dup = cli("profile", "create", "bob");
        assertThat(dup.code()).isEqualTo(1);
        assertThat(dup.err()).contains("exists already");
    }

    @Test
    void generateWritesAFileOurReaderAccepts() throws Exception {
        Path f = dir.resolve("g.mid");
        Run r = cli("generate", "-o", f.toString(), "--seed", "4", "--scale", "blues", "--length", "12", "--paper");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(org.hitlmidi.music.MidiFiles.read(f).melody()).hasSize(12);
        Run c = cli("generate", "-o", f.toString(), "--seed", "4", "--bars", "2", "--meter", "3/4");
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("2 bars of 3/4");
        var t = org.hitlmidi.music.MidiFiles.read(f);
        assertThat(t.melody().stream().mapToDouble(org.hitlmidi.music.Note::duration).sum()).isCloseTo(6.0,
                org.assertj.core.data.Offset.offset(0.05));
    }
}

package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.hitlmidi.device.DeviceRunner;
import org.hitlmidi.device.PortOutputs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session commands as a user types them, against a device running in this JVM (built-in synth port). */
class SessionCliTest {
    @TempDir
    Path dir;

    private DeviceRunner device;

    record Run(int code, String out, String err) {
    }

    private Path data() {
        return dir.resolve("data");
    }

    private Path socket() {
        return dir.resolve("c.sock");
    }

    private DeviceRunner start() throws Exception {
        return DeviceRunner.start(new DeviceRunner.Options(data(), socket(), false, "default", "synth",
                Optional.empty(), OptionalLong.of(1), false, null), PortOutputs::open);
    }

    @BeforeEach
    void startDevice() throws Exception {
        device = start();
    }

    @AfterEach
    void stopDevice() {
        if (device != null) {
            device.close();
        }
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        all[0] = "--data-dir";
        all[1] = data().toString();
        all[2] = "--socket";
        all[3] = socket().toString();
        System.arraycopy(args, 0, all, 4, args.length);
        int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Issue 12 defect 11: the README's `hitl-midi learner NAME` did not exist. */
    @Test
    void learnerShowsAndSwitchesTheProfilesLearner() {
        assertThat(cli("rate", "7").code()).isZero();
        Run show = cli("learner");
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("learner: taste-model").contains("1 rating").contains("paper, paper-code, paper-decay");
        Run sw = cli("learner", "paper");
        assertThat(sw.code()).as(sw.err()).isZero();
        assertThat(sw.out()).contains("learner: paper").contains("rebuilt from 1 rating");
        assertThat(cli("status").out()).contains("learner paper");
        Run bad = cli("learner", "nope");
        assertThat(bad.code()).isEqualTo(Main.FAILED);
        assertThat(bad.err()).contains("no learners preset named 'nope'");
        assertThat(cli("learner", "--json").out()).contains("\"learner\":\"paper\"").contains("\"available\":[");
    }

    private com.fasterxml.jackson.databind.JsonNode json(String... args) throws Exception {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = "--json";
        Run r = cli(all);
        assertThat(r.code()).as(r.err()).isZero();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    }

    /**
     * Issue 12 defect 12: after a restart `history` said episode 2 and `status` episode 1, track numbers began
     * again, and `history` counted undone ratings where `status` and the panel do not.
     */
    @Test
    void numbersGoOnAfterARestartAndHistoryCountsAsStatusDoes() throws Exception {
        long lastTrack = 0;
        for (String[] c : new String[][] {{"rate", "6"}, {"rate", "7"}, {"params", "--base", "D4"}, {"rate", "8"},
                {"rate", "5"}, {"undo"}, {"params", "--scale", "dorian"}}) {
            Run r = cli(c);
            assertThat(r.code()).as(String.join(" ", c) + ": " + r.err()).isZero();
            lastTrack = Math.max(lastTrack, json("status").path("track").path("trackId").asLong());
        }
        var before = json("status");
        var history = json("history");
        assertThat(history.path("ratings").size()).isEqualTo(4);
        assertThat(history.path("total").asInt()).isEqualTo(before.path("ratings").asInt()).isEqualTo(3);
        assertThat(history.path("undone").asInt()).isEqualTo(1);
        int episode = before.path("track").path("episode").asInt();
        assertThat(episode).isEqualTo(3);

        device.close();
        device = start();
        var after = json("status");
        assertThat(after.path("track").path("episode").asInt()).as("episode after the restart").isEqualTo(episode);
        assertThat(after.path("track").path("trackId").asLong()).as("track number after the restart")
                .isGreaterThan(lastTrack);
        assertThat(json("history").path("ratings").get(3).path("episode").asInt()).isEqualTo(2);
        assertThat(cli("history").out()).contains("3 ratings (4 stored, 1 undone)");
        String time = history.path("ratings").get(0).path("time").asText();
        var t = java.time.OffsetDateTime.parse(time); // ISO-8601 with the local offset, to the second
        assertThat(t.getOffset()).isEqualTo(java.time.ZoneId.systemDefault().getRules().getOffset(t.toInstant()));
        assertThat(t.getNano()).isZero();
        assertThat(cli("history").out()).contains(time);
    }

    /** Issue 12 defect 13: `export /nonexistent/x.mid` made the folder (as root it made /nonexistent). */
    @Test
    void exportRefusesAFolderThatDoesNotExist() throws Exception {
        Path missing = dir.resolve("nonexistent").resolve("x.mid");
        Run r = cli("export", missing.toString());
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("no folder " + missing.getParent());
        assertThat(missing.getParent()).doesNotExist();
        java.nio.file.Files.writeString(dir.resolve("file"), "x");
        assertThat(cli("export", dir.resolve("file").resolve("x.mid").toString()).err()).contains("is not a folder");
        Run ok = cli("export", dir.resolve("x.mid").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(dir.resolve("x.mid")).isRegularFile();
    }

    /**
     * Issue 12 defect 4: `profile delete` of the device's profile made every later rating fail with
     * "FOREIGN KEY constraint failed" while `status` still named it.
     */
    @Test
    void profileDeleteIsRefusedWhileADeviceRunsOnTheDataDir() {
        assertThat(cli("rate", "6").code()).isZero();
        Run del = cli("profile", "delete", "default");
        assertThat(del.code()).isEqualTo(Main.FAILED);
        assertThat(del.err()).contains("cannot delete profile 'default' while a device runs on this data dir")
                .contains("hitl-midi stop");
        Run rate = cli("rate", "7");
        assertThat(rate.code()).as(rate.err()).isZero();
        assertThat(cli("history").out()).contains("2 ratings");
        device.close();
        device = null;
        Run stopped = cli("profile", "delete", "default");
        assertThat(stopped.code()).as(stopped.err()).isZero();
        assertThat(cli("profile", "list").out()).doesNotContain("default");
    }
}

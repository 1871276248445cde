package org.hitlmidi.preset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.hitlmidi.ExternalTools;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PresetsTest {
    @TempDir
    Path data;

    @Test
    void theIndexListsEveryPresetFile() throws Exception {
        Path presets = ExternalTools.repo().resolve("presets");
        List<String> files;
        try (Stream<Path> s = Files.walk(presets)) {
            files = s.filter(p -> p.toString().endsWith(".json")).map(p -> presets.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
        List<String> index = Files.readAllLines(presets.resolve("index.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).sorted().toList();
        assertThat(index).isEqualTo(files);
    }

    @Test
    void everyLearnerPresetBuilds() {
        Presets p = Presets.builtInOnly();
        assertThat(p.names("learners")).contains("paper");
        for (String name : p.names("learners")) {
            assertThat(Learners.build(p.load(org.hitlmidi.learn.LearnerConfig.KIND, name), new Edits(EditRules.PAPER)).name()).isEqualTo(name);
        }
    }

    @Test
    void userPresetsComeFirstAndErrorsNameFileAndField() throws Exception {
        Path dir = Files.createDirectories(data.resolve("presets/learners"));
        Files.writeString(dir.resolve("mine.json"), "{\"name\":\"mine\",\"kind\":\"tabular-q\",\"alpha\":2,\"gamma\":0.9,"
                + "\"exploration\":{\"kind\":\"epsilon-greedy\",\"epsilon\":0.5},\"reward\":{\"kind\":\"overall\"}}");
        Presets p = new Presets(Optional.of(data));
        assertThat(p.names("learners")).contains("mine", "paper");
        assertThatThrownBy(() -> Learners.build(p.load(org.hitlmidi.learn.LearnerConfig.KIND, "mine"), new Edits(EditRules.PAPER)))
                .isInstanceOf(PresetException.class).hasMessageContaining("mine.json")
                .hasMessageEndingWith("mine.json: field alpha: 2 is outside (0, 1]");

        Files.writeString(dir.resolve("typo.json"), "{\"name\":\"typo\",\"kind\":\"tabular-q\",\"alpah\":0.1}");
        assertThatThrownBy(() -> Learners.build(p.load(org.hitlmidi.learn.LearnerConfig.KIND, "typo"), new Edits(EditRules.PAPER)))
                .hasMessageContaining("typo.json: field alpah: is not a field here; allowed: about, actions, alpha,");

        Files.writeString(dir.resolve("broken.json"), "{\"name\": ");
        assertThatThrownBy(() -> p.load(org.hitlmidi.learn.LearnerConfig.KIND, "broken")).hasMessageContaining("broken.json")
                .hasMessageContaining("not valid JSON");

        assertThatThrownBy(() -> p.load(org.hitlmidi.learn.LearnerConfig.KIND, "nope")).hasMessageContaining("no learners preset named 'nope'")
                .hasMessageContaining("paper");
        assertThatThrownBy(() -> p.load(org.hitlmidi.learn.LearnerConfig.KIND, "../x")).isInstanceOf(PresetException.class);
    }

    /** Break 5 of issue 16 (and 10: a 300 MB preset failed with a NullPointerException): files are checked first. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aFileArgumentMustBeARegularFileUnderTheSizeLimit() throws Exception {
        Presets p = new Presets(Optional.of(data));
        Path fifo = data.resolve("fifo.json");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        assertThatThrownBy(() -> p.load(org.hitlmidi.learn.LearnerConfig.KIND, fifo.toString())).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> p.load(org.hitlmidi.learn.LearnerConfig.KIND, "/dev/zero")).hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> p.load(org.hitlmidi.learn.LearnerConfig.KIND, data.toString() + "/")).hasMessageContaining("not a regular file");
        Path big = data.resolve("big.json");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'{'}), 300_000_000L); // sparse: 300 MB, nothing on disk
        }
        assertThatThrownBy(() -> p.load(org.hitlmidi.learn.LearnerConfig.KIND, big.toString())).isInstanceOf(PresetException.class)
                .hasMessageContaining("300000001 bytes").hasMessageContaining("at most " + Presets.MAX_FILE_BYTES);
        Path secret = Files.writeString(data.resolve("secret.json"), "hunter2 root:x:0:0\n");
        assertThatThrownBy(() -> p.load(org.hitlmidi.learn.LearnerConfig.KIND, secret.toString())).hasMessageContaining("not valid JSON")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aPresetFileIsInstalledAmongTheUsersPresetsAndTheDeviceSeesItsNameOnly() throws Exception {
        Path file = Files.writeString(data.resolve("mine.json"), Files.readString(ExternalTools.repo()
                .resolve("presets/controllers/nanokontrol2.json")));
        Presets cli = new Presets(Optional.of(data.resolve("d")));
        assertThat(cli.install(org.hitlmidi.midi.ControllerConfig.KIND, file)).isEqualTo("mine");
        assertThat(cli.install(org.hitlmidi.midi.ControllerConfig.KIND, file)).as("the same again").isEqualTo("mine");
        Presets device = Presets.namesOnly(data.resolve("d"));
        assertThat(device.load(org.hitlmidi.midi.ControllerConfig.KIND, "mine").name()).isEqualTo("nanokontrol2");
        assertThat(device.file("controllers", "mine").source()).endsWith("mine.json");
        assertThatThrownBy(() -> device.load(org.hitlmidi.midi.ControllerConfig.KIND, file.toString())).hasMessageContaining("not a controllers preset name");
        Files.writeString(file, Files.readString(file).replace("nanoKONTROL2", "nano 2"));
        assertThatThrownBy(() -> cli.install(org.hitlmidi.midi.ControllerConfig.KIND, file)).hasMessageContaining("exists already");
    }
}

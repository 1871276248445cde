package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceSettingsTest {
    @TempDir
    Path dir;

    @Test
    void choicesOutliveTheObjectAndABrokenFileIsSaidAndIgnored() throws Exception {
        List<String> log = new ArrayList<>();
        DeviceSettings s = new DeviceSettings(dir, log::add);
        assertThat(s.get("clock")).isEmpty();
        s.put("clock", "follow");
        s.put("controller", "nanokontrol2");
        DeviceSettings again = new DeviceSettings(dir, log::add);
        assertThat(again.get("clock")).hasValue("follow");
        assertThat(again.get("controller")).hasValue("nanokontrol2");
        assertThat(log).isEmpty();

        Files.writeString(dir.resolve(DeviceSettings.FILE), "{\"clock\": \"send\", tru"); // a torn or hand-broken file
        assertThat(again.get("clock")).isEmpty();
        assertThat(log).hasSize(1);
        assertThat(log.get(0)).contains(DeviceSettings.FILE).contains("not used");
        again.put("clock", "send");
        assertThat(new DeviceSettings(dir, log::add).get("clock")).hasValue("send");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no temp file left")
                    .containsExactly(DeviceSettings.FILE);
        }
    }
}

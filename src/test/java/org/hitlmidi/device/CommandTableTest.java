package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.hitlmidi.ExternalTools;
import org.hitlmidi.control.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device's command table is the one list: the codec's command names and docs/protocol.md agree with it. */
class CommandTableTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void theCodecAndTheDocsListTheTablesCommandsWithTheirFields() throws Exception {
        List<CommandTable.Command> table;
        try (DeviceRunner r = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"), false,
                "default", "synth", Optional.empty(), OptionalLong.of(1), false, null), PortOutputs::open)) {
            table = r.device().commands();
        }
        List<String> names = table.stream().map(CommandTable.Command::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(Protocol.COMMANDS).containsExactlyInAnyOrderElementsOf(names);

        // docs/protocol.md: one table row per command, "| `name` | fields | reply |", in the table's order
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ExternalTools.repo().resolve("docs/protocol.md"))) {
            var m = java.util.regex.Pattern.compile("^\\| `([a-z_]+)` \\|([^|]*)\\|").matcher(line);
            if (m.find() && !m.group(1).isEmpty()) {
                rows.put(m.group(1), m.group(2));
            }
        }
        assertThat(rows.keySet().stream().filter(names::contains).collect(Collectors.toList())).isEqualTo(names);
        for (CommandTable.Command c : table) {
            for (String f : c.fields()) {
                assertThat(rows.get(c.name())).as("docs/protocol.md's row of " + c.name()).contains("`" + f + "`");
            }
        }
    }
}

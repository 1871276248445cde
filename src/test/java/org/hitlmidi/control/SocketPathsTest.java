package org.hitlmidi.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketPathsTest {
    @TempDir
    Path dir;

    private final Map<String, String> xdg = Map.of("XDG_RUNTIME_DIR", "/run/user/1000");

    @Test
    void theDefaultDataDirsSocketFollowsXdgRuntimeDirElseTheDataDir() {
        Path data = dir.resolve("data");
        assertThat(SocketPaths.socket(Optional.empty(), xdg, data, data))
                .isEqualTo(Path.of("/run/user/1000/hitl-midi/control.sock"));
        assertThat(SocketPaths.socket(Optional.empty(), Map.of(), data, data))
                .isEqualTo(data.resolve("run/control.sock").toAbsolutePath());
        assertThat(SocketPaths.socket(Optional.of(Path.of("/x/y.sock")), Map.of("XDG_RUNTIME_DIR", "/r"), data, data))
                .isEqualTo(Path.of("/x/y.sock"));
    }

    /** Issue 12 defect 10: `--data-dir B rate 7` rated the device of data dir A. */
    @Test
    void anotherDataDirHasASocketOfItsOwn() {
        Path standard = dir.resolve("standard");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path sa = SocketPaths.socket(Optional.empty(), xdg, a, standard);
        Path sb = SocketPaths.socket(Optional.empty(), xdg, b, standard);
        assertThat(sa).isNotEqualTo(sb).isNotEqualTo(SocketPaths.socket(Optional.empty(), xdg, standard, standard));
        assertThat(sa.getParent().getParent()).isEqualTo(Path.of("/run/user/1000/hitl-midi"));
        assertThat(sa.getFileName()).isEqualTo(Path.of(SocketPaths.SOCKET_FILE));
        // the same folder however it is spelled
        assertThat(SocketPaths.socket(Optional.empty(), xdg, dir.resolve("x/../a"), standard)).isEqualTo(sa);
        assertThat(sa.toString().length()).isLessThan(SocketPaths.MAX_PATH_BYTES);
        assertThat(SocketPaths.socket(Optional.empty(), Map.of(), a, standard))
                .isEqualTo(a.resolve("run/control.sock").toAbsolutePath());
    }
}

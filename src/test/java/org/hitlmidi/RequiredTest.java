package org.hitlmidi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing requirement skips a test on a developer's machine and fails it under CI=true; no test skips another way. */
class RequiredTest {
    @Test
    void aMissingRequirementSkipsOnADevelopersMachineAndFailsUnderCi() {
        assertThatCode(() -> Required.that(true, "present", false)).doesNotThrowAnyException();
        assertThatCode(() -> Required.that(true, "present", true)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Required.that(false, "tool X is not installed", false))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("tool X is not installed");
        assertThatThrownBy(() -> Required.that(false, "tool X is not installed", true))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("tool X is not installed")
                .hasMessageContaining("CI=true");
        // the environment's own answer goes the same way
        assertThatThrownBy(() -> Required.that(false, "tool Y", Required.inCi()))
                .isInstanceOf(Required.inCi() ? AssertionFailedError.class : TestAbortedException.class);
    }

    @Test
    void aMissingSharedFolderIsARequirementToo(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path raters = dir.resolve("shared").resolve("raters");
        assertThatThrownBy(() -> Required.shared(raters)).hasMessageContaining("../shared beside the repository");
        Files.createDirectories(raters);
        Files.writeString(raters.resolve("rater.py"), "");
        assertThatCode(() -> Required.shared(raters)).doesNotThrowAnyException();
    }

    /**
     * Every skip goes through {@link Required} (so CI fails instead), but for the PipeWire harness's own limits and
     * the few listed here, each with why it is not a requirement a claim rests on.
     */
    @Test
    void noTestSkipsAroundRequired() throws IOException {
        Pattern skip = Pattern.compile("Assumptions\\.(assume\\w*|abort)\\(|\\bassume(True|False)\\(|\\babort\\(");
        List<String> allowed = List.of(
                "JackDummyServer.pipewire()", // the PipeWire harness (installer/test-pipewire) cannot kill its server
                "canWrite(ro)"); // root ignores permissions; the fault suite covers it with a read-only mount
        List<String> found = new ArrayList<>();
        Path root = Path.of(System.getProperty("hitl.repo", ".")).resolve("src/test/java");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.getFileName().toString().startsWith("Required")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i);
                    // a call spread over two lines is read as one
                    String next = i + 1 < lines.size() && !l.strip().endsWith(";") ? lines.get(i + 1) : "";
                    if (skip.matcher(l).find() && !l.strip().startsWith("import")
                            && allowed.stream().noneMatch(a -> l.contains(a) || next.contains(a))) {
                        found.add(root.relativize(f) + ":" + (i + 1) + ": " + l.strip());
                    }
                }
            }
        }
        assertThat(found).as("skips that would pass silently in CI: use Required").isEmpty();
    }
}

package org.hitlmidi.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A built-in listener's sub-ratings are the same in every run of the same seed: its noise is drawn per aspect in a
 * fixed order. They were drawn in a HashMap's order, which follows the aspects' identity hash codes, so the same
 * `simulate` gave other sub-ratings in another JVM run (seen when the session core moved under it). Two JVMs with
 * different identity hash codes (HotSpot's default and -XX:hashCode=2) must write the same sub-ratings.
 */
class ProfileRaterOrderTest {
    @TempDir
    Path dir;

    @Test
    void subRatingsDoNotDependOnTheJvmsHashCodes() throws Exception {
        assertThat(subRatings(List.of(), dir.resolve("a.json")))
                .isEqualTo(subRatings(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2"), dir.resolve("b.json")));
    }

    private List<String> subRatings(List<String> jvm, Path json) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.hitlmidi.cli.Main", "--data-dir",
                dir.resolve("data").toString(), "simulate", "--episodes", "8", "--seeds", "1", "--quiet", "--json",
                json.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("simulate ended").isTrue();
        assertThat(p.exitValue()).as(java.nio.file.Files.readString(dir.resolve("out.txt"))).isZero();
        List<String> out = new ArrayList<>();
        for (JsonNode r : new ObjectMapper().readTree(json.toFile()).path("runs").get(0).path("subRatings")) {
            out.add(r.path("musicality").asInt() + "/" + r.path("novelty").asInt() + "/" + r.path("coherence").asInt());
        }
        assertThat(out).hasSize(8);
        return out;
    }
}

package org.hitlmidi.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.hitlmidi.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar (target/hitl-midi.jar, after `package`) holds the application only: no JMH, no benchmark and no
 * JACK test helper (issue 12); it carries our licence and the list of its libraries; and its `bench` says where
 * the benchmarks are instead of failing on a missing class.
 */
class ShippedJarIT {
    private static final List<String> NOT_SHIPPED = List.of("org/openjdk/jmh/", "joptsimple/", "org/apache/commons/math3/",
            "org/hitlmidi/midi/TimingBench", "org/hitlmidi/midi/JackDummyServer", "org/hitlmidi/midi/JackProbeClient",
            "org/hitlmidi/sim/QUpdateBenchmark", "org/hitlmidi/sim/Bench.class", "org/hitlmidi/cli/Benchmarks",
            "org/hitlmidi/cli/TimingCommand", "META-INF/BenchmarkList");

    @TempDir
    Path tmp;

    private static Path jar() {
        return ExternalTools.repo().resolve("target/hitl-midi.jar");
    }

    @Test
    void itHoldsTheApplicationOnly() throws Exception {
        List<String> names;
        try (ZipFile z = new ZipFile(jar().toFile())) {
            names = z.stream().map(ZipEntry::getName).toList();
        }
        System.out.printf("ShippedJarIT: %s, %,d bytes, %,d entries%n", jar().getFileName(), Files.size(jar()), names.size());
        for (String prefix : NOT_SHIPPED) {
            assertThat(names).as("entries starting with %s", prefix).noneMatch(n -> n.startsWith(prefix));
        }
        assertThat(names).contains("org/hitlmidi/cli/Main.class", "org/hitlmidi/cli/BenchCommand.class",
                "META-INF/LICENSE", "META-INF/NOTICE", "META-INF/licences.md", "META-INF/licences/EPL-1.0.txt");
    }

    @Test
    void benchSaysWhereTheBenchmarksAre() throws Exception {
        Path log = tmp.resolve("bench.log");
        Process p = new ProcessBuilder("java", "-jar", jar().toString(), "--data-dir", tmp.resolve("data").toString(),
                "bench", "timing", "--periods", "256").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bench finished").isTrue();
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out).contains("not in this jar", "./installer/hitl-midi bench").doesNotContain("Exception");
    }
}

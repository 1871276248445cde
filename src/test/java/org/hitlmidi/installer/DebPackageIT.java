package org.hitlmidi.installer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.ExternalTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the .deb with installer/linux/build (after `package`, so the shaded jar exists), then checks it as a
 * user would meet it: what dpkg says it holds, and the launcher unpacked with `dpkg-deb -x` answering
 * --version, running a short simulation and writing a service unit that systemd accepts. Prints the figures.
 */
class DebPackageIT {
    private static final String APP = "./opt/hitl-midi/";

    // built once for all tests: the build is the slow part (about a minute)
    @TempDir
    static Path tmp;

    private static Path deb;
    private static Path root;
    private static List<String> contents;

    @BeforeAll
    static void buildAndUnpack() throws Exception {
        Path dest = ExternalTools.repo().resolve("target/it-installer");
        long t0 = System.nanoTime();
        Result r = run(List.of(ExternalTools.repo().resolve("installer/linux/build").toString(), "--type", "deb",
                "--dest", dest.toString()), Map.of(), 900);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.code()).as(r.out()).isZero();
        try (var s = Files.list(dest)) {
            deb = s.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow();
        }
        System.out.printf("DebPackageIT: built %s, %.1f MB, in %.0f s%n", deb.getFileName(), Files.size(deb) / 1e6,
                seconds);
        contents = new ArrayList<>();
        for (String line : ExternalTools.check(List.of("dpkg-deb", "-c", deb.toString())).split("\n")) {
            // "perms owner size date time path[ -> target]": the path starts at the sixth column
            String[] cols = line.trim().split("\\s+", 6);
            contents.add(cols[5]);
        }
        root = tmp.resolve("root");
        ExternalTools.check(List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
    }

    @Test
    void controlNamesThePackageAndItsVersion() throws Exception {
        String info = ExternalTools.check(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Version",
                "Architecture"));
        assertThat(info).contains("Package: hitl-midi", "Version: " + System.getProperty("hitl.version", "0.1.0")
                .replace("-SNAPSHOT", ""));
    }

    @Test
    void itHoldsTheLauncherTheUnitAndEveryPreset() throws Exception {
        assertThat(contents).contains(APP + "bin/hitl-midi", APP + "lib/app/hitl-midi.jar",
                "./usr/bin/hitl-midi -> /opt/hitl-midi/bin/hitl-midi", "./usr/lib/systemd/user/hitl-midi.service",
                "./usr/share/doc/hitl-midi/copyright", APP + "lib/app/LICENSE", APP + "lib/app/NOTICE",
                APP + "lib/app/licences.md", APP + "lib/app/licences/EPL-1.0.txt");
        List<String> index = Files.readAllLines(ExternalTools.repo().resolve("presets/index.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(index).isNotEmpty();
        for (String preset : index) {
            assertThat(contents).contains(APP + "lib/app/presets/" + preset);
        }
        String unit = Files.readString(root.resolve("usr/lib/systemd/user/hitl-midi.service"));
        assertThat(unit).contains("ExecStart=/usr/bin/hitl-midi device\n", "Restart=on-failure\n",
                "WantedBy=default.target\n");
    }

    @Test
    void theRuntimeHoldsOnlyTheModulesTheJarNeeds() throws Exception {
        String release = Files.readString(root.resolve("opt/hitl-midi/lib/runtime/release"));
        String modules = release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow();
        System.out.println("DebPackageIT: runtime " + modules);
        assertThat(modules).contains("java.base", "java.desktop", "java.sql").doesNotContain("jdk.compiler",
                "jdk.jshell", "java.net.http");
    }

    @Test
    void theUnpackedLauncherAnswersVersionAndRunsAShortSimulation() throws Exception {
        Path launcher = root.resolve("opt/hitl-midi/bin/hitl-midi");
        Result v = run(List.of(launcher.toString(), "--version"), Map.of(), 60);
        assertThat(v.code()).as(v.out()).isZero();
        assertThat(v.out()).startsWith("hitl-midi " + System.getProperty("hitl.version", "0.1.0") + " (Java 17");

        Path json = tmp.resolve("sim.json");
        long t0 = System.nanoTime();
        Result sim = run(List.of(launcher.toString(), "--data-dir", tmp.resolve("data").toString(), "simulate",
                "--episodes", "20", "--seeds", "1", "--json", json.toString()), Map.of(), 120);
        System.out.printf("DebPackageIT: simulate --episodes 20 --seeds 1 took %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(sim.code()).as(sim.out()).isZero();
        JsonNode out = new ObjectMapper().readTree(json.toFile());
        assertThat(out.toString()).contains("ratingsToTarget");
        assertThat(sim.out()).contains(org.hitlmidi.learn.Learners.DEFAULT + " vs builtin:stepwise-singer");
    }

    @Test
    void theNativeLibrariesLeftInThePackagedJarLoad() throws Exception {
        // the packaged jar keeps only this machine's SQLite and JNA natives: both must still load
        Path launcher = root.resolve("opt/hitl-midi/bin/hitl-midi");
        String data = tmp.resolve("natives").toString();
        Result create = run(List.of(launcher.toString(), "--data-dir", data, "profile", "create", "packaged"), Map.of(), 60);
        assertThat(create.code()).as(create.out()).isZero();
        Result list = run(List.of(launcher.toString(), "--data-dir", data, "profile", "list"), Map.of(), 60);
        assertThat(list.out()).contains("packaged");
        Result ports = run(List.of(launcher.toString(), "--data-dir", data, "ports"), Map.of(), 60);
        assertThat(ports.code()).as(ports.out()).isZero();
        assertThat(ports.out()).contains("backends:").doesNotContain("UnsatisfiedLinkError", "jnidispatch");
        List<String> jar = new ArrayList<>();
        try (var z = new java.util.zip.ZipFile(root.resolve("opt/hitl-midi/lib/app/hitl-midi.jar").toFile())) {
            z.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.endsWith(".so") || n.endsWith(".dll")
                    || n.endsWith(".dylib") || n.endsWith(".jnilib")).forEach(jar::add);
        }
        System.out.println("DebPackageIT: natives in the packaged jar: " + jar);
        assertThat(jar).noneMatch(n -> n.endsWith(".dll") || n.startsWith("org/sqlite/native/Mac/"));
        assertThat(jar).anyMatch(n -> n.startsWith("org/sqlite/native/Linux/"))
                .anyMatch(n -> n.startsWith("com/sun/jna/linux-"));
    }

    @Test
    void theUnpackedLauncherInstallsAUserUnitThatSystemdAccepts() throws Exception {
        Path launcher = root.resolve("opt/hitl-midi/bin/hitl-midi");
        Path home = tmp.resolve("home");
        Path noTools = Files.createDirectories(tmp.resolve("empty-path"));
        Result r = run(List.of(launcher.toString(), "service", "install"),
                Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                        "PATH", noTools.toString()), 60);
        assertThat(r.code()).as(r.out()).isZero();
        Path unit = home.resolve(".config/systemd/user/hitl-midi.service");
        // jpackage's launcher tells the app where it is: the unit runs exactly this launcher
        assertThat(Files.readString(unit)).contains("ExecStart=" + launcher + " device\n");
        Result verify = run(List.of("systemd-analyze", "verify", unit.toString()), Map.of(), 60);
        assertThat(verify.code()).as(verify.out()).isZero();
    }

    private record Result(int code, String out) {
    }

    /** Runs with stdout and stderr merged into one file (a long build writes a lot), under a time limit. */
    private static Result run(List<String> argv, Map<String, String> env, long seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile(tmp, "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(argv + " did not finish in " + seconds + " s:\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}

package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.device.DeviceRunner;
import org.hitlmidi.device.PortOutputs;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's quick path (issue 13, start-up): a session command to a running device runs inside the device through
 * the `cli` request and prints and exits exactly as the long way does, and the client JVM loads neither picocli nor
 * Jackson for it. A device device started without the CLI's runner, and commands that must not run in the device,
 * go the long way.
 */
class QuickClientTest {
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

    private void start(boolean withRunner) throws Exception {
        device = DeviceRunner.start(new DeviceRunner.Options(data(), socket(), false, Profile.DEFAULT,
                "synth", Optional.empty(), OptionalLong.of(5), false, null), PortOutputs::open);
        if (withRunner) {
            device.device().runCommandLines(QuickClient.inDevice()); // as the device command does
        }
    }

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
    }

    private String[] args(String... a) {
        List<String> all = new ArrayList<>(List.of("--data-dir", data().toString(), "--socket", socket().toString()));
        all.addAll(List.of(a));
        return all.toArray(String[]::new);
    }

    private Run longWay(String... a) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args(a), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private Run quick(String... a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = QuickClient.tryRun(args(a), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private long ratings() {
        try (SqliteStore s = SqliteStore.openIn(data())) {
            return s.ratings(s.profile(Profile.DEFAULT).orElseThrow().id(), true).size();
        }
    }

    @Test
    void aSessionCommandRunsInTheDeviceAndPrintsWhatTheLongWayPrints() throws Exception {
        start(true);
        // a tree runs one command line: an option given once (--limit, --tempo) is not there the next time
        for (String[] a : List.of(new String[] {"params"}, new String[] {"quantize"}, new String[] {"history", "--limit", "3"},
                new String[] {"history"}, new String[] {"rate", "11"}, new String[] {"rate", "--help"},
                new String[] {"params", "--tempo", "-4"}, new String[] {"params"})) {
            Run q = quick(a);
            Run l = longWay(a);
            assertThat(q.code()).as("quick %s", List.of(a)).isNotNegative();
            assertThat(q).as("quick and long way of %s", List.of(a)).isEqualTo(l);
        }
        assertThat(quick("rate", "11").code()).as("a refused rating: the long way's usage code").isEqualTo(Main.USAGE);
        long before = ratings();
        Run r = quick("rate", "7");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isNotBlank();
        assertThat(ratings()).as("the rating was stored").isEqualTo(before + 1);
    }

    @Test
    void commandsThatMustNotRunInTheDeviceAndDevicesWithoutTheRunnerGoTheLongWay() throws Exception {
        start(false);
        long before = ratings();
        assertThat(quick("rate", "7").code()).as("unknown_command from the device: the long way").isEqualTo(-1);
        assertThat(ratings()).as("nothing ran").isEqualTo(before);
        device.device().runCommandLines(QuickClient::runInDevice);
        // export writes a file of the client's folder; controller reads one; device, bench... are not session commands
        for (String c : List.of("export", "controller", "device", "stop", "simulate", "panel")) {
            assertThat(quick(c, "x.mid").code()).as(c).isEqualTo(-1);
        }
        assertThat(QuickClient.runInDevice(List.of("--socket", socket().toString(), "device")).code())
                .as("the device refuses what the quick path would not send").isEqualTo(Main.USAGE);
        // no device on the socket: the long way (its 'not running' message)
        assertThat(QuickClient.tryRun(new String[] {"--socket", dir.resolve("none.sock").toString(), "status"},
                System.out, System.err)).isEqualTo(-1);
    }

    @Test
    void theQuickClientLoadsNeitherPicocliNorJackson() throws Exception {
        start(true);
        Path classes = dir.resolve("classes.txt");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load:file=" + classes, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args("status")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("the status as the long way prints it").isEqualTo(longWay("status").out());
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).as("classes loaded").hasSizeGreaterThan(100);
        assertThat(loaded.stream().filter(l -> l.contains(" picocli.") || l.contains(" com.fasterxml.")).toList())
                .as("picocli or Jackson classes loaded by the quick client").isEmpty();
        // nor the JAAS library for our own user's name (the JVM's user.name is the same getpwuid), nor a look for a
        // SelectorProvider service through every jar of the class path (the JDK's default one is named instead)
        assertThat(loaded.stream().filter(l -> l.contains(" com.sun.security.auth.")
                || l.contains(" java.util.ServiceLoader$LazyClassPathLookupIterator ")).toList())
                .as("JAAS or class-path service lookup classes loaded by the quick client").isEmpty();
    }

    @Test
    void onlyAKnownOsGetsItsDefaultSelectorProviderNamed() {
        String before = System.getProperty(QuickClient.SELECTOR_PROVIDER);
        QuickClient.defaultSelectorProvider("Plan 9");
        assertThat(System.getProperty(QuickClient.SELECTOR_PROVIDER)).as("an OS it does not know").isEqualTo(before);
    }

    @Test
    void theClientsJsonReadsNumbersAsLongsOrDoubles() {
        var m = new QuickClient.Json("{\"a\":12,\"b\":-3,\"c\":1.5,\"d\":-2e3,\"e\":0,\"f\":[-0.25,7]}").object();
        assertThat(m).containsEntry("a", 12L).containsEntry("b", -3L).containsEntry("c", 1.5).containsEntry("d", -2000.0)
                .containsEntry("e", 0L).containsEntry("f", List.of(-0.25, 7L));
        for (String bad : List.of("{\"a\":-}", "{\"a\":1x}", "{\"a\":--1}")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new QuickClient.Json(bad).object()).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

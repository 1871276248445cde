package org.hitlmidi.midi.porthost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hitlmidi.JvmRuns.jarredClassPath;
import static org.hitlmidi.JvmRuns.java;
import static org.hitlmidi.JvmRuns.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hitlmidi.midi.PortOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The port host's AppCDS archive (start-up, issue 13): its training run writes an archive a host JVM then runs from,
 * the device's host command takes the archive the launcher names, and the packages' build writes it after install.
 */
class PortHostArchiveTest {
    @TempDir
    Path dir;

    @Test
    void theTrainingRunWritesAnArchiveAHostRunsFrom() throws Exception {
        Path jsa = dir.resolve("porthost.jsa");
        String cp = jarredClassPath(dir);
        run(List.of(java(), "-XX:ArchiveClassesAtExit=" + jsa, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xlog:disable", "-cp", cp, PortHost.class.getName(), PortHost.ARCHIVE_TRAINING));
        assertThat(jsa).isRegularFile();
        // -Xshare:on fails rather than run without the archive; class+load says where each class came from
        String log = run(List.of(java(), "-XX:SharedArchiveFile=" + jsa, "-Xshare:on", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xlog:class+load", "-cp", cp, PortHost.class.getName(),
                PortHost.ARCHIVE_TRAINING));
        assertThat(log.lines().filter(l -> l.contains(" org.hitlmidi.midi.porthost.PortHost ")).toList())
                .as("the host's main class").singleElement().asString().contains("shared objects file (top)");
        assertThat(log.lines().filter(l -> l.contains(" org.jaudiolibs.jnajack.Jack ")).toList())
                .as("jnajack's entry class").singleElement().asString().contains("shared objects file (top)");
    }

    @Test
    void theHostCommandTakesTheArchiveTheLauncherNames() throws Exception {
        Path jsa = Files.writeString(dir.resolve("host.jsa"), "x");
        PortOptions o = PortOptions.defaults(dir);
        String before = System.getProperty(HostedJackPort.CDS_PROPERTY);
        try {
            System.setProperty(HostedJackPort.CDS_PROPERTY, jsa.toString());
            List<String> with = HostedJackPort.command(o);
            assertThat(with).contains("-XX:SharedArchiveFile=" + jsa, "-Xlog:disable", "-Xlog:all=warning:stderr");
            // JVM warnings must not reach stdout, the protocol's channel: the logging options come before the class
            assertThat(with.indexOf("-Xlog:all=warning:stderr")).isLessThan(with.indexOf(PortHost.class.getName()));
            System.setProperty(HostedJackPort.CDS_PROPERTY, dir.resolve("missing.jsa").toString());
            assertThat(new ArrayList<>(HostedJackPort.command(o))).noneMatch(a -> a.startsWith("-XX:SharedArchiveFile"));
        } finally {
            if (before == null) {
                System.clearProperty(HostedJackPort.CDS_PROPERTY);
            } else {
                System.setProperty(HostedJackPort.CDS_PROPERTY, before);
            }
        }
    }

    @Test
    void thePackagesWriteTheArchivesAfterInstall() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        String build = Files.readString(repo.resolve("installer/linux/build"));
        assertThat(build).contains("org.hitlmidi.midi.porthost.PortHost " + PortHost.ARCHIVE_TRAINING)
                .contains("-D" + HostedJackPort.CDS_PROPERTY + "=$APPDIR/hitl-midi-porthost.jsa")
                .contains("-XX:SharedArchiveFile=$APPDIR/hitl-midi.jsa")
                .contains("--generate-cds-archive")
                .contains("DEBIAN/postinst");
        assertThat(Files.readString(repo.resolve("installer/linux/hitl-midi.spec"))).contains("HITL_APPCDS");
        assertThat(Files.readString(repo.resolve("installer/hitl-midi")))
                .contains("org.hitlmidi.midi.porthost.PortHost " + PortHost.ARCHIVE_TRAINING)
                .contains("-D" + HostedJackPort.CDS_PROPERTY + "=");
    }
}

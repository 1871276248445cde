package org.hitlmidi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.hitlmidi.ExternalTools;
import org.junit.jupiter.api.Test;

/** Issue 12 defect 14: the panel's start printed JavaFX's "Unsupported JavaFX configuration" warning. */
class QuietJavaFxTest {
    /** A JVM of its own starts JavaFX once (headless), as the panel does, and exits. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("quiet")) {
            PanelCommand.quietJavaFx();
        }
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await(30, TimeUnit.SECONDS);
        Platform.exit();
        System.exit(0);
    }

    private static ExternalTools.Result start(String mode) throws Exception {
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless",
                "-Dprism.order=sw", "-Djava.awt.headless=true", QuietJavaFxTest.class.getName(), mode));
        ExternalTools.Result r = ExternalTools.run(argv, 120);
        assertThat(r.code()).as(r.err()).isZero();
        return r;
    }

    @Test
    void thePanelStartsJavaFxWithoutTheClasspathWarning() throws Exception {
        // the warning is real here (so the test can see it), and gone as the panel starts JavaFX
        assertThat(start("plain").err()).contains("Unsupported JavaFX configuration");
        assertThat(start("quiet").err()).doesNotContain("Unsupported JavaFX configuration").doesNotContain("WARNING");
    }
}

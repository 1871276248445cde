package org.hitlmidi.panel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.hitlmidi.ExternalTools;
import org.hitlmidi.midi.JackDummyServer;
import org.hitlmidi.midi.RtMidiController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * MIDI-learn with real parts: a JACK dummy server, the device process on it, and a controller played by
 * python-rtmidi into hitl-midi:in. Click Learn, click a knob, turn the hardware knob: mapped and saved.
 */
@ExtendWith(ApplicationExtension.class)
class PanelMidiLearnTest {
    @TempDir
    static Path tmp;
    private static JackDummyServer jack;
    private static DeviceProcess device;
    private PanelState state;
    private DeviceSession session;
    private PanelView view;

    @BeforeAll
    static void startDevice() throws Exception {
        org.hitlmidi.Required.jackd();
        org.hitlmidi.Required.python();
        jack = JackDummyServer.start(48000, 256);
        device = new DeviceProcess(tmp, "jack", jack.environment()).start();
    }

    @AfterAll
    static void stopDevice() throws Exception {
        if (device != null) {
            device.close();
        }
        if (jack != null) {
            jack.close();
        }
    }

    @Start
    void start(Stage stage) {
        state = new PanelState();
        session = new DeviceSession(device.connector(), state, Platform::runLater);
        view = new PanelView(state, session);
        stage.setScene(view.createScene(PanelWindow.WIDTH, PanelWindow.HEIGHT));
        stage.show();
        session.start();
    }

    @AfterEach
    void stop() {
        session.close();
    }

    @Test
    void clickAControlTurnAHardwareKnobAndTheMappingIsSaved(FxRobot robot) throws Exception {
        PanelDeviceTest.await("the device", () -> Fx.call(() -> state.link.get() == PanelState.Link.CONNECTED
                && state.track.get() != null));
        robot.clickOn("#learn");
        robot.clickOn("#novelty");
        assertThat(view.armedControl()).hasValue("novelty");
        // the panel's own hint ends in "'novelty'."; the device's reply (armed) in "'novelty'"
        PanelDeviceTest.await("the device to arm", () -> Fx.call(() -> state.message.get()).endsWith("'novelty'"));

        sendCcs(1, 21, 3);
        PanelDeviceTest.await("the learned mapping", () -> Fx.call(() -> state.mappings.containsKey("novelty")));
        assertThat(Fx.call(() -> state.mappings.get("novelty"))).isEqualTo("ch 1 CC 21");
        assertThat(Fx.call(() -> view.armedControl())).isEmpty();
        assertThat(Fx.call(() -> state.lastCc.get())).isNotNull();

        JsonNode saved = new ObjectMapper().readTree(
                device.dataDir().resolve("presets/controllers/learned.json").toFile());
        assertThat(saved.path("controls").path("novelty").path("cc").asInt()).isEqualTo(21);
        assertThat(saved.path("channel").asInt()).isEqualTo(1);

        // A second control on another channel; then the picture of learn mode with one control armed.
        robot.clickOn("#rate");
        PanelDeviceTest.await("the device to arm", () -> Fx.call(() -> state.message.get()).endsWith("'rate'"));
        sendCcs(2, 41, 1);
        PanelDeviceTest.await("the second mapping", () -> Fx.call(() -> state.mappings.containsKey("rate")));
        assertThat(Fx.call(() -> state.mappings.get("rate"))).isEqualTo("ch 2 CC 41");
        robot.clickOn("#overall");
        Snapshots.save(Fx.call(() -> Snapshots.image(view.root())), "panel-midi-learn.png");
    }

    /** Sends {@code count} changes of CC {@code cc} on {@code channel} into hitl-midi:in, as a controller would. */
    private static void sendCcs(int channel, int cc, int count) throws Exception {
        try (RtMidiController ctl = RtMidiController.open(jack, "hitl-midi:in")) {
            for (int v = 0; v < count; v++) {
                ctl.cc(channel, cc, 40 + 10 * v);
                Thread.sleep(20); // pacing on purpose: a hand turning a knob, not a burst
            }
        }
    }
}

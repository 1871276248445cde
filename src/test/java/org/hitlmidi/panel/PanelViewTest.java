package org.hitlmidi.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.scene.control.Control;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The panel with no device to talk to: what it shows and that it keeps trying. */
@ExtendWith(ApplicationExtension.class)
class PanelViewTest {
    private final AtomicInteger attempts = new AtomicInteger();
    private PanelState state;
    private DeviceSession session;
    private PanelView view;

    @Start
    void start(Stage stage) {
        state = new PanelState();
        session = new DeviceSession(() -> {
            attempts.incrementAndGet();
            throw new IOException("no device in this test");
        }, state, Platform::runLater);
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
    void everyShortcutIsInATooltip(FxRobot robot) {
        assertThat(tooltip(robot, "#rate")).contains("1..9").contains("0 = 10");
        assertThat(tooltip(robot, "#next")).contains("Enter");
        assertThat(tooltip(robot, "#replay")).contains("Space");
        assertThat(tooltip(robot, "#undo")).contains("Ctrl+Z");
        assertThat(tooltip(robot, "#keep")).contains("(K)");
        assertThat(tooltip(robot, "#export")).contains("Ctrl+E");
    }

    @Test
    void withoutADeviceItSaysSoDisablesActionsAndKeepsTrying(FxRobot robot) {
        PanelDeviceTest.await("three connection attempts", () -> attempts.get() >= 3);
        assertThat(robot.lookup("#banner").query().isVisible()).isTrue();
        assertThat(robot.lookup("#rate").query().isDisabled()).isTrue();
        // Keys do nothing while nobody listens (and the knob keeps its value).
        robot.clickOn("#overall").type(KeyCode.DIGIT9);
        assertThat(Fx.call(() -> view.overallKnob().intValue())).isEqualTo(5);
    }

    @Test
    void subRatingKnobsCanBeHidden(FxRobot robot) {
        javafx.scene.Node novelty = robot.lookup("#novelty").query();
        assertThat(Fx.call(() -> shown(novelty))).isTrue();
        Fx.run(() -> view.subRatingsShownProperty().set(false));
        assertThat(Fx.call(() -> shown(novelty))).isFalse();
        assertThat(Fx.call(() -> shown(robot.lookup("#overall").query()))).isTrue();
    }

    private static boolean shown(javafx.scene.Node n) {
        for (javafx.scene.Node x = n; x != null; x = x.getParent()) {
            if (!x.isVisible()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void keyDigitsMapOneToNineAndZeroToTen() {
        assertThat(PanelView.digitOf(KeyCode.DIGIT1)).isEqualTo(1);
        assertThat(PanelView.digitOf(KeyCode.NUMPAD9)).isEqualTo(9);
        assertThat(PanelView.digitOf(KeyCode.DIGIT0)).isEqualTo(0);
        assertThat(PanelView.digitOf(KeyCode.A)).isEqualTo(-1);
    }

    private static String tooltip(FxRobot robot, String id) {
        Control c = robot.lookup(id).query();
        return Fx.call(() -> c.getTooltip().getText());
    }
}

package org.hitlmidi.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
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

    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
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

    /** The knobs' dial diameters and value text sizes, in the order overall, musicality, exploration. */
    static double[] knobSizes(javafx.scene.Parent root) {
        double[] out = new double[6];
        int i = 0;
        for (String id : List.of("#overall", "#musicality", "#exploration")) {
            Knob k = (Knob) root.lookup(id);
            out[i++] = ((javafx.scene.layout.Region) k.lookup(".dial")).getWidth();
            out[i++] = ((javafx.scene.text.Text) k.lookup(".value-text")).getFont().getSize();
        }
        return out;
    }

    static void nanokontrol2(PanelState state) {
        state.controller.set("nanokontrol2");
        String[] names = {"overall", "musicality", "novelty", "coherence", "exploration", "rate", "next", "replay",
            "undo", "keep", "panic"};
        for (int i = 0; i < names.length; i++) {
            state.mappings.put(names[i], "ch 1 CC " + (16 + i));
        }
    }

    @Test
    void theKnobsKeepTheirSizeAndTextWithAControllerMappingAt480x320(FxRobot robot) {
        double[] without = Fx.call(() -> {
            view.root().applyCss();
            view.root().layout();
            return knobSizes(view.root());
        });
        for (String tab : List.of("Controller", "Parameters", "Track")) {
            robot.clickOn(tab);
            Fx.run(() -> nanokontrol2(state));
            double[] with = Fx.call(() -> {
                view.root().applyCss();
                view.root().layout();
                return knobSizes(view.root());
            });
            System.err.println("knobs (dial px, text px) without a mapping " + java.util.Arrays.toString(without)
                    + ", with nanokontrol2 on tab " + tab + " " + java.util.Arrays.toString(with));
            assertThat(with).as("on the tab " + tab).containsExactly(without);
        }
        assertThat(without[0]).as("overall dial").isGreaterThanOrEqualTo(72);
        assertThat(without[2]).as("sub-rating dial").isGreaterThanOrEqualTo(48);
        assertThat(without[4]).as("exploration dial").isGreaterThanOrEqualTo(48);
        for (int i = 1; i < 6; i += 2) {
            assertThat(without[i]).as("value text px").isGreaterThanOrEqualTo(12);
        }
    }

    @Test
    void midiLearnDoesNotMoveTheKnobsOrTheButtons(FxRobot robot) {
        List<String> ids = List.of("#overall", "#novelty", "#exploration", "#rate", "#next", "#replay", "#undo",
                "#keep", "#export", "#drag-mid");
        List<javafx.geometry.Bounds> before = Fx.call(() -> bounds(robot, ids));
        robot.clickOn("#learn");
        List<javafx.geometry.Bounds> learning = Fx.call(() -> bounds(robot, ids));
        robot.clickOn("#novelty");
        assertThat(view.armedControl()).hasValue("novelty");
        List<javafx.geometry.Bounds> armed = Fx.call(() -> bounds(robot, ids));
        robot.clickOn("#learn");
        assertThat(learning).as("in learn mode").isEqualTo(before);
        assertThat(armed).as("with 'novelty' armed").isEqualTo(before);
    }

    private static List<javafx.geometry.Bounds> bounds(FxRobot robot, List<String> ids) {
        return ids.stream().map(id -> {
            javafx.scene.Node n = robot.lookup(id).query();
            n.getScene().getRoot().applyCss();
            n.getScene().getRoot().layout();
            return n.localToScene(n.getLayoutBounds());
        }).toList();
    }

    @Test
    void whenTheDeviceTakesMuteEachPartHasMuteAndSoloAndTheRollDimsTheMutedOnes(FxRobot robot) throws Exception {
        var track = new org.hitlmidi.music.Track(List.of(new org.hitlmidi.music.Note(72, 3)),
                List.of(new org.hitlmidi.music.DrumHit(0, 36, 80)), 90);
        Fx.run(() -> {
            state.roll.set(RollModel.of(track, ViewsTest.arrangementQuiet()));
            state.track.set(track);
            state.params.set(params("{\"base\":\"C4\",\"scale\":\"major\"}"));
        });
        assertThat(Fx.call(() -> view.partsBox().isVisible())).as("no mute in the device's parameters").isFalse();
        Fx.run(() -> state.params.set(params("{\"base\":\"C4\",\"scale\":\"major\",\"mute\":[\"bass\"]}")));
        assertThat(Fx.call(() -> view.partsBox().isVisible())).isTrue();
        for (String part : List.of("melody", "bass", "chords", "drums")) {
            assertThat(robot.lookup("#mute-" + part).tryQuery()).as(part).isPresent();
            assertThat(robot.lookup("#solo-" + part).tryQuery()).as(part).isPresent();
        }
        assertThat(Fx.call(() -> ((javafx.scene.control.ToggleButton) robot.lookup("#mute-bass").query())
                .isSelected())).isTrue();
        assertThat(Fx.call(() -> view.pianoRoll().getChildrenUnmodifiable().stream()
                .filter(n -> n.getStyleClass().contains("part-bass"))
                .allMatch(n -> n.getStyleClass().contains("muted-part")))).isTrue();
        assertThat(Fx.call(() -> view.pianoRoll().getChildrenUnmodifiable().stream()
                .filter(n -> n.getStyleClass().contains("part-chords"))
                .noneMatch(n -> n.getStyleClass().contains("muted-part")))).isTrue();
    }

    @Test
    void atTheWindowsSmallestSizeTheKnobsKeepTheirSizeAndTheTabsStillFit(FxRobot robot) {
        double[] normal = Fx.call(() -> {
            view.root().applyCss();
            view.root().layout();
            return knobSizes(view.root());
        });
        Fx.run(() -> nanokontrol2(state));
        // a full top bar: a long profile's name, many ratings, a late episode
        Fx.run(() -> {
            state.profiles.setAll("studio-sessions");
            state.profile.set("studio-sessions");
            state.learner.set("taste-thompson");
            state.profileRatings.set(12345);
            state.episode.set(321);
            state.portState.set("connected");
            view.root().applyCss();
            view.root().layout();
            assertThat(view.root().getBoundsInParent().getMaxX()).as("nothing cut off at 480 px")
                    .isLessThanOrEqualTo(PanelWindow.WIDTH);
        });
        robot.clickOn("Controller");
        Fx.run(() -> {
            stage.setWidth(PanelWindow.MIN_WIDTH);
            stage.setHeight(PanelWindow.MIN_HEIGHT);
        });
        PanelDeviceTest.await("the smallest window", () -> Fx.call(() -> view.root().getScene().getHeight())
                == PanelWindow.MIN_HEIGHT);
        Fx.run(() -> {
            view.root().applyCss();
            view.root().layout();
            assertThat(knobSizes(view.root())).containsExactly(normal);
            javafx.scene.Node tabs = view.tabs();
            javafx.scene.Node status = view.root().lookup(".status-line");
            double tabsBottom = tabs.localToScene(tabs.getLayoutBounds()).getMaxY();
            assertThat(view.tabs().getHeight()).as("the tabs' height").isGreaterThanOrEqualTo(view.tabs().getMinHeight());
            assertThat(tabsBottom).as("the tabs end above the status line")
                    .isLessThanOrEqualTo(status.localToScene(status.getLayoutBounds()).getMinY() + 0.5);
            assertThat(view.root().getBoundsInParent().getMaxX()).as("nothing cut off at the smallest size")
                    .isLessThanOrEqualTo(PanelWindow.MIN_WIDTH);
            javafx.scene.Node info = view.root().lookup("#track-info");
            assertThat(info.localToScene(info.getLayoutBounds()).getMaxX()).as("the track info inside the window")
                    .isLessThanOrEqualTo(PanelWindow.MIN_WIDTH);
        });
    }

    @Test
    void parametersTheDeviceAddsGetAFieldOrAChoiceOfTheirPresets(FxRobot robot) {
        Fx.run(() -> state.params.set(params("{\"base\":\"D4\",\"scale\":\"dorian\",\"style\":\"lofi\","
                + "\"bars\":4,\"meter\":\"3/4\",\"swing\":0.2}")));
        robot.clickOn("Parameters");
        assertThat(Fx.call(() -> ((javafx.scene.control.TextField) robot.lookup("#base").query()).getText()))
                .isEqualTo("D4");
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> style = robot.lookup("#param-style").query();
        assertThat(Fx.call(() -> style.getItems())).contains("lofi", "pop-ballad");
        assertThat(Fx.call(() -> style.getEditor().getText())).isEqualTo("lofi");
        javafx.scene.control.TextField bars = robot.lookup("#param-bars").query();
        assertThat(Fx.call(() -> bars.getText())).isEqualTo("4");
        javafx.scene.control.TextField swing = robot.lookup("#param-swing").query();
        assertThat(Fx.call(() -> swing.getText())).isEqualTo("0.2");
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<String> meter = robot.lookup("#param-meter").query();
        assertThat(Fx.call(() -> meter.getEditor().getText())).isEqualTo("3/4");
        assertThat(Fx.call(() -> ((javafx.scene.control.Label) robot.lookup("#key-line").query()).getText()))
                .isEqualTo("lofi: D4 dorian");
        robot.clickOn("Track");
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

    /** Parameters as the device shows them, those not given left out (null, or 0). */
    static org.hitlmidi.control.DeviceReply.ParamsView params(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json,
                    org.hitlmidi.control.DeviceReply.ParamsView.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}

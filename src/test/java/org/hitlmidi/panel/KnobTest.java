package org.hitlmidi.panel;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.geometry.Point2D;
import javafx.scene.AccessibleAttribute;
import javafx.scene.AccessibleRole;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class KnobTest {
    private Knob overall;
    private Knob other;
    private Knob exploration;

    @Start
    void start(Stage stage) {
        overall = new Knob("Overall", 1, 10, 1, 5);
        overall.setId("overall");
        other = new Knob("Novelty", 1, 10, 1, 5);
        other.setId("other");
        exploration = new Knob("Explore", 0, 1, 0.05, 0.5);
        HBox box = new HBox(10, overall, other, exploration);
        overall.setPrefSize(90, 110);
        stage.setScene(new Scene(box, 320, 140));
        stage.show();
    }

    @Test
    void valuesSnapToStepsWithinTheRange() {
        Fx.run(() -> {
            overall.setValue(3.6);
            assertThat(overall.getValue()).isEqualTo(4);
            overall.setValue(42);
            assertThat(overall.getValue()).isEqualTo(10);
            overall.setValue(-3);
            assertThat(overall.getValue()).isEqualTo(1);
            exploration.setValue(0.33);
            assertThat(exploration.getValue()).isEqualTo(0.35);
            assertThat(exploration.valueText()).isEqualTo("0.35");
        });
    }

    @Test
    void verticalDragUpRaisesAndDownLowersToTheEnds(FxRobot robot) {
        Point2D c = robot.point(overall).query();
        robot.moveTo(overall).press(MouseButton.PRIMARY).moveBy(0, -40).release(MouseButton.PRIMARY);
        double afterUp = overall.getValue();
        assertThat(afterUp).isGreaterThan(5).isLessThan(10);
        robot.moveTo(c).press(MouseButton.PRIMARY).moveBy(0, 400).release(MouseButton.PRIMARY);
        assertThat(overall.getValue()).isEqualTo(1);
        assertThat(overall.isFocused()).isTrue();
    }

    @Test
    void scrollArrowKeysAndEnds(FxRobot robot) {
        robot.clickOn(overall);
        double v = overall.getValue();
        robot.scroll(1, javafx.geometry.VerticalDirection.UP);
        double afterScroll = overall.getValue();
        assertThat(Math.abs(afterScroll - v)).isEqualTo(1);
        robot.type(KeyCode.HOME);
        assertThat(overall.getValue()).isEqualTo(1);
        robot.type(KeyCode.UP, 3);
        assertThat(overall.getValue()).isEqualTo(4);
        robot.type(KeyCode.DOWN);
        assertThat(overall.getValue()).isEqualTo(3);
        robot.type(KeyCode.END);
        assertThat(overall.getValue()).isEqualTo(10);
        robot.type(KeyCode.PAGE_DOWN);
        assertThat(overall.getValue()).isEqualTo(8);
        assertThat(overall.isFocused()).as("arrow keys must not move focus away").isTrue();
    }

    @Test
    void doubleClickResetsToTheDefault(FxRobot robot) {
        Fx.run(() -> overall.setValue(9));
        robot.doubleClickOn(overall);
        assertThat(overall.getValue()).isEqualTo(5);
    }

    @Test
    void tabMovesFocusToTheNextKnob(FxRobot robot) {
        robot.clickOn(overall);
        assertThat(overall.isFocused()).isTrue();
        robot.type(KeyCode.TAB);
        assertThat(other.isFocused()).isTrue();
    }

    @Test
    void screenReadersSeeASliderWithLabelAndValue() {
        Fx.run(() -> {
            overall.setValue(7);
            assertThat(overall.getAccessibleRole()).isEqualTo(AccessibleRole.SLIDER);
            assertThat(overall.getAccessibleText()).isEqualTo("Overall 7");
            assertThat(overall.queryAccessibleAttribute(AccessibleAttribute.VALUE)).isEqualTo(7.0);
            assertThat(overall.queryAccessibleAttribute(AccessibleAttribute.MAX_VALUE)).isEqualTo(10.0);
            overall.executeAccessibleAction(javafx.scene.AccessibleAction.INCREMENT);
            assertThat(overall.getValue()).isEqualTo(8);
            assertThat(overall.getAccessibleText()).isEqualTo("Overall 8");
        });
    }

    @Test
    void refusesAnEmptyRange() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Knob("x", 5, 5, 1, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min < max");
    }
}

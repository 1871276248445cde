package org.hitlmidi.panel;

import javafx.scene.control.Label;
import javafx.scene.control.SkinBase;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Arc;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.text.Text;

/**
 * Draws a {@link Knob} with vector shapes only (sharp at any screen scale): a 270-degree track, the value
 * arc over it, a pointer and the value in the middle; the label below. Colours come from CSS
 * (.knob .track, .value-arc, .body, .pointer, .value-text, .knob-label).
 */
public class KnobSkin extends SkinBase<Knob> {
    private static final double START_DEG = 225;
    private static final double SWEEP_DEG = 270;
    private static final double GAP = 2;
    private static final javafx.css.PseudoClass NOT_SET = javafx.css.PseudoClass.getPseudoClass("not-set");

    private final Pane dial = new Pane();
    private final Circle body = new Circle();
    private final Arc track = new Arc();
    private final Arc valueArc = new Arc();
    private final Line pointer = new Line();
    private final Text valueText = new Text();
    private final Label label = new Label();

    public KnobSkin(Knob knob) {
        super(knob);
        body.getStyleClass().add("body");
        track.getStyleClass().add("track");
        valueArc.getStyleClass().add("value-arc");
        pointer.getStyleClass().add("pointer");
        valueText.getStyleClass().add("value-text");
        label.getStyleClass().add("knob-label");
        for (Arc a : new Arc[] {track, valueArc}) {
            a.setType(ArcType.OPEN);
            a.setFill(null);
            a.setStartAngle(START_DEG);
        }
        track.setLength(-SWEEP_DEG);
        dial.getStyleClass().add("dial");
        dial.getChildren().addAll(track, valueArc, body, pointer, valueText);
        // The dial is drawn, the label is text: mouse hits anywhere on the knob count.
        dial.setMouseTransparent(true);
        label.setMouseTransparent(true);
        label.textProperty().bind(knob.labelProperty());
        getChildren().addAll(dial, label);
        registerChangeListener(knob.valueProperty(), o -> getSkinnable().requestLayout());
        registerChangeListener(knob.formatProperty(), o -> getSkinnable().requestLayout());
        registerChangeListener(knob.minProperty(), o -> getSkinnable().requestLayout());
        registerChangeListener(knob.maxProperty(), o -> getSkinnable().requestLayout());
        registerChangeListener(knob.valueSetProperty(), o -> {
            getSkinnable().pseudoClassStateChanged(NOT_SET, !getSkinnable().isValueSet());
            getSkinnable().requestLayout();
        });
        knob.pseudoClassStateChanged(NOT_SET, !knob.isValueSet());
    }

    @Override
    protected void layoutChildren(double x, double y, double w, double h) {
        Knob k = getSkinnable();
        boolean hasLabel = !k.getLabel().isEmpty();
        double labelH = hasLabel ? label.prefHeight(w) : 0;
        double d = Math.max(8, Math.min(w, h - labelH - (hasLabel ? GAP : 0)));
        double dx = x + (w - d) / 2;
        double dy = y + Math.max(0, (h - labelH - GAP - d) / 2);
        dial.resizeRelocate(dx, dy, d, d);
        label.setVisible(hasLabel);
        label.resizeRelocate(x, dy + d + GAP, w, labelH);

        double c = d / 2;
        double stroke = Math.max(2, d * 0.08);
        double r = c - stroke / 2 - 1;
        for (Arc a : new Arc[] {track, valueArc}) {
            a.setCenterX(c);
            a.setCenterY(c);
            a.setRadiusX(r);
            a.setRadiusY(r);
            a.setStrokeWidth(stroke);
        }
        double f = k.fraction();
        valueArc.setLength(-SWEEP_DEG * f);
        valueArc.setVisible(k.isValueSet());
        pointer.setVisible(k.isValueSet());
        body.setCenterX(c);
        body.setCenterY(c);
        body.setRadius(r - stroke * 1.2);
        double angle = Math.toRadians(START_DEG - SWEEP_DEG * f);
        double inner = body.getRadius() * 0.55;
        double outer = body.getRadius() * 0.92;
        pointer.setStartX(c + inner * Math.cos(angle));
        pointer.setStartY(c - inner * Math.sin(angle));
        pointer.setEndX(c + outer * Math.cos(angle));
        pointer.setEndY(c - outer * Math.sin(angle));
        pointer.setStrokeWidth(Math.max(1.5, d * 0.045));

        valueText.setText(k.valueText());
        valueText.setStyle("-fx-font-size: " + Math.max(11, Math.round(d * 0.26)) + "px;");
        var b = valueText.getLayoutBounds();
        valueText.relocate(c - b.getWidth() / 2, c - b.getHeight() / 2);
    }

    @Override
    protected double computePrefWidth(double height, double top, double right, double bottom, double left) {
        return Math.max(56, label.prefWidth(-1)) + left + right;
    }

    @Override
    protected double computePrefHeight(double width, double top, double right, double bottom, double left) {
        return 56 + GAP + label.prefHeight(-1) + top + bottom;
    }

    @Override
    protected double computeMinWidth(double height, double top, double right, double bottom, double left) {
        return 32 + left + right;
    }

    @Override
    protected double computeMinHeight(double width, double top, double right, double bottom, double left) {
        return 32 + label.minHeight(-1) + top + bottom;
    }
}

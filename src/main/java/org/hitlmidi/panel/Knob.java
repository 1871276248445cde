package org.hitlmidi.panel;

import java.util.Locale;
import java.util.function.DoubleFunction;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.AccessibleAction;
import javafx.scene.AccessibleAttribute;
import javafx.scene.AccessibleRole;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;

/**
 * A rotary knob: drag vertically (up raises), scroll, arrow keys (Page Up/Down for big steps, Home/End for
 * the ends), double-click to reset to its default. The value always sits on a multiple of {@link #stepProperty()}
 * from {@link #minProperty()}, so a rating knob (1..10, step 1) only ever holds whole ratings.
 *
 * <p>Screen readers see a slider whose text is the label and the shown value ("Overall 7").
 */
public class Knob extends Control {
    /** Pixels of vertical drag that sweep the whole range. */
    public static final double DRAG_RANGE_PX = 160;
    private static final String DEFAULT_STYLE_CLASS = "knob";
    /** What a knob that is not set shows (an en dash), and screen readers read as "not set". */
    public static final String NOT_SET = "\u2013";

    private final DoubleProperty min = new SimpleDoubleProperty(this, "min", 1);
    private final DoubleProperty max = new SimpleDoubleProperty(this, "max", 10);
    private final DoubleProperty step = new SimpleDoubleProperty(this, "step", 1);
    private final DoubleProperty defaultValue = new SimpleDoubleProperty(this, "defaultValue", 5);
    private final DoubleProperty value = new SimpleDoubleProperty(this, "value", 5) {
        @Override
        protected void invalidated() {
            double snapped = snap(get());
            if (snapped != get()) {
                // Listeners are notified after this returns, so they only ever see the snapped value.
                set(snapped);
            }
            notifyAccessibleAttributeChanged(AccessibleAttribute.VALUE);
            notifyAccessibleAttributeChanged(AccessibleAttribute.TEXT);
        }
    };
    private final StringProperty label = new SimpleStringProperty(this, "label", "");
    private final ObjectProperty<DoubleFunction<String>> format =
            new SimpleObjectProperty<>(this, "format", Knob::formatDefault);
    private final ReadOnlyBooleanWrapper dragging = new ReadOnlyBooleanWrapper(this, "dragging", false);
    /**
     * False while the knob holds no value the user chose (a sub-rating not given for this track): it shows a dash
     * and no value arc, and {@link #valueIfSet()} is null. Any drag, scroll, key or accessible action sets it.
     */
    private final javafx.beans.property.BooleanProperty valueSet =
            new javafx.beans.property.SimpleBooleanProperty(this, "valueSet", true) {
                @Override
                protected void invalidated() {
                    notifyAccessibleAttributeChanged(AccessibleAttribute.TEXT);
                }
            };

    private double dragStartY;
    private double dragStartValue;

    public Knob() {
        this("", 1, 10, 1, 5);
    }

    public Knob(String label, double min, double max, double step, double defaultValue) {
        if (!(max > min) || !(step > 0)) {
            throw new IllegalArgumentException("knob needs min < max and step > 0, not " + min + ".." + max
                    + " step " + step);
        }
        getStyleClass().add(DEFAULT_STYLE_CLASS);
        setAccessibleRole(AccessibleRole.SLIDER);
        setFocusTraversable(true);
        this.label.set(label);
        this.min.set(min);
        this.max.set(max);
        this.step.set(step);
        this.defaultValue.set(defaultValue);
        this.value.set(defaultValue);
        accessibleTextProperty().bind(this.label.concat(" ").concat(
                javafx.beans.binding.Bindings.createStringBinding(
                        () -> isValueSet() ? valueText() : "not set", this.value, this.format,
                        this.valueSet)));
        installHandlers();
    }

    private void installHandlers() {
        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getButton() != MouseButton.PRIMARY) {
                return;
            }
            requestFocus();
            dragStartY = e.getScreenY();
            dragStartValue = getValue();
            if (e.getClickCount() == 2) {
                setValue(getDefaultValue());
                valueSet.set(true);
            }
            e.consume();
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (!e.isPrimaryButtonDown()) {
                return;
            }
            dragging.set(true);
            double perPixel = (getMax() - getMin()) / DRAG_RANGE_PX;
            // Shift gives fine control, as in most DAWs.
            if (e.isShiftDown()) {
                perPixel /= 4;
            }
            setValue(dragStartValue + (dragStartY - e.getScreenY()) * perPixel);
            valueSet.set(true);
            e.consume();
        });
        addEventHandler(MouseEvent.MOUSE_RELEASED, e -> dragging.set(false));
        addEventHandler(ScrollEvent.SCROLL, e -> {
            if (e.getDeltaY() != 0) {
                increment(e.getDeltaY() > 0 ? 1 : -1);
                e.consume();
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            switch (e.getCode()) {
                case UP, RIGHT, KP_UP, KP_RIGHT -> increment(1);
                case DOWN, LEFT, KP_DOWN, KP_LEFT -> increment(-1);
                case PAGE_UP -> increment(bigSteps());
                case PAGE_DOWN -> increment(-bigSteps());
                case HOME -> userValue(getMin());
                case END -> userValue(getMax());
                default -> {
                    return;
                }
            }
            e.consume();
        });
    }

    private int bigSteps() {
        return Math.max(1, (int) Math.round((getMax() - getMin()) / getStep() / 5));
    }

    /** Moves the value by {@code steps} steps, clamped to the range: the user's choice, so the knob is set. */
    public void increment(int steps) {
        userValue(getValue() + steps * getStep());
    }

    private void userValue(double v) {
        setValue(v);
        valueSet.set(true);
    }

    /** Forgets the user's value: the knob shows a dash until it is touched (its value goes back to the default). */
    public void clear() {
        setValue(getDefaultValue());
        valueSet.set(false);
    }

    /** The value as a whole number, or null while the knob is not set. */
    public final Integer valueIfSet() {
        return isValueSet() ? intValue() : null;
    }

    public final javafx.beans.property.BooleanProperty valueSetProperty() {
        return valueSet;
    }

    public final boolean isValueSet() {
        return valueSet.get();
    }

    /** Clamps to min..max and rounds to the nearest step. */
    double snap(double v) {
        double lo = getMin();
        double hi = getMax();
        double s = getStep();
        if (Double.isNaN(v)) {
            return getDefaultValue();
        }
        double clamped = Math.max(lo, Math.min(hi, v));
        double n = Math.round((clamped - lo) / s);
        // Rounding keeps 0.05-steps free of binary noise (0.30000000000000004).
        double snapped = Math.min(hi, lo + n * s);
        return Math.round(snapped * 1e9) / 1e9;
    }

    /** Position of the value in the range, 0..1. */
    public double fraction() {
        return (getValue() - getMin()) / (getMax() - getMin());
    }

    /** The value as shown on the knob and read by screen readers. */
    public String valueText() {
        return isValueSet() ? format.get().apply(getValue()) : NOT_SET;
    }

    private static String formatDefault(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new KnobSkin(this);
    }

    @Override
    public Object queryAccessibleAttribute(AccessibleAttribute attribute, Object... parameters) {
        return switch (attribute) {
            case VALUE -> getValue();
            case MIN_VALUE -> getMin();
            case MAX_VALUE -> getMax();
            case ORIENTATION -> javafx.geometry.Orientation.VERTICAL;
            default -> super.queryAccessibleAttribute(attribute, parameters);
        };
    }

    @Override
    public void executeAccessibleAction(AccessibleAction action, Object... parameters) {
        switch (action) {
            case INCREMENT -> increment(1);
            case DECREMENT -> increment(-1);
            case SET_VALUE -> userValue(((Number) parameters[0]).doubleValue());
            default -> super.executeAccessibleAction(action, parameters);
        }
    }

    public final DoubleProperty valueProperty() {
        return value;
    }

    public final double getValue() {
        return value.get();
    }

    public final void setValue(double v) {
        value.set(v);
    }

    /** The value as a whole number (for rating knobs). */
    public final int intValue() {
        return (int) Math.round(getValue());
    }

    public final DoubleProperty minProperty() {
        return min;
    }

    public final double getMin() {
        return min.get();
    }

    public final DoubleProperty maxProperty() {
        return max;
    }

    public final double getMax() {
        return max.get();
    }

    public final DoubleProperty stepProperty() {
        return step;
    }

    public final double getStep() {
        return step.get();
    }

    public final DoubleProperty defaultValueProperty() {
        return defaultValue;
    }

    public final double getDefaultValue() {
        return defaultValue.get();
    }

    public final StringProperty labelProperty() {
        return label;
    }

    public final String getLabel() {
        return label.get();
    }

    public final ObjectProperty<DoubleFunction<String>> formatProperty() {
        return format;
    }

    /** True while the user drags the knob (a client may wait for the release before sending). */
    public final ReadOnlyBooleanProperty draggingProperty() {
        return dragging.getReadOnlyProperty();
    }
}

package org.hitlmidi.panel;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polyline;
import javafx.scene.text.Text;

/**
 * The session's ratings in order, with their moving average: a small vector chart for the compact window
 * (CSS: .rating-chart .rating-line, .rating-point, .average-line, .grid, .axis-text).
 */
public class RatingChart extends Region {
    public static final int WINDOW = 5;
    /** Above this many ratings the dots are left out: the lines alone read better. */
    private static final int MAX_POINTS = 60;
    private static final double LEFT = 18;
    private static final double PAD = 4;

    private final ObservableList<Integer> ratings = FXCollections.observableArrayList();
    private final Polyline ratingLine = new Polyline();
    private final Polyline averageLine = new Polyline();
    private final List<Circle> points = new ArrayList<>();
    private final Line[] grid = new Line[3];
    private final Text[] axis = new Text[3];
    private final Text caption = new Text();
    private static final int[] GRID_VALUES = {1, 5, 10};

    public RatingChart() {
        getStyleClass().add("rating-chart");
        ratingLine.getStyleClass().add("rating-line");
        averageLine.getStyleClass().add("average-line");
        caption.getStyleClass().add("caption");
        for (int i = 0; i < grid.length; i++) {
            grid[i] = new Line();
            grid[i].getStyleClass().add("grid");
            grid[i].setManaged(false);
            axis[i] = new Text(Integer.toString(GRID_VALUES[i]));
            axis[i].getStyleClass().add("axis-text");
            axis[i].setManaged(false);
        }
        ratingLine.setManaged(false);
        averageLine.setManaged(false);
        caption.setManaged(false);
        getChildren().addAll(grid);
        getChildren().addAll(axis);
        getChildren().addAll(ratingLine, averageLine, caption);
        ratings.addListener((javafx.collections.ListChangeListener<Integer>) c -> rebuildPoints());
        rebuildPoints();
        setMinSize(60, 40);
        setPrefSize(300, 120);
    }

    /** Ratings 1..10 of the session, oldest first. */
    public ObservableList<Integer> getRatings() {
        return ratings;
    }

    /** Trailing mean over up to {@code window} ratings ending at each index. */
    public static List<Double> movingAverage(List<Integer> values, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window " + window + " must be at least 1");
        }
        List<Double> out = new ArrayList<>(values.size());
        double sum = 0;
        for (int i = 0; i < values.size(); i++) {
            sum += values.get(i);
            if (i >= window) {
                sum -= values.get(i - window);
            }
            out.add(sum / Math.min(i + 1, window));
        }
        return out;
    }

    private void rebuildPoints() {
        getChildren().removeAll(points);
        points.clear();
        if (ratings.size() <= MAX_POINTS) {
            for (int i = 0; i < ratings.size(); i++) {
                Circle c = new Circle(2.5);
                c.getStyleClass().add("rating-point");
                c.setManaged(false);
                points.add(c);
            }
            getChildren().addAll(points);
        }
        caption.setText(ratings.isEmpty() ? "no ratings yet"
                : ratings.size() + " rated, last " + WINDOW + " avg "
                        + String.format(java.util.Locale.ROOT, "%.1f", movingAverage(ratings, WINDOW)
                                .get(ratings.size() - 1)));
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        double x0 = snappedLeftInset() + LEFT;
        var cb = caption.getLayoutBounds();
        // The caption gets its own strip so the lines near 10 never run through it.
        double y0 = snappedTopInset() + PAD + cb.getHeight();
        double w = getWidth() - snappedLeftInset() - snappedRightInset() - LEFT - PAD;
        double h = getHeight() - snappedTopInset() - snappedBottomInset() - 2 * PAD - cb.getHeight();
        for (int i = 0; i < grid.length; i++) {
            double y = Math.floor(yOf(GRID_VALUES[i], y0, h)) + 0.5;
            grid[i].setStartX(x0);
            grid[i].setEndX(x0 + w);
            grid[i].setStartY(y);
            grid[i].setEndY(y);
            var b = axis[i].getLayoutBounds();
            axis[i].relocate(x0 - b.getWidth() - 3, y - b.getHeight() / 2);
        }
        caption.relocate(x0 + w - cb.getWidth(), snappedTopInset() + PAD / 2);
        int n = ratings.size();
        List<Double> avg = movingAverage(ratings, WINDOW);
        Double[] line = new Double[2 * n];
        Double[] avgLine = new Double[2 * n];
        for (int i = 0; i < n; i++) {
            double x = n == 1 ? x0 + w / 2 : x0 + i * w / (n - 1);
            line[2 * i] = x;
            line[2 * i + 1] = yOf(ratings.get(i), y0, h);
            avgLine[2 * i] = x;
            avgLine[2 * i + 1] = yOf(avg.get(i), y0, h);
            if (i < points.size()) {
                points.get(i).setCenterX(x);
                points.get(i).setCenterY(line[2 * i + 1]);
            }
        }
        ratingLine.getPoints().setAll(line);
        averageLine.getPoints().setAll(avgLine);
    }

    private static double yOf(double rating, double y0, double h) {
        return y0 + h - (rating - 1) / 9.0 * h;
    }
}

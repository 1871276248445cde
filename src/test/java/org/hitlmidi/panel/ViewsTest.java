package org.hitlmidi.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.stage.Stage;
import org.hitlmidi.music.DrumHit;
import org.hitlmidi.music.Note;
import org.hitlmidi.music.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class ViewsTest {
    private PianoRoll roll;
    private RatingChart chart;

    @Start
    void start(Stage stage) {
        roll = new PianoRoll();
        chart = new RatingChart();
        stage.setScene(new Scene(new VBox(roll, chart), 300, 240));
        stage.show();
    }

    @Test
    void movingAverageIsTheTrailingMeanOverTheWindow() {
        assertThat(RatingChart.movingAverage(List.of(), 5)).isEmpty();
        assertThat(RatingChart.movingAverage(List.of(2, 4, 6, 8, 10, 1), 3))
                .containsExactly(2.0, 3.0, 4.0, 6.0, 8.0, 19.0 / 3);
        assertThat(RatingChart.movingAverage(List.of(7, 3), 1)).containsExactly(7.0, 3.0);
    }

    @Test
    void pianoRollDrawsEveryNoteAndHitAndTheHigherPitchHigher() {
        Track t = new Track(List.of(new Note(60, 1), new Note(67, 0.5), new Note(64, 0.5)),
                List.of(new DrumHit(0, 36, 80), new DrumHit(1, 38, 80)), 120);
        Fx.run(() -> {
            roll.setTrack(t);
            roll.applyCss();
            roll.layout();
            assertThat(roll.shapeCounts()).containsExactly(3, 2);
            var notes = roll.getChildrenUnmodifiable().stream()
                    .filter(n -> n.getStyleClass().contains("note"))
                    .map(n -> (javafx.scene.shape.Rectangle) n).toList();
            // y grows downwards: G4 above E4 above C4; the second note starts where the first ends.
            assertThat(notes.get(1).getY()).isLessThan(notes.get(2).getY());
            assertThat(notes.get(2).getY()).isLessThan(notes.get(0).getY());
            assertThat(notes.get(1).getX()).isGreaterThan(notes.get(0).getX() + notes.get(0).getWidth() - 1);
        });
    }

    @Test
    void cursorMovesWhilePlayingAndHidesWhenStopped() throws Exception {
        Track t = new Track(List.of(new Note(60, 4), new Note(62, 4)), List.of(), 240);
        Fx.run(() -> {
            roll.setTrack(t);
            roll.startCursor(System.nanoTime());
        });
        // 8 beats at 240 BPM = 2 s: after a short while the cursor is inside the track.
        long deadline = System.nanoTime() + 3_000_000_000L;
        double beat = -1;
        while (System.nanoTime() < deadline && !(beat > 0)) {
            Thread.sleep(50);
            beat = Fx.call(() -> roll.cursorBeatProperty().get());
        }
        assertThat(beat).isGreaterThan(0).isLessThan(8);
        Line cursor = Fx.call(() -> (Line) roll.getChildrenUnmodifiable().stream()
                .filter(n -> n.getStyleClass().contains("cursor")).findFirst().orElseThrow());
        Fx.run(() -> {
            roll.stopCursor();
            roll.layout();
            assertThat(cursor.isVisible()).isFalse();
        });
    }

    @Test
    void chartCaptionCountsRatingsAndAverages() {
        Fx.run(() -> {
            chart.getRatings().setAll(2, 4, 6, 8, 10, 10);
            var caption = (javafx.scene.text.Text) chart.getChildrenUnmodifiable().stream()
                    .filter(n -> n.getStyleClass().contains("caption")).findFirst().orElseThrow();
            assertThat(caption.getText()).isEqualTo("6 rated, last 5 avg 7.6");
        });
    }
}

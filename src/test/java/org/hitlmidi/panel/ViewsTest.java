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
        Scene scene = new Scene(new VBox(roll, chart), 300, 240);
        scene.getStylesheets().setAll(PanelView.class.getResource("panel.css").toExternalForm(),
                PanelView.class.getResource("light.css").toExternalForm());
        stage.setScene(scene);
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

    private List<javafx.scene.Node> count(String cls) {
        return roll.getChildrenUnmodifiable().stream().filter(n -> n.getStyleClass().contains(cls)).toList();
    }

    private List<javafx.scene.shape.Rectangle> shapes(String cls) {
        return roll.getChildrenUnmodifiable().stream().filter(n -> n.getStyleClass().contains(cls))
                .map(n -> (javafx.scene.shape.Rectangle) n).toList();
    }

    @Test
    void aTwoNoteTrackIsDrawnAsTheOneBarItIsAndFAboveE() {
        // F4 then E4, a beat each: one bar of 4/4, not two notes stretched over the whole roll
        Track t = new Track(List.of(new Note(65, 1), new Note(64, 1)), List.of(new DrumHit(0, 36, 80)), 120);
        Fx.run(() -> {
            roll.setTrack(t);
            roll.applyCss();
            roll.layout();
            var notes = shapes("note");
            assertThat(notes).hasSize(2);
            assertThat(notes.get(0).getWidth()).as("a beat's width").isLessThanOrEqualTo(PianoRoll.MAX_PX_PER_BEAT);
            assertThat(notes.get(1).getY() - notes.get(0).getY()).as("E4 a row below F4")
                    .isGreaterThanOrEqualTo(PianoRoll.MIN_ROW_PX);
            assertThat(roll.barNumbers()).containsExactly("1");
        });
    }

    @Test
    void theRollNamesItsKeysAndDrumLanesNumbersItsBarsAndColoursEachPart() {
        Track t = new Track(List.of(new Note(60, 2), new Note(64, 2), new Note(67, 2), new Note(72, 2),
                new Note(71, 1)), List.of(new DrumHit(0, 36, 80), new DrumHit(1, 38, 80), new DrumHit(0.5, 42, 60),
                new DrumHit(8, 36, 80)), 100);
        Fx.run(() -> {
            roll.setTrack(t);
            roll.applyCss();
            roll.layout();
            assertThat(roll.barNumbers()).as("9 beats of 4/4: 3 bars").containsExactly("1", "2", "3");
            assertThat(roll.shownNames()).contains("C4", "C5").endsWith("Hat", "Snare", "Kick");
            assertThat(shapes("part-melody")).hasSize(5);
            assertThat(shapes("part-drums")).hasSize(4);
            // each part has its own colour
            assertThat(shapes("part-melody").get(0).getFill()).isNotEqualTo(shapes("part-drums").get(0).getFill());
            // the kick is in the lowest lane, the hat in the highest
            var drums = shapes("part-drums");
            assertThat(drums.get(0).getY()).isGreaterThan(drums.get(2).getY());
        });
        assertThat(RollModel.noteName(60)).isEqualTo("C4");
        assertThat(RollModel.noteName(66)).isEqualTo("F#4");
        assertThat(RollModel.drumName(42)).isEqualTo("Hat");
        assertThat(RollModel.drumName(20)).isEqualTo("key 20");
    }

    @Test
    void aModelWithBassAndChordsDrawsThemInTheirColours() {
        var m = new RollModel(List.of(
                new RollModel.RollNote(RollModel.Part.MELODY, 0, 1, 72, 100),
                new RollModel.RollNote(RollModel.Part.BASS, 0, 4, 36, 100),
                new RollModel.RollNote(RollModel.Part.CHORDS, 0, 4, 60, 90),
                new RollModel.RollNote(RollModel.Part.CHORDS, 0, 4, 64, 90)), 1, 3, 90);
        Fx.run(() -> {
            roll.setModel(m);
            roll.applyCss();
            roll.layout();
            assertThat(shapes("part-bass")).hasSize(1);
            assertThat(shapes("part-chords")).hasSize(2);
            assertThat(count("bar")).hasSize(2);
            assertThat(count("beat")).as("3/4: two beat lines inside the bar").hasSize(2);
            assertThat(shapes("part-bass").get(0).getFill()).isNotEqualTo(shapes("part-chords").get(0).getFill());
            roll.setMuted(java.util.Set.of(RollModel.Part.BASS));
            assertThat(shapes("part-bass").get(0).getStyleClass()).contains("muted-part");
        });
        assertThat(m.parts()).containsExactly(RollModel.Part.MELODY, RollModel.Part.BASS, RollModel.Part.CHORDS);
    }

    /** A track's arrangement as the device sends it once tracks have one: 2 bars of 6/8 with bass and chords. */
    static org.hitlmidi.music.Arrangement arrangement() {
        return new org.hitlmidi.music.Arrangement("lofi", org.hitlmidi.music.Meter.parse("6/8"), 2, "I-IV",
                List.of(new org.hitlmidi.music.PartNote(0, 36, 1.5, 90), new org.hitlmidi.music.PartNote(3, 41, 1.5, 90)),
                List.of(new org.hitlmidi.music.PartNote(0, 60, 3, 70), new org.hitlmidi.music.PartNote(0, 64, 3, 70),
                        new org.hitlmidi.music.PartNote(0, 67, 3, 70)), 33, 48, new org.hitlmidi.music.Feel(0, 0.5, 0, 0),
                null, java.util.Set.of());
    }

    static org.hitlmidi.music.Arrangement arrangementQuiet() {
        return arrangement();
    }

    @Test
    void theDevicesArrangementGivesBassChordsMeterAndBars() throws Exception {
        Track t = new Track(List.of(new Note(72, 1.5), new Note(74, 1.5)), List.of(new DrumHit(0, 36, 80)), 90);
        RollModel m = RollModel.of(t, arrangement());
        assertThat(m.bars()).isEqualTo(2);
        assertThat(m.beatsPerBar()).isEqualTo(3.0);
        assertThat(m.pulsesPerBar()).isEqualTo(6);
        assertThat(m.parts()).containsExactly(RollModel.Part.MELODY, RollModel.Part.BASS, RollModel.Part.CHORDS,
                RollModel.Part.DRUMS);
        assertThat(m.notes()).filteredOn(n -> n.part() == RollModel.Part.BASS).extracting(RollModel.RollNote::pitch)
                .containsExactly(36, 41);
        assertThat(RollModel.of(t, null)).isEqualTo(RollModel.of(t));
        Fx.run(() -> {
            roll.show(t, m);
            roll.applyCss();
            roll.layout();
            assertThat(roll.barNumbers()).containsExactly("1", "2");
            assertThat(count("bar")).hasSize(3);
            assertThat(count("beat")).as("6/8: five eighths between bar lines, two bars").hasSize(10);
            assertThat(shapes("part-chords")).hasSize(3);
            assertThat(roll.shownNames()).contains("C2", "C3", "C4").endsWith("Kick");
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
        org.hitlmidi.Await.within(java.time.Duration.ofSeconds(3), () -> Fx.call(() -> roll.cursorBeatProperty().get()) > 0);
        double beat = Fx.call(() -> roll.cursorBeatProperty().get());
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

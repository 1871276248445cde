package org.hitlmidi.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.hitlmidi.learn.Aspect;
import org.hitlmidi.music.Track;
import org.hitlmidi.store.Profile;
import org.hitlmidi.store.RatingRecord;
import org.hitlmidi.store.SqliteStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The panel against a real device process: what a user does, checked in the device's SQLite store. */
@ExtendWith(ApplicationExtension.class)
class PanelDeviceTest {
    @TempDir
    static Path tmp;

    /** One device process for the class: JVM start-up is the slow part on a loaded CI machine. */
    private static DeviceProcess device;
    private int storedBefore;
    private PanelState state;
    private DeviceSession session;
    private PanelView view;

    @BeforeAll
    static void startDevice() throws Exception {
        long t0 = System.nanoTime();
        device = new DeviceProcess(tmp).start();
        System.err.printf("device start took %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    }

    @AfterAll
    static void stopDevice() throws Exception {
        device.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        long t0 = System.nanoTime();
        storedBefore = storedRatings(true).size();
        state = new PanelState();
        session = new DeviceSession(device.connector(), state, Platform::runLater);
        view = new PanelView(state, session);
        stage.setScene(view.createScene(PanelWindow.WIDTH, PanelWindow.HEIGHT));
        stage.show();
        session.start();
        System.err.printf("start took %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    }

    @AfterEach
    void stop() {
        session.close();
    }

    @Test
    void knobThenRateAndNextStoresThatRatingAndTheNextTrackArrives(FxRobot robot) {
        awaitTrack();
        long first = Fx.call(() -> state.trackId.get());
        Track heard = Fx.call(() -> state.track.get());
        robot.clickOn("#overall").type(KeyCode.HOME).type(KeyCode.UP, 6);
        assertThat(Fx.call(() -> view.overallKnob().intValue())).isEqualTo(7);
        robot.clickOn("#rate");
        await("the next track", () -> Fx.call(() -> state.trackId.get()) != first);

        List<RatingRecord> stored = ratings();
        assertThat(stored).hasSize(1);
        RatingRecord r = stored.get(0);
        assertThat(r.rating().overall()).isEqualTo(7);
        // sub-ratings nobody touched are not sent (they are not a 5)
        assertThat(r.rating().aspect(Aspect.MUSICALITY)).isEmpty();
        assertThat(r.rating().aspect(Aspect.NOVELTY)).isEmpty();
        assertThat(r.source()).isEqualTo("panel");
        assertThat(r.transition().after().melody()).isEqualTo(heard.melody());
        // the chart: the profile's stored ratings (those of earlier tests too), this one last
        awaitChartShowsTheStore();
        assertThat(Fx.call(() -> state.ratings.get(state.ratings.size() - 1))).isEqualTo(7);
        assertThat(Fx.call(() -> view.shownTrack())).isEqualTo(Fx.call(() -> state.track.get()));
        // the top bar shows the current track's episode as the device numbers it
        int episode = Fx.call(() -> state.episode.get());
        assertThat(episode).isPositive();
        assertThat(Fx.call(() -> robot.lookup("#rated").queryAs(javafx.scene.control.Label.class).getText()))
                .endsWith("rated, episode " + episode);
    }

    @Test
    void onlyTheSubRatingsSetForThisTrackAreSentAndANewTrackShowsThemNotSet(FxRobot robot) {
        awaitTrack();
        long first = Fx.call(() -> state.trackId.get());
        Knob novelty = robot.lookup("#novelty").query();
        assertThat(Fx.call(() -> novelty.isValueSet())).as("a new track's sub-rating is not set").isFalse();
        assertThat(Fx.call(() -> novelty.getAccessibleText())).isEqualTo("Novelty not set");
        robot.clickOn("#novelty").type(KeyCode.HOME).type(KeyCode.UP, 7);
        assertThat(Fx.call(() -> novelty.getAccessibleText())).isEqualTo("Novelty 8");
        robot.type(KeyCode.DIGIT6);
        await("the next track", () -> Fx.call(() -> state.trackId.get()) != first);
        RatingRecord r = ratings().get(0);
        assertThat(r.rating().overall()).isEqualTo(6);
        assertThat(r.rating().aspect(Aspect.NOVELTY)).hasValue(8);
        assertThat(r.rating().aspect(Aspect.MUSICALITY)).isEmpty();
        assertThat(r.rating().aspect(Aspect.COHERENCE)).isEmpty();
        assertThat(Fx.call(() -> novelty.isValueSet())).as("the next track starts with no sub-rating").isFalse();
        assertThat(Fx.call(() -> novelty.valueText())).isEqualTo(Knob.NOT_SET);
    }

    @Test
    void showingTracksStoresNoExportSignalOnlyAnExportTheUserAskedFor(FxRobot robot) throws Exception {
        awaitTrack();
        long before = exportSignals();
        for (int i = 0; i < 3; i++) {
            long id = Fx.call(() -> state.trackId.get());
            robot.type(KeyCode.ENTER);
            await("the next track", () -> Fx.call(() -> state.trackId.get()) != id);
            await("the drag file of the track shown", () -> Fx.call(() -> state.dragFile.get()) != null);
        }
        Path drag = Fx.call(() -> state.dragFile.get());
        Track shown = Fx.call(() -> state.track.get());
        assertThat(org.hitlmidi.music.MidiFiles.read(drag).melody()).isEqualTo(shown.melody());
        // three skips are stored as signals; none of the tracks the panel showed (and prepared to drag) is an export
        try (var c = org.hitlmidi.control.ControlClient.connect(device.socket())) {
            c.call("status"); // the device has handled everything the panel sent before
        }
        assertThat(exportSignals()).isEqualTo(before);
        Path out = tmp.resolve("asked-for.mid");
        session.export(out);
        await("the exported file", () -> java.nio.file.Files.exists(out));
        await("the one export signal", () -> exportSignals() == before + 1);
    }

    private long exportSignals() {
        try (SqliteStore store = SqliteStore.openIn(device.dataDir())) {
            return store.signals(store.profile("default").orElseThrow().id()).stream()
                    .filter(x -> x.signal() == org.hitlmidi.learn.ImplicitSignal.EXPORT).count();
        }
    }

    @Test
    void digitKeysRateAndZeroMeansTen(FxRobot robot) {
        awaitTrack();
        long first = Fx.call(() -> state.trackId.get());
        robot.type(KeyCode.DIGIT3);
        await("the second track", () -> Fx.call(() -> state.trackId.get()) != first);
        long second = Fx.call(() -> state.trackId.get());
        robot.type(KeyCode.DIGIT0);
        await("the third track", () -> Fx.call(() -> state.trackId.get()) != second);
        assertThat(ratings()).extracting(x -> x.rating().overall()).containsExactly(3, 10);
        awaitChartShowsTheStore();
        int shown = Fx.call(() -> state.ratings.size());

        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        await("the undo", () -> Fx.call(() -> state.ratings.size()) == shown - 1);
        awaitChartShowsTheStore();
        assertThat(ratingsIncludingUndone()).extracting(RatingRecord::undone).containsExactly(false, true);
    }

    @Test
    void showsALostDeviceAndReconnectsWhenItIsBack(FxRobot robot) throws Exception {
        awaitTrack();
        device.kill();
        await("the lost link", () -> Fx.call(() -> state.link.get()) == PanelState.Link.LOST);
        assertThat(robot.lookup("#banner").query().isVisible()).isTrue();
        // the device's port may be anything now: not shown as connected
        assertThat(Fx.call(() -> ((javafx.scene.control.Label) robot.lookup("#port").query()).getText()))
                .isEqualTo("port ?");
        assertThat(Fx.call(() -> robot.lookup("#port-dot").query().getStyleClass())).contains("unknown")
                .doesNotContain("ok");
        assertThat(robot.lookup("#rate").query().isDisabled()).isTrue();

        device.start();
        await("the link again", () -> Fx.call(() -> state.link.get()) == PanelState.Link.CONNECTED);
        assertThat(robot.lookup("#banner").query().isVisible()).isFalse();
        await("the port's state from the device", () -> Fx.call(() -> robot.lookup("#port-dot").query()
                .getStyleClass().contains("ok")));
        assertThat(Fx.call(() -> ((javafx.scene.control.Label) robot.lookup("#port").query()).getText()))
                .isEqualTo("port connected");
        long id = Fx.call(() -> state.trackId.get());
        robot.type(KeyCode.DIGIT8);
        await("a track after the rating", () -> Fx.call(() -> state.trackId.get()) != id);
        assertThat(ratings()).extracting(x -> x.rating().overall()).containsExactly(8);
    }

    @Test
    void screenshotsOfBothThemesShowTheTrackAndTheRatings(FxRobot robot) {
        awaitTrack();
        for (KeyCode k : List.of(KeyCode.DIGIT4, KeyCode.DIGIT6, KeyCode.DIGIT5, KeyCode.DIGIT7, KeyCode.DIGIT8)) {
            long id = Fx.call(() -> state.trackId.get());
            robot.type(k);
            await("the track after " + k, () -> Fx.call(() -> state.trackId.get()) != id);
        }
        awaitChartShowsTheStore();
        assertThat(Fx.call(() -> view.chart().getRatings().size())).isGreaterThanOrEqualTo(5);
        await("the drag file", () -> Fx.call(() -> state.dragFile.get()) != null);
        assertThat(robot.lookup("#drag-mid").query().isDisabled()).isFalse();
        assertThat(Fx.call(() -> state.dragFile.get())).isRegularFile().hasExtension("mid");

        var light = Fx.call(() -> Snapshots.image(view.root()));
        Fx.run(() -> view.themeProperty().set(PanelView.Theme.DARK));
        var dark = Fx.call(() -> Snapshots.image(view.root()));
        // The themes differ where it shows: the window background.
        assertThat(luminance(light.getRGB(2, light.getHeight() - 2))).isGreaterThan(0.8);
        assertThat(luminance(dark.getRGB(2, dark.getHeight() - 2))).isLessThan(0.2);
        Snapshots.save(light, "panel-light.png");
        Snapshots.save(dark, "panel-dark.png");
    }

    @Test
    void parametersTabChangesTheDevicesParametersAndExportWritesTheTrack(FxRobot robot) throws Exception {
        awaitTrack();
        robot.clickOn("Parameters");
        javafx.scene.control.Spinner<Integer> length = robot.lookup("#length").query();
        javafx.scene.control.Spinner<Integer> tempo = robot.lookup("#tempo").query();
        int newLength = Fx.call(() -> length.getValue()) == 6 ? 5 : 6;
        Fx.run(() -> {
            length.getValueFactory().setValue(newLength);
            tempo.getValueFactory().setValue(132);
        });
        robot.clickOn("#apply-params");
        await("the new parameters", () -> Fx.call(() -> state.params.get().path("tempo").asInt()) == 132);
        try (var c = org.hitlmidi.control.ControlClient.connect(device.socket())) {
            var p = c.call("params").path("params");
            assertThat(p.path("length").asInt()).isEqualTo(newLength);
            assertThat(p.path("tempo").asDouble()).isEqualTo(132.0);
            // The new episode's track is the one the piano roll shows.
            long id = c.call("status").path("track").path("trackId").asLong();
            await("the new episode's track", () -> Fx.call(() -> state.trackId.get()) == id);
        }

        Path out = tmp.resolve("exported-" + newLength + ".mid");
        Track shown = Fx.call(() -> view.shownTrack());
        session.export(out);
        await("the exported file", () -> java.nio.file.Files.exists(out));
        assertThat(org.hitlmidi.music.MidiFiles.read(out).melody()).extracting(n -> n.pitch())
                .isEqualTo(shown.melody().stream().map(n -> n.pitch()).toList());
    }

    @Test
    void theControllerTabChoosesTheMappingAndTheClockOnTheDevice(FxRobot robot) throws Exception {
        awaitTrack();
        robot.clickOn("Controller");
        await("the mappings there are", () -> Fx.call(() -> state.controllers.contains("x-touch-mini")));
        robot.clickOn("#controller-choice");
        robot.clickOn("x-touch-mini");
        await("the mapping shown", () -> Fx.call(() -> state.controller.get()).equals("x-touch-mini"));
        robot.clickOn("#clock-choice");
        robot.clickOn("send");
        await("the clock mode", () -> Fx.call(() -> state.clockMode.get()).equals("send"));
        try (var c = org.hitlmidi.control.ControlClient.connect(device.socket())) {
            var s = c.call("status");
            assertThat(s.path("controller").path("name").asText()).isEqualTo("x-touch-mini");
            assertThat(s.path("clock").path("mode").asText()).isEqualTo("send");
            assertThat(Fx.call(() -> state.mappings.keySet())).as("the x-touch-mini's controls are listed")
                    .contains("overall", "rate");
        }
        Snapshots.save(Fx.call(() -> Snapshots.image(view.root())), "panel-controller.png");
        try (var c = org.hitlmidi.control.ControlClient.connect(device.socket())) {
            c.call("clock", org.hitlmidi.control.Protocol.nodes().objectNode().put("mode", "off"));
        }
        robot.clickOn("Track");
    }

    private static double luminance(int argb) {
        int r = (argb >> 16) & 0xFF;
        int g = (argb >> 8) & 0xFF;
        int b = argb & 0xFF;
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255.0;
    }

    private void awaitTrack() {
        await("the device's first track", () -> Fx.call(() -> state.link.get() == PanelState.Link.CONNECTED
                && state.track.get() != null));
    }

    /** The chart shows every rating of the profile in the store, undone ones left out, in order. */
    private void awaitChartShowsTheStore() {
        await("the chart to show the stored ratings", () -> {
            List<Integer> stored;
            try (SqliteStore store = SqliteStore.openIn(device.dataDir())) {
                stored = store.ratings(store.profile("default").orElseThrow().id(), false).stream()
                        .map(r -> r.rating().overall()).toList();
            }
            return Fx.call(() -> List.copyOf(view.chart().getRatings())).equals(stored);
        });
    }

    private List<RatingRecord> ratings() {
        return storedRatings(false);
    }

    private List<RatingRecord> ratingsIncludingUndone() {
        return storedRatings(true);
    }

    /** Ratings stored since this test began, oldest first. */
    private List<RatingRecord> storedRatings(boolean undone) {
        try (SqliteStore store = SqliteStore.openIn(device.dataDir())) {
            Profile p = store.profile("default").orElseThrow();
            List<RatingRecord> all = store.ratings(p.id(), true);
            return all.subList(Math.min(storedBefore, all.size()), all.size()).stream()
                    .filter(r -> undone || !r.undone()).toList();
        }
    }

    static void await(String what, BooleanSupplier cond) {
        long t0 = System.nanoTime();
        try {
            awaitQuiet(what, cond);
        } finally {
            System.err.printf("waited %.0f ms for %s%n", (System.nanoTime() - t0) / 1e6, what);
        }
    }

    static void awaitQuiet(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

package org.hitlmidi.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
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
        click(robot, "#overall").type(KeyCode.HOME).type(KeyCode.UP, 6);
        assertThat(Fx.call(() -> view.overallKnob().intValue())).isEqualTo(7);
        click(robot, "#rate");
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

    /**
     * The click and the device's next track crossed: the panel rates the track it shows while another has started
     * (another client moved on). The device refuses the rating as stale and nothing is stored (issue 17). Mutation
     * caught: {@code DeviceSession.rate} sending no {@code trackId} (the rating then went to the track that had just
     * started: stored, the refusal never came).
     */
    @Test
    void aRatingOfTheTrackShownIsRefusedWhenAnotherTrackStartedAndNothingIsStored(FxRobot robot) throws Exception {
        awaitTrack();
        long shown = Fx.call(() -> state.trackId.get());
        try (org.hitlmidi.control.ControlClient other = org.hitlmidi.control.ControlClient.connect(device.socket())) {
            long now = other.call("next").path("track").path("trackId").asLong();
            assertThat(now).isNotEqualTo(shown);
        }
        int before = storedRatings(true).size();
        session.rate(7, null, null, null, shown);
        await("the device's refusal", () -> Fx.call(() -> String.valueOf(state.message.get())).contains("no longer current"));
        assertThat(storedRatings(true)).as("ratings stored").hasSize(before);
    }

    @Test
    void onlyTheSubRatingsSetForThisTrackAreSentAndANewTrackShowsThemNotSet(FxRobot robot) {
        awaitTrack();
        long first = Fx.call(() -> state.trackId.get());
        Knob novelty = robot.lookup("#novelty").query();
        assertThat(Fx.call(() -> novelty.isValueSet())).as("a new track's sub-rating is not set").isFalse();
        assertThat(Fx.call(() -> novelty.getAccessibleText())).isEqualTo("Novelty not set");
        click(robot, "#novelty").type(KeyCode.HOME).type(KeyCode.UP, 7);
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
        // a finished drag of the .mid onto a DAW is an export too, of the track it was; one of a track gone is not
        long id = Fx.call(() -> state.trackId.get());
        Fx.run(() -> session.dragged(id - 1));
        Fx.run(() -> session.dragged(id));
        await("the drag's export signal", () -> exportSignals() == before + 2);
        try (var c = org.hitlmidi.control.ControlClient.connect(device.socket())) {
            c.call("status");
        }
        assertThat(exportSignals()).isEqualTo(before + 2);
    }

    /**
     * The drag-out gesture itself, headless: the robot presses on the .mid label, drags it over the piano roll and
     * releases. The window stands for a DAW here (its scene accepts files as a DAW track does): it gets the track's
     * .mid file, and the finished drag is stored as one export signal of the track that was shown.
     */
    @Test
    void draggingTheMidOntoADawDropsTheFileAndStoresAnExport(FxRobot robot) throws Exception {
        awaitTrack();
        await("the drag file", () -> Fx.call(() -> state.dragFile.get()) != null);
        Path file = Fx.call(() -> state.dragFile.get());
        long before = exportSignals();
        List<java.io.File> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean detected = new java.util.concurrent.atomic.AtomicBoolean();
        javafx.scene.Scene scene = Fx.call(() -> view.root().getScene());
        javafx.event.EventHandler<javafx.scene.input.MouseEvent> seen = e -> detected.set(true);
        Fx.run(() -> {
            scene.addEventFilter(javafx.scene.input.MouseEvent.DRAG_DETECTED, seen);
            scene.setOnDragOver(e -> {
                if (e.getGestureSource() != null && e.getDragboard().hasFiles()) {
                    e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
                }
                e.consume();
            });
            scene.setOnDragDropped(e -> {
                dropped.addAll(e.getDragboard().getFiles());
                e.setDropCompleted(true);
                e.consume();
            });
        });
        try {
            robot.drag("#drag-mid").moveTo("#piano-roll").drop();
            assertThat(detected.get()).as("the robot's drag was detected").isTrue();
            await("the file dropped", () -> !dropped.isEmpty());
            assertThat(dropped).extracting(java.io.File::toPath).containsExactly(file);
            await("the drag's export signal", () -> exportSignals() == before + 1);
        } finally {
            Fx.run(() -> {
                scene.removeEventFilter(javafx.scene.input.MouseEvent.DRAG_DETECTED, seen);
                scene.setOnDragOver(null);
                scene.setOnDragDropped(null);
            });
        }
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
    void screenshotsOfEveryTabInBothThemesAt1xAnd2xWithAMappingInUse(FxRobot robot) throws Exception {
        awaitTrack();
        useNanokontrol2();
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
        Fx.run(() -> {
            view.overallKnob().setValue(8);
            ((Knob) view.root().lookup("#novelty")).increment(2);
        });
        // the play position somewhere in the track, as while it plays
        Fx.run(() -> view.pianoRoll().cursorBeatProperty().set(1.5));

        for (PanelView.Theme theme : PanelView.Theme.values()) {
            Fx.run(() -> view.themeProperty().set(theme));
            for (String tab : List.of("Track", "Parameters", "Controller", "Stage")) {
                Fx.run(() -> {
                    view.stageModeProperty().set(tab.equals("Stage"));
                    if (!tab.equals("Stage")) {
                        view.tabs().getSelectionModel().select(List.of("Track", "Parameters", "Controller").indexOf(tab));
                    }
                    view.root().applyCss();
                    view.root().layout();
                });
                String name = "panel-" + tab.toLowerCase(java.util.Locale.ROOT) + "-"
                        + theme.name().toLowerCase(java.util.Locale.ROOT);
                var one = Fx.call(() -> Snapshots.image(view.root(), 1));
                var two = Fx.call(() -> Snapshots.image(view.root(), 2));
                assertThat(two.getWidth()).isEqualTo(2 * one.getWidth());
                double bg = luminance(one.getRGB(2, one.getHeight() - 2));
                assertThat(bg).as(name + ": the theme's window background")
                        .is(new org.assertj.core.api.Condition<>(
                                l -> theme == PanelView.Theme.LIGHT ? l > 0.8 : l < 0.2, "light or dark"));
                Snapshots.save(one, name + ".png");
                Snapshots.save(two, name + "@2x.png");
            }
        }
        Fx.run(() -> {
            view.stageModeProperty().set(false);
            view.themeProperty().set(PanelView.Theme.LIGHT);
            view.tabs().getSelectionModel().select(0);
        });
    }

    /** The device loads the nanoKONTROL2 mapping (chosen as a user would, in the Controller tab). */
    private void useNanokontrol2() throws Exception {
        try (var c = org.hitlmidi.control.ControlClient.connect(device.socket())) {
            c.call("controller", org.hitlmidi.control.Protocol.nodes().objectNode().put("name", "nanokontrol2"));
        }
        await("the nanokontrol2 mapping shown", () -> Fx.call(() -> state.controller.get().equals("nanokontrol2")
                && state.mappings.size() >= 10));
    }

    @Test
    void theKnobsKeepTheirSizeOnEveryTabWithTheNanokontrol2Mapping(FxRobot robot) throws Exception {
        awaitTrack();
        useNanokontrol2();
        for (String tab : List.of("Controller", "Parameters", "Track")) {
            click(robot, tab);
            double[] sizes = Fx.call(() -> {
                view.root().applyCss();
                view.root().layout();
                return PanelViewTest.knobSizes(view.root());
            });
            System.err.println("knobs (dial px, text px) with nanokontrol2 on tab " + tab + ": "
                    + java.util.Arrays.toString(sizes));
            assertThat(sizes[0]).as("overall dial on " + tab).isGreaterThanOrEqualTo(72);
            assertThat(sizes[2]).as("sub-rating dial on " + tab).isGreaterThanOrEqualTo(48);
            assertThat(sizes[4]).as("exploration dial on " + tab).isGreaterThanOrEqualTo(48);
            for (int i = 1; i < 6; i += 2) {
                assertThat(sizes[i]).as("value text px on " + tab).isGreaterThanOrEqualTo(12);
            }
        }
        // the whole mapping is in view in the Controller tab, not clipped to two lines
        click(robot, "Controller");
        javafx.scene.control.ScrollPane list = robot.lookup("#mapping-list").query();
        Fx.run(() -> {
            view.root().applyCss();
            view.root().layout();
        });
        double content = Fx.call(() -> list.getContent().getLayoutBounds().getHeight());
        double viewport = Fx.call(() -> list.getViewportBounds().getHeight());
        int lines = Fx.call(() -> state.mappings.size());
        // with two layers the nanoKONTROL2 maps ~48 controls: all of them, or ten lines at least, are in view
        // (the list scrolls for the rest), never the two lines it was clipped to
        double tenLines = 10 * content / Math.max(1, lines);
        assertThat(viewport).as("the mapping list's view of its " + lines + " lines (content " + content + " px)")
                .isGreaterThanOrEqualTo(Math.min(content, tenLines) - 0.5);
        click(robot, "Track");
    }

    @Test
    void parametersTabChangesTheDevicesParametersAndExportWritesTheTrack(FxRobot robot) throws Exception {
        awaitTrack();
        click(robot, "Parameters");
        javafx.scene.control.TextField length = robot.lookup("#length").query();
        int newLength = Fx.call(() -> length.getText()).equals("6") ? 5 : 6;
        doubleClick(robot, "#length").eraseText(3).write(Integer.toString(newLength));
        doubleClick(robot, "#tempo").eraseText(4).write("132");
        applyParams(robot);
        await("the new parameters", () -> Fx.call(() -> state.params.get().tempo()) == 132);
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
        click(robot, "Controller");
        await("the mappings there are", () -> Fx.call(() -> state.controllers.contains("x-touch-mini")));
        click(robot, "#controller-choice");
        click(robot, "x-touch-mini");
        await("the mapping shown", () -> Fx.call(() -> state.controller.get()).equals("x-touch-mini"));
        click(robot, "#clock-choice");
        click(robot, "send");
        await("the clock mode", () -> Fx.call(() -> state.clockMode.get()).equals("send"));
        try (var c = org.hitlmidi.control.ControlClient.connect(device.socket())) {
            var s = c.call("status");
            assertThat(s.path("controller").path("name").asText()).isEqualTo("x-touch-mini");
            assertThat(s.path("clock").path("mode").asText()).isEqualTo("send");
            assertThat(Fx.call(() -> state.mappings.keySet())).as("the x-touch-mini's controls are listed")
                    .contains("overall", "rate");
        }
        try (var c = org.hitlmidi.control.ControlClient.connect(device.socket())) {
            c.call("clock", org.hitlmidi.control.Protocol.nodes().objectNode().put("mode", "off"));
        }
        click(robot, "Track");
    }

    @Test
    void theMainViewShowsKeyTempoBarsMeterKitEpisodeAndWhyAsTheDeviceHasThemAndPlayStopAndLoopWork(FxRobot robot)
            throws Exception {
        awaitTrack();
        try (var c = org.hitlmidi.control.ControlClient.connect(device.socket())) {
            var s = c.call("status");
            var p = s.path("params");
            var t = s.path("track");
            await("the track of the device's status", () -> Fx.call(() -> state.trackId.get())
                    == t.path("trackId").asLong());
            assertThat(text(robot, "#key-line")).isEqualTo((p.hasNonNull("style") ? p.path("style").asText() + ": " : "")
                    + p.path("base").asText() + " " + p.path("scale").asText());
            Track shown = Fx.call(() -> state.track.get());
            int bars = (int) Math.ceil(shown.lengthBeats() / 4 - 1e-9);
            assertThat(text(robot, "#tempo-line")).isEqualTo(Math.round(t.path("tempo").asDouble()) + " BPM \u00b7 "
                    + bars + (bars == 1 ? " bar" : " bars"));
            // a composed track plays its style's groove, so the paper's kit is not named for it
            assertThat(text(robot, "#meter-line")).isEqualTo(shown.arrangement().barred() ? "4/4"
                    : "4/4 \u00b7 " + p.path("kit").path("name").asText() + " kit");
            assertThat(shown.arrangement().barred()).as("the device's default learner composes").isTrue();
            assertThat(text(robot, "#rated")).endsWith("episode " + t.path("episode").asInt());
            assertThat(text(robot, "#why")).isEqualTo(PanelView.why(t.path("action").asText(),
                    t.path("explored").asBoolean()));
            assertThat(text(robot, "#why")).startsWith(t.path("explored").asBoolean() ? "Exploring: " : "Best guess: ");
            assertThat(Fx.call(() -> view.pianoRoll().barNumbers())).hasSize(bars);

            click(robot, "#stop");
            await("stopped", () -> !Fx.call(() -> state.playing.get()));
            assertThat(c.call("status").path("playing").asBoolean()).isFalse();
            click(robot, "#play");
            await("playing on the device", () -> call(c, "status").path("playing").asBoolean());
            await("playing in the panel", () -> Fx.call(() -> state.playing.get()));

            boolean loopBefore = p.path("loop").asBoolean();
            click(robot, "#loop");
            await("the loop on the device", () -> call(c, "params").path("params").path("loop").asBoolean()
                    != loopBefore);
            await("the loop toggle", () -> Fx.call(() -> ((javafx.scene.control.ToggleButton)
                    robot.lookup("#loop").query()).isSelected()) != loopBefore);
            assertThat(Fx.call(() -> view.pianoRoll().loopProperty().get())).isEqualTo(!loopBefore);
            click(robot, "#loop");
            await("the loop back", () -> call(c, "params").path("params").path("loop").asBoolean() == loopBefore);
        }
    }

    @Test
    void theParametersTabHasEveryParameterAndShowsTheDevicesRefusal(FxRobot robot) throws Exception {
        awaitTrack();
        click(robot, "Parameters");
        for (String id : List.of("#base", "#scale", "#length", "#tempo", "#channel", "#program", "#kit",
                "#exploration", "#loop-param")) {
            assertThat(robot.lookup(id).tryQuery()).as(id).isPresent();
        }
        try (var c = org.hitlmidi.control.ControlClient.connect(device.socket())) {
            var before = c.call("params").path("params");
            doubleClick(robot, "#base").eraseText(4).write("H9");
            applyParams(robot);
            await("the device's refusal", () -> !text(robot, "#params-error").isEmpty());
            assertThat(text(robot, "#params-error")).contains("H9");
            assertThat(c.call("params").path("params")).as("nothing changed").isEqualTo(before);

            // a kit from the list applies with Apply; the error goes
            doubleClick(robot, "#base").eraseText(4).write(before.path("base").asText());
            String kit = before.path("kit").path("name").asText().equals("rock") ? "jazz" : "rock";
            Fx.run(() -> {
                @SuppressWarnings("unchecked")
                var box = (javafx.scene.control.ComboBox<String>) robot.lookup("#kit").query();
                box.setValue(kit);
            });
            applyParams(robot);
            await("the new kit on the device", () -> call(c, "params").path("params").path("kit").path("name")
                    .asText().equals(kit));
            await("no error shown", () -> text(robot, "#params-error").isEmpty());

            // loop applies at once, without Apply
            boolean loop = c.call("params").path("params").path("loop").asBoolean();
            click(robot, "#loop-param");
            await("the loop on the device", () -> call(c, "params").path("params").path("loop").asBoolean() != loop);
            click(robot, "#loop-param");
            await("the loop back", () -> call(c, "params").path("params").path("loop").asBoolean() == loop);
            c.call("params", org.hitlmidi.control.Protocol.nodes().objectNode().set("set",
                    org.hitlmidi.control.Protocol.nodes().objectNode().put("kit", before.path("kit").path("name").asText())));
        }
        click(robot, "Track");
    }

    /**
     * The part-rating row: one choice per part the track plays, a dash (not rated) on each new track; the parts
     * chosen go with the overall rating and the ones left alone do not. Fails if untouched parts are sent (as 5 or as
     * anything) or if the choices survive into the next track.
     */
    @Test
    void partRatingsChosenInTheRowAreSentAndUntouchedOnesAreNot(FxRobot robot) {
        awaitTrack();
        Track t = Fx.call(() -> state.track.get());
        long first = Fx.call(() -> state.trackId.get());
        assertThat(robot.lookup("#part-ratings").query().isVisible()).isTrue();
        for (org.hitlmidi.music.Part p : org.hitlmidi.music.Part.values()) {
            assertThat(robot.lookup("#rate-" + p.id()).tryQuery()).as(p + ": shown when the track plays it")
                    .isEqualTo(t.parts().contains(p) ? robot.lookup("#rate-" + p.id()).tryQuery() : java.util.Optional.empty());
        }
        assertThat(t.parts()).contains(org.hitlmidi.music.Part.MELODY, org.hitlmidi.music.Part.DRUMS);
        choose(robot, "#rate-drums", "3");
        choose(robot, "#rate-melody", "9");
        robot.type(KeyCode.DIGIT7);
        await("the next track", () -> Fx.call(() -> state.trackId.get()) != first);
        RatingRecord r = ratings().get(0);
        assertThat(r.rating().overall()).isEqualTo(7);
        assertThat(r.rating().parts()).isEqualTo(java.util.Map.of(org.hitlmidi.music.Part.DRUMS, 3,
                org.hitlmidi.music.Part.MELODY, 9));
        for (org.hitlmidi.music.Part p : Fx.call(() -> state.track.get()).parts()) {
            javafx.scene.control.ComboBox<?> box = robot.lookup("#rate-" + p.id()).query();
            assertThat(Fx.call(box::getValue)).as(p + " on the next track").isEqualTo(Knob.NOT_SET);
        }
    }

    /** Picks {@code value} in a part's 1..10 choice as a user does: open it, click the value in its list. */
    /**
     * Clicks the first visible node a query finds, looked up on the FX thread. TestFX's own {@code clickOn(query)}
     * walks the scene's children lists on the test thread; a status push that rebuilt a list under it threw
     * IndexOutOfBoundsException in a fresh-clone CI run (theParametersTabHasEveryParameterAndShowsTheDevicesRefusal,
     * clicking "Track").
     */
    private static org.testfx.api.FxRobotInterface click(FxRobot robot, String query) {
        return robot.clickOn(visible(robot, query));
    }

    private static org.testfx.api.FxRobotInterface doubleClick(FxRobot robot, String query) {
        return robot.doubleClickOn(visible(robot, query));
    }

    private static javafx.scene.Node visible(FxRobot robot, String query) {
        return Fx.call(() -> robot.lookup(query).match(org.testfx.util.NodeQueryUtils.isVisible()).query());
    }

    private static void choose(FxRobot robot, String id, String value) {
        click(robot, id);
        javafx.scene.Node cell = Fx.call(() -> robot.lookup(".combo-box-popup .list-cell").match(
                (javafx.scene.Node n) -> n instanceof javafx.scene.control.ListCell<?> c && value.equals(c.getText())).query());
        robot.clickOn(cell);
        javafx.scene.control.ComboBox<?> box = robot.lookup(id).query();
        assertThat(Fx.call(box::getValue)).isEqualTo(value);
    }

    /**
     * The device's further parameters (the live controls: swing, humanize, intensity, density, register, part levels)
     * appear in the Parameters tab with readable names, the device's default said in the empty field, in a fixed
     * order; a value typed there reaches the device.
     */
    @Test
    void theDevicesFurtherParametersAreShownWithReadableNames(FxRobot robot) throws Exception {
        awaitTrack();
        click(robot, "Parameters");
        var params = Fx.call(() -> state.params.get());
        List<String> scalars = new java.util.ArrayList<>();
        params.values().forEach((n, v) -> {
            if (!PanelView.KNOWN_PARAMS.contains(n) && !(v instanceof java.util.Collection<?>)) {
                scalars.add(n);
            }
        });
        assertThat(scalars).as("parameters beyond the form's own").isNotEmpty();
        for (String n : scalars) {
            assertThat(robot.lookup("#param-" + n).tryQuery()).as(n).isPresent();
        }
        List<String> labels = robot.lookup(".form .label").queryAllAs(javafx.scene.control.Label.class).stream()
                .map(javafx.scene.control.Label::getText).toList();
        assertThat(labels).noneMatch(l -> l.contains("_"));
        assertThat(scalars).contains("swing", "level_bass");
        {
            assertThat(labels).contains("Bass level", "Swing");
            javafx.scene.control.TextField swing = robot.lookup("#param-swing").query();
            if (params.swing() == null) {
                assertThat(Fx.call(swing::getPromptText)).isEqualTo("style's");
            }
            javafx.scene.control.TextField level = robot.lookup("#param-level_bass").query();
            Fx.run(() -> level.setText("0.5"));
            applyParams(robot);
            try (var c = org.hitlmidi.control.ControlClient.connect(device.socket())) {
                await("the bass level on the device", () -> call(c, "params").path("params").path("level_bass")
                        .asDouble() == 0.5);
                c.call("params", org.hitlmidi.control.Protocol.nodes().objectNode().set("set",
                        org.hitlmidi.control.Protocol.nodes().objectNode().put("level_bass", 1.0)));
            }
        }
        click(robot, "Track");
    }

    @Test
    void stageModeFromTheMenuRatesWithOneBigKnobAndIsRemembered(FxRobot robot) throws Exception {
        awaitTrack();
        java.util.prefs.Preferences node = java.util.prefs.Preferences.userRoot()
                .node("hitl-midi-test/" + java.util.UUID.randomUUID());
        try {
            PanelView[] remembered = new PanelView[1];
            PanelState[] st = new PanelState[1];
            // this test's view, with settings of its own
            Fx.run(() -> {
                st[0] = new PanelState();
                remembered[0] = new PanelView(state, session, new PanelSettings(node));
                view.root().getScene().setRoot(new javafx.scene.layout.Pane());
                robot.window(0).getScene().setRoot(remembered[0].root());
            });
            PanelView v = remembered[0];
            assertThat(Fx.call(() -> v.stageModeProperty().get())).isFalse();
            click(robot, "#menu");
            click(robot, "Stage mode");
            assertThat(Fx.call(() -> v.stageModeProperty().get())).isTrue();
            Knob big = robot.lookup("#stage-overall").query();
            Fx.run(() -> {
                v.root().applyCss();
                v.root().layout();
            });
            double dial = Fx.call(() -> ((javafx.scene.layout.Region) big.lookup(".dial")).getWidth());
            System.err.println("stage mode: the overall dial is " + dial + " px");
            assertThat(dial).isGreaterThanOrEqualTo(140);
            assertThat(robot.lookup("#rate").tryQuery()).as("the studio's buttons are gone").isEmpty();
            assertThat(robot.lookup("#stage-roll").query().isVisible()).isTrue();

            long first = Fx.call(() -> state.trackId.get());
            click(robot, "#stage-overall").type(KeyCode.HOME).type(KeyCode.UP, 8);
            click(robot, "#stage-rate");
            await("the next track", () -> Fx.call(() -> state.trackId.get()) != first);
            assertThat(ratings()).extracting(x -> x.rating().overall()).containsExactly(9);
            long second = Fx.call(() -> state.trackId.get());
            click(robot, "#stage-next");
            await("the track after next", () -> Fx.call(() -> state.trackId.get()) != second);
            click(robot, "#stage-keep");
            await("kept", () -> Fx.call(() -> state.message.get()).startsWith("kept as #"));

            // a new panel with the same settings opens in stage mode
            assertThat(node.getBoolean("stageMode", false)).isTrue();
            boolean again = Fx.call(() -> new PanelView(new PanelState(), session, new PanelSettings(node))
                    .stageModeProperty().get());
            assertThat(again).isTrue();
            click(robot, "#menu");
            click(robot, "Stage mode");
            assertThat(robot.lookup("#rate").tryQuery()).isPresent();
            assertThat(node.getBoolean("stageMode", true)).isFalse();
        } finally {
            node.removeNode();
        }
    }

    @Test
    void muteAndSoloPerPartOnTheDevice(FxRobot robot) throws Exception {
        awaitTrack();
        try (var c = org.hitlmidi.control.ControlClient.connect(device.socket())) {
            var params = c.call("params").path("params");
            assertThat(params.path("mute").isArray()).as("the device's parameters have 'mute'").isTrue();
            var nodes = org.hitlmidi.control.Protocol.nodes();
            if (!Fx.call(() -> state.roll.get().parts().contains(RollModel.Part.BASS))) {
                c.call("params", nodes.objectNode().set("set", nodes.objectNode().put("style", "lofi")));
            }
            await("a track with a bass part", () -> Fx.call(() -> state.roll.get().parts()
                    .contains(RollModel.Part.BASS)) && robot.lookup("#mute-bass").tryQuery().isPresent());
            click(robot, "#mute-bass");
            await("the bass muted on the device", () -> muted(c).equals(List.of("bass")));
            await("the bass dimmed", () -> Fx.call(() -> view.pianoRoll().getChildrenUnmodifiable().stream()
                    .filter(n -> n.getStyleClass().contains("part-bass"))
                    .allMatch(n -> n.getStyleClass().contains("muted-part"))));
            click(robot, "#solo-drums");
            await("only the drums heard", () -> muted(c).equals(List.of("bass", "chords", "melody")));
            click(robot, "#solo-drums");
            await("every part heard", () -> muted(c).isEmpty());
        }
    }

    private static List<String> muted(org.hitlmidi.control.ControlClient c) {
        List<String> out = new java.util.ArrayList<>();
        call(c, "params").path("params").path("mute").forEach(x -> out.add(x.asText()));
        java.util.Collections.sort(out);
        return out;
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode call(org.hitlmidi.control.ControlClient c,
                                                                      String cmd) {
        try {
            return c.call(cmd);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String text(FxRobot robot, String id) {
        return Fx.call(() -> ((javafx.scene.control.Labeled) robot.lookup(id).query()).getText());
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
        try {
            org.hitlmidi.Await.until(java.time.Duration.ofSeconds(20), what, cond::getAsBoolean);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Presses Apply. The Parameters tab scrolls, and with the style, meter, bars and mute fields the button can sit
     * below the test window's fold, where a robot click misses it: fire it as a click would.
     */
    private static void applyParams(FxRobot robot) {
        javafx.scene.control.Button apply = robot.lookup("#apply-params").query();
        Fx.run(apply::fire);
    }
}

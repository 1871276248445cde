package org.hitlmidi.panel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hitlmidi.panel.PanelDeviceTest.await;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import javafx.application.Platform;
import javafx.scene.control.ComboBox;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.learn.Learners;
import org.hitlmidi.learn.Rating;
import org.hitlmidi.learn.Transition;
import org.hitlmidi.music.Action;
import org.hitlmidi.music.ActionType;
import org.hitlmidi.music.EditRules;
import org.hitlmidi.music.Edits;
import org.hitlmidi.music.Track;
import org.hitlmidi.music.TrackGenerator;
import org.hitlmidi.music.TrackParams;
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

/**
 * The chart shows the profile's past ratings from the device's store when the panel opens and when it
 * reconnects, and the profile box switches the device to another profile or a new one. A real device process.
 */
@ExtendWith(ApplicationExtension.class)
class PanelProfileTest {
    @TempDir
    static Path tmp;
    private static DeviceProcess device;
    private PanelState state;
    private DeviceSession session;
    private PanelView view;

    /** Ratings of a profile, a chain of paper edits; every {@code undoneEvery}-th one undone. */
    private static void seed(SqliteStore s, String profile, int[] overall, int undoneEvery, long seed) {
        Profile p = s.createProfile(profile, Learners.PAPER, TrackParams.defaults());
        SplittableRandom rnd = new SplittableRandom(seed);
        Track t = TrackGenerator.random(TrackParams.defaults(), rnd);
        Edits edits = new Edits(EditRules.PAPER);
        for (int i = 0; i < overall.length; i++) {
            Action a = new Action(ActionType.PITCH_DOWN, rnd.nextInt(t.melody().size()));
            Track next = edits.apply(t, a);
            boolean undone = undoneEvery > 0 && i % undoneEvery == undoneEvery - 1;
            s.addRating(new RatingRecord(0, p.id(), null, Instant.now(), Learners.PAPER, Rating.of(overall[i]),
                    new Transition(t, a, next), "cli", undone));
            if (!undone) {
                t = next;
            }
        }
    }

    @BeforeAll
    static void startDevice() throws Exception {
        try (SqliteStore s = SqliteStore.openIn(tmp)) {
            seed(s, Profile.DEFAULT, new int[] {3, 4, 9, 6, 6, 2, 7, 8, 8, 5, 9, 10, 7}, 4, 1);
            seed(s, "other", new int[] {1, 10, 2}, 0, 2);
        }
        device = new DeviceProcess(tmp).start();
    }

    @AfterAll
    static void stopDevice() throws Exception {
        device.close();
    }

    @Start
    void start(Stage stage) {
        state = new PanelState();
        session = new DeviceSession(device.connector(), state, Platform::runLater);
        view = new PanelView(state, session);
        stage.setScene(view.createScene(PanelWindow.WIDTH, PanelWindow.HEIGHT));
        stage.show();
        session.start();
    }

    @AfterEach
    void stop() throws Exception {
        session.close();
        try (ControlClient c = ControlClient.connect(device.socket())) { // the next test starts on the default profile
            c.call("profile", org.hitlmidi.control.Protocol.nodes().objectNode().put("name", Profile.DEFAULT));
        }
    }

    private static List<Integer> stored(String profile) {
        try (SqliteStore s = SqliteStore.openIn(tmp)) {
            return s.ratings(s.profile(profile).orElseThrow().id(), false).stream().map(r -> r.rating().overall()).toList();
        }
    }

    private List<Integer> chart() {
        return Fx.call(() -> List.copyOf(view.chart().getRatings()));
    }

    private String deviceProfile() throws Exception {
        try (ControlClient c = ControlClient.connect(device.socket())) {
            return c.call("status").path("profile").asText();
        }
    }

    @Test
    void theChartShowsThePastRatingsOnOpeningAndAfterAReconnect(FxRobot robot) throws Exception {
        List<Integer> want = List.of(3, 4, 9, 6, 2, 7, 8, 5, 9, 7); // 13 stored, every 4th undone
        assertThat(stored(Profile.DEFAULT)).isEqualTo(want);
        await("the stored ratings in the chart", () -> chart().equals(want));
        assertThat(Fx.call(() -> state.profileRatings.get())).isEqualTo(want.size());

        device.kill();
        await("the lost link", () -> Fx.call(() -> state.link.get()) == PanelState.Link.LOST);
        device.start();
        await("the link again", () -> Fx.call(() -> state.link.get()) == PanelState.Link.CONNECTED);
        await("the same ratings, none twice", () -> chart().equals(want));

        long id = Fx.call(() -> state.trackId.get());
        robot.type(KeyCode.DIGIT6);
        await("the next track", () -> Fx.call(() -> state.trackId.get()) != id);
        await("the new rating at the end of the chart", () -> chart().size() == want.size() + 1);
        assertThat(chart()).isEqualTo(stored(Profile.DEFAULT)).endsWith(6);
    }

    @Test
    void theProfileBoxSwitchesTheDeviceToAnotherProfileOrANewOne(FxRobot robot) throws Exception {
        await("the chart", () -> chart().size() >= 10);
        ComboBox<String> box = view.profileBox();
        assertThat(Fx.call(() -> List.copyOf(box.getItems()))).containsExactly(Profile.DEFAULT, "other",
                PanelView.NEW_PROFILE);
        assertThat(Fx.call(box::getValue)).isEqualTo(Profile.DEFAULT);

        robot.clickOn("#profile");
        robot.clickOn("other");
        await("the device on 'other'", () -> "other".equals(deviceProfileQuiet()));
        await("other's ratings in the chart", () -> chart().equals(List.of(1, 10, 2)));
        assertThat(Fx.call(box::getValue)).isEqualTo("other");
        long id = Fx.call(() -> state.trackId.get());
        robot.type(KeyCode.DIGIT4);
        await("the next track", () -> Fx.call(() -> state.trackId.get()) != id);
        assertThat(stored("other")).containsExactly(1, 10, 2, 4);
        await("the chart", () -> chart().equals(List.of(1, 10, 2, 4)));

        robot.clickOn("#profile");
        robot.clickOn(PanelView.NEW_PROFILE);
        await("the name dialog", () -> robot.lookup("#new-profile-name").tryQuery().isPresent());
        robot.clickOn("#new-profile-name").write("band project").type(KeyCode.ENTER);
        await("the device on the new profile", () -> "band project".equals(deviceProfileQuiet()));
        await("an empty chart", () -> chart().isEmpty());
        assertThat(stored("band project")).isEmpty();
        await("the new profile in the box", () -> Fx.call(() -> box.getItems().contains("band project")
                && "band project".equals(box.getValue())));
        Snapshots.save(Fx.call(() -> Snapshots.image(view.root())), "panel-new-profile.png");
        try (SqliteStore s = SqliteStore.openIn(tmp)) {
            assertThat(s.profiles()).extracting(Profile::name).containsExactly("band project", Profile.DEFAULT, "other");
        }
    }

    private String deviceProfileQuiet() {
        try {
            return deviceProfile();
        } catch (Exception e) {
            return "";
        }
    }
}

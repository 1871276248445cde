package org.hitlmidi.panel;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.hitlmidi.control.DeviceReply;
import org.hitlmidi.music.Track;

/**
 * What the panel shows, as JavaFX properties. Touched only on the JavaFX thread: {@link DeviceSession}
 * computes off that thread and hands results over with Platform.runLater.
 */
public final class PanelState {
    /** The panel's link to the device. */
    public enum Link {
        CONNECTING, CONNECTED, LOST
    }

    /** One controller message reported by the device, for MIDI-learn. */
    public record Cc(int channel, int controller, int value) {
    }

    final ObjectProperty<Link> link = new SimpleObjectProperty<>(this, "link", Link.CONNECTING);
    final StringProperty message = new SimpleStringProperty(this, "message", "");
    final StringProperty profile = new SimpleStringProperty(this, "profile", "");
    final StringProperty learner = new SimpleStringProperty(this, "learner", "");
    final StringProperty version = new SimpleStringProperty(this, "version", "");
    final ObjectProperty<DeviceReply.ParamsView> params = new SimpleObjectProperty<>(this, "params");
    final StringProperty portName = new SimpleStringProperty(this, "portName", "");
    /** connected, lost or closed, as the device reports its MIDI port. */
    final StringProperty portState = new SimpleStringProperty(this, "portState", "");
    final LongProperty trackId = new SimpleLongProperty(this, "trackId", -1);
    /** The episode of the current track, as the device numbers it (0 until a track is known). */
    final IntegerProperty episode = new SimpleIntegerProperty(this, "episode", 0);
    final ObjectProperty<Track> track = new SimpleObjectProperty<>(this, "track");
    /** The current track as the piano roll draws it: its parts and bars (set just before {@link #track}). */
    final ObjectProperty<RollModel> roll = new SimpleObjectProperty<>(this, "roll");
    /** The edit that made the current track ("pitch_up@2") and whether the learner explored. */
    final StringProperty action = new SimpleStringProperty(this, "action", "");
    final BooleanProperty explored = new SimpleBooleanProperty(this, "explored", false);
    final BooleanProperty playing = new SimpleBooleanProperty(this, "playing", false);
    /** When the current play started, on the System.nanoTime clock (what AnimationTimer gets too). */
    final LongProperty playStartNanos = new SimpleLongProperty(this, "playStartNanos", 0);
    final IntegerProperty profileRatings = new SimpleIntegerProperty(this, "profileRatings", 0);
    /**
     * The profile's ratings in the chart, oldest first, undone ones left out: its last ones from `history` when
     * the panel connects (or the profile changes), then each one stored since. {@link #ratingIds} runs beside it.
     */
    final ObservableList<Integer> ratings = FXCollections.observableArrayList();
    final ObservableList<Long> ratingIds = FXCollections.observableArrayList();
    /** Names of the stored profiles, for switching. */
    final ObservableList<String> profiles = FXCollections.observableArrayList();
    final ObjectProperty<Cc> lastCc = new SimpleObjectProperty<>(this, "lastCc");
    /** The current track exported as .mid for dragging onto a DAW; null until written. */
    final ObjectProperty<Path> dragFile = new SimpleObjectProperty<>(this, "dragFile");
    /** MIDI-learn: control name -> "ch 1 CC 16", as the device holds its mapping. */
    final ObservableMap<String, String> mappings = FXCollections.observableMap(new TreeMap<>());
    final StringProperty controller = new SimpleStringProperty(this, "controller", "");
    /** The controller mappings the device can load (built in and the user's). */
    final ObservableList<String> controllers = FXCollections.observableArrayList();
    /** The device's MIDI clock mode: off, send or follow. */
    final StringProperty clockMode = new SimpleStringProperty(this, "clockMode", "off");
    /** The control MIDI-learn bound last (set again on each `learned` event). */
    final StringProperty learned = new SimpleStringProperty(this, "learned");

    public ObjectProperty<Link> linkProperty() {
        return link;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public StringProperty profileProperty() {
        return profile;
    }

    public StringProperty learnerProperty() {
        return learner;
    }

    public ObjectProperty<DeviceReply.ParamsView> paramsProperty() {
        return params;
    }

    public StringProperty portNameProperty() {
        return portName;
    }

    public StringProperty portStateProperty() {
        return portState;
    }

    public LongProperty trackIdProperty() {
        return trackId;
    }

    public ObjectProperty<Track> trackProperty() {
        return track;
    }

    public BooleanProperty playingProperty() {
        return playing;
    }

    public IntegerProperty episodeProperty() {
        return episode;
    }

    public IntegerProperty profileRatingsProperty() {
        return profileRatings;
    }

    public ObservableList<Integer> ratings() {
        return ratings;
    }

    public ObservableList<String> profiles() {
        return profiles;
    }

    public ObjectProperty<Cc> lastCcProperty() {
        return lastCc;
    }

    public ObjectProperty<Path> dragFileProperty() {
        return dragFile;
    }

    public ObservableMap<String, String> mappings() {
        return mappings;
    }

    public StringProperty controllerProperty() {
        return controller;
    }

    /** A snapshot of the mapping for tests and the report line. */
    public Map<String, String> mappingCopy() {
        return Map.copyOf(mappings);
    }
}

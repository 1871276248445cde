package org.hitlmidi.panel;

import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.SVGPath;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.hitlmidi.music.Scale;
import org.hitlmidi.control.DeviceReply;
import org.hitlmidi.control.Params;
import org.hitlmidi.control.ParamSet;
import org.hitlmidi.music.Track;

/**
 * The compact panel (about 480x320): rating knobs and transport on top, the current track and the session's
 * ratings below, parameters and the controller mapping in tabs. Everything it asks of the device goes
 * through {@link DeviceSession}; everything it shows comes from {@link PanelState}.
 */
public final class PanelView {
    /** The theme sheets beside panel.css. */
    public enum Theme {
        LIGHT, DARK
    }

    /** Controls that MIDI-learn can map, in the names of docs/controllers.md. */
    static final List<String> LEARNABLE = List.of("overall", "musicality", "novelty", "coherence", "exploration",
            "rate", "next", "replay", "undo", "keep");

    private final PanelState state;
    private final DeviceSession session;
    private final BorderPane root = new BorderPane();
    private final Knob overall = new Knob("Overall", 1, 10, 1, 5);
    private final Knob musicality = new Knob("Musicality", 1, 10, 1, 5);
    private final Knob novelty = new Knob("Novelty", 1, 10, 1, 5);
    private final Knob coherence = new Knob("Coherence", 1, 10, 1, 5);
    private final Knob exploration = new Knob("Explore", 0, 1, 0.05, 0.5);
    private final Button rateButton = new Button("Rate & next");
    private final Button nextButton = new Button("Next");
    private final Button replayButton = new Button("Replay");
    private final Button undoButton = new Button("Undo");
    private final Button keepButton = new Button("Keep");
    private final Button exportButton = new Button("Export");
    private final Label dragLabel = new Label(".mid");
    private final PianoRoll pianoRoll = new PianoRoll();
    private final RatingChart chart = new RatingChart();
    private final ToggleButton learnToggle = new ToggleButton("Learn");
    private final Label learnHint = new Label();
    private final HBox subKnobs = new HBox(2, musicality, novelty, coherence);
    private final BooleanProperty subRatingsShown = new SimpleBooleanProperty(this, "subRatingsShown", true);
    private final BooleanProperty alwaysOnTop = new SimpleBooleanProperty(this, "alwaysOnTop", false);
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme", Theme.LIGHT);
    private final ObjectProperty<String> armed = new SimpleObjectProperty<>(this, "armed");
    private final Map<String, Node> learnables = new LinkedHashMap<>();
    private final PauseTransition explorationSend = new PauseTransition(Duration.millis(300));
    private final TextField baseField = new TextField();
    private final ComboBox<String> scaleBox = new ComboBox<>();
    private final TextField lengthField = new TextField();
    private final TextField tempoField = new TextField();
    private final TextField channelField = new TextField();
    private final TextField programField = new TextField();
    private final TextField explorationField = new TextField();
    private final ComboBox<String> kitBox = new ComboBox<>();
    private final javafx.scene.control.CheckBox loopBox = new javafx.scene.control.CheckBox();
    /** The parameter fields by the protocol's names (their ids too). */
    private final Map<String, TextField> fields = Map.of("length", lengthField, "tempo", tempoField,
            "channel", channelField, "program", programField, "exploration", explorationField);
    /** Parameters of the device the form has no field of its own for (new ones as they appear): name -> field. */
    private final Map<String, TextField> extraFields = new java.util.TreeMap<>(PanelView::compareParams);
    /** What the form shows for each of them: the field, or a choice box whose editor the field is. */
    private final Map<String, Node> extraNodes = new java.util.HashMap<>();
    private final GridPane extras = new GridPane();
    private int extraRow;
    private final Label paramsError = new Label();
    private final Label portLabel = new Label();
    private final ToggleButton loopToggle = new ToggleButton("Loop");
    private final BooleanProperty loopOn = new SimpleBooleanProperty(this, "loopOn", false);
    private final Label keyLine = new Label();
    private final Label tempoLine = new Label();
    private final Label episodeLine = new Label();
    private final Label whyLabel = new Label();
    /** Per part of the track: its colour, M (mute) and S (solo), once the device takes mute and solo. */
    private final HBox partsBox = new HBox(2);
    /** Per part the track plays: a rating of that part alone, 1..10, sent with the overall one once chosen. */
    private final HBox partRatings = new HBox(4);
    private final Map<org.hitlmidi.music.Part, ComboBox<String>> partRatingBoxes =
            new java.util.EnumMap<>(org.hitlmidi.music.Part.class);
    private final TabPane tabs = new TabPane();
    private VBox studio;
    private final Knob stageKnob = new Knob("Overall", 1, 10, 1, 5);
    private final PianoRoll stageRoll = new PianoRoll();
    private Node stage;
    private final BooleanProperty stageMode = new SimpleBooleanProperty(this, "stageMode", false);
    private final PanelSettings settings;
    /** Profiles to switch to, and {@link #NEW_PROFILE} (a name no profile can have) to make one. */
    private final ComboBox<String> profileBox = new ComboBox<>();
    static final String NEW_PROFILE = "New profile\u2026";
    private final GridPane mappingList = new GridPane();
    private boolean fromDevice;
    /** Set while a `learned` event disarms a control, so no cancel is sent for it. */
    private boolean learnJustDone;
    private Runnable startDevice;

    public PanelView(PanelState state, DeviceSession session) {
        this(state, session, null);
    }

    /** @param settings where the panel remembers its stage mode; null: nothing is remembered */
    public PanelView(PanelState state, DeviceSession session, PanelSettings settings) {
        this.state = state;
        this.session = session;
        this.settings = settings;
        root.getStyleClass().add("panel");
        root.setTop(new VBox(topBar(), banner()));
        center();
        stage = stageView();
        stageMode.set(settings != null && settings.stageMode());
        showMode();
        stageMode.addListener((o, a, on) -> {
            showMode();
            if (this.settings != null) {
                this.settings.stageMode(on);
            }
        });
        Label status = new Label();
        status.getStyleClass().add("status-line");
        status.textProperty().bind(state.message);
        status.setMaxWidth(Double.MAX_VALUE);
        root.setBottom(status);
        wireState();
        wireLearn();
    }

    /** A scene with the panel's stylesheets and keyboard shortcuts. */
    public Scene createScene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        applyTheme(scene, theme.get());
        theme.addListener((o, a, b) -> applyTheme(scene, b));
        scene.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        return scene;
    }

    private static void applyTheme(Scene scene, Theme t) {
        scene.getStylesheets().setAll(
                PanelView.class.getResource("panel.css").toExternalForm(),
                PanelView.class.getResource(t == Theme.DARK ? "dark.css" : "light.css").toExternalForm());
    }

    /** Shows a "Start device" button while the device is unreachable. */
    public void setStartDevice(Runnable r) {
        this.startDevice = r;
    }

    // ---- layout ----

    private Node topBar() {
        Circle linkDot = new Circle(4);
        linkDot.getStyleClass().add("state-dot");
        profileBox.getStyleClass().add("profile");
        profileBox.setId("profile");
        profileBox.setFocusTraversable(false);
        profileBox.setVisibleRowCount(8);
        profileBox.setPromptText("no profile");
        profileBox.setTooltip(new Tooltip("The profile in use (its ratings and parameters): pick another, or "
                + NEW_PROFILE + " to make one"));
        state.profiles.addListener((javafx.collections.ListChangeListener<String>) c -> showProfiles());
        state.profile.addListener((o, a, b) -> showProfiles());
        profileBox.setOnAction(e -> chooseProfile());
        // as wide as the name in force, not as the widest name in the list: the top bar is narrow
        profileBox.valueProperty().addListener((o, a, v) -> fitProfileBox());
        profileBox.setMinWidth(Region.USE_PREF_SIZE);
        fitProfileBox();
        Label learner = new Label();
        learner.getStyleClass().add("muted");
        learner.textProperty().bind(state.learner);
        Label count = new Label();
        count.setId("rated");
        count.getStyleClass().add("muted");
        count.textProperty().bind(Bindings.createStringBinding(
                () -> state.profileRatings.get() + " rated, episode " + state.episode.get(), state.profileRatings,
                state.episode));
        Circle portDot = new Circle(4);
        portDot.getStyleClass().add("state-dot");
        Label port = new Label();
        port.getStyleClass().add("port-label");
        port.setId("port");
        // The port's state is the device's word: while the device is not reachable nobody knows it.
        port.textProperty().bind(Bindings.createStringBinding(() -> "port " + portStateShown(),
                state.portState, state.link));
        port.setTooltip(new Tooltip());
        port.getTooltip().textProperty().bind(Bindings.createStringBinding(() -> portKnown()
                ? state.portName.get().trim() : "The device is not reachable: its MIDI port's state is unknown",
                state.portName, state.link));
        portDot.setId("port-dot");
        javafx.beans.InvalidationListener portDotUpdate = o -> {
            String s = portStateShown();
            dotClass(portDot, "connected".equals(s) ? "ok" : "lost".equals(s) || "closed".equals(s) ? "lost"
                    : "unknown");
        };
        state.portState.addListener(portDotUpdate);
        state.link.addListener(portDotUpdate);
        state.link.addListener((o, a, b) -> dotClass(linkDot,
                b == PanelState.Link.CONNECTED ? "ok" : b == PanelState.Link.LOST ? "lost" : "waiting"));
        linkDot.setId("link-dot");
        dotClass(linkDot, "waiting");
        dotClass(portDot, "unknown");
        Tooltip.install(linkDot, new Tooltip("Link to the device"));

        learnToggle.setTooltip(new Tooltip("MIDI-learn: click a control, then move a knob or press a pad"));
        learnToggle.setId("learn");
        learnToggle.setFocusTraversable(false);

        MenuButton menu = new MenuButton();
        menu.setGraphic(icon("M0 1h12v1.6H0z M0 5.2h12v1.6H0z M0 9.4h12v1.6H0z"));
        menu.setTooltip(new Tooltip("View"));
        menu.setId("menu");
        menu.setFocusTraversable(false);
        CheckMenuItem subs = new CheckMenuItem("Sub-ratings");
        subs.selectedProperty().bindBidirectional(subRatingsShown);
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setSelected(theme.get() == Theme.DARK);
        dark.selectedProperty().addListener((o, a, b) -> theme.set(b ? Theme.DARK : Theme.LIGHT));
        theme.addListener((o, a, b) -> dark.setSelected(b == Theme.DARK));
        CheckMenuItem top = new CheckMenuItem("Always on top");
        top.selectedProperty().bindBidirectional(alwaysOnTop);
        CheckMenuItem stageItem = new CheckMenuItem("Stage mode");
        stageItem.setId("stage-mode");
        stageItem.selectedProperty().bindBidirectional(stageMode);
        menu.getItems().addAll(stageItem, subs, dark, top);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        // when the bar is short of room, the learner's name and then the count give way (with an ellipsis)
        for (javafx.scene.control.Control c : List.of(port, learnToggle, menu)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        count.setMinWidth(60);
        count.setTooltip(new Tooltip());
        count.getTooltip().textProperty().bind(count.textProperty());
        HBox bar = new HBox(linkDot, profileBox, learner, count, spacer, portDot, port, learnToggle, menu);
        bar.getStyleClass().add("top-bar");
        HBox.setMargin(portDot, new Insets(0, -4, 0, 0));
        return bar;
    }

    /** The profiles to pick from, the one in force shown; set from the device, so no switch is sent. */
    private void showProfiles() {
        fromDevice = true;
        try {
            List<String> items = new java.util.ArrayList<>(state.profiles);
            String now = state.profile.get();
            if (!now.isEmpty() && !items.contains(now)) {
                items.add(now);
            }
            items.add(NEW_PROFILE);
            if (!items.equals(profileBox.getItems())) {
                profileBox.getItems().setAll(items);
            }
            profileBox.setValue(now.isEmpty() ? null : now);
        } finally {
            fromDevice = false;
        }
    }

    private void fitProfileBox() {
        String v = profileBox.getValue();
        javafx.scene.text.Text t = new javafx.scene.text.Text(v == null ? profileBox.getPromptText() : v);
        t.setFont(javafx.scene.text.Font.font(null, javafx.scene.text.FontWeight.BOLD, 12));
        profileBox.setPrefWidth(Math.ceil(t.getLayoutBounds().getWidth()) + 24);
    }

    /** The user picked a profile in the box: switch to it, or ask for the name of a new one. */
    private void chooseProfile() {
        String v = profileBox.getValue();
        if (fromDevice || v == null || v.equals(state.profile.get())) {
            return;
        }
        showProfiles(); // the box shows the profile in force until the device has switched
        if (!v.equals(NEW_PROFILE)) {
            session.switchProfile(v, false, this::showProfiles);
            return;
        }
        TextInputDialog ask = new TextInputDialog();
        ask.setTitle("New profile");
        ask.setHeaderText("A new profile starts with the current parameters and learner, and no ratings.");
        ask.setContentText("Name:");
        ask.getEditor().setId("new-profile-name");
        if (root.getScene() != null) {
            ask.initOwner(root.getScene().getWindow());
        }
        // show, not showAndWait: the answer comes back through the result, the FX thread never blocks on it
        ask.resultProperty().addListener((o, a, name) -> {
            if (name != null && !name.isBlank()) {
                String n = name.trim();
                session.switchProfile(n, !state.profiles.contains(n), this::showProfiles);
            }
        });
        ask.show();
    }

    /** Whether the port state shown is the device's current word (only while connected to it). */
    private boolean portKnown() {
        return state.link.get() == PanelState.Link.CONNECTED && !state.portState.get().isEmpty();
    }

    /** connected, lost, closed, or "?" when unknown. */
    private String portStateShown() {
        return portKnown() ? state.portState.get() : "?";
    }

    private static void dotClass(Circle dot, String cls) {
        dot.getStyleClass().removeAll("ok", "lost", "waiting", "unknown");
        dot.getStyleClass().add(cls);
    }

    private static SVGPath icon(String path) {
        SVGPath p = new SVGPath();
        p.setContent(path);
        p.getStyleClass().add("icon");
        p.setStyle("-fx-fill: -hm-text;");
        return p;
    }

    private Node banner() {
        Label text = new Label();
        text.getStyleClass().add("banner");
        text.setMaxWidth(Double.MAX_VALUE);
        text.textProperty().bind(Bindings.createStringBinding(() -> state.link.get() == PanelState.Link.LOST
                ? "Device not reachable: reconnecting..." : "Connecting to the device...", state.link));
        Button start = new Button("Start device");
        start.setOnAction(e -> {
            if (startDevice != null) {
                startDevice.run();
            }
        });
        HBox box = new HBox(text, start);
        HBox.setHgrow(text, Priority.ALWAYS);
        box.getStyleClass().add("banner");
        box.setAlignment(Pos.CENTER_LEFT);
        box.setId("banner");
        box.visibleProperty().bind(state.link.isNotEqualTo(PanelState.Link.CONNECTED));
        box.managedProperty().bind(box.visibleProperty());
        start.visibleProperty().bind(state.link.isEqualTo(PanelState.Link.LOST));
        return box;
    }

    private Node center() {
        overall.setId("overall");
        overall.getStyleClass().add("big");
        overall.setPrefSize(84, 98);
        overall.setTooltip(new Tooltip("Overall rating: drag, scroll or arrow keys; double-click resets"));
        musicality.setId("musicality");
        novelty.setId("novelty");
        coherence.setId("coherence");
        for (Knob k : List.of(musicality, novelty, coherence)) {
            k.getStyleClass().add("sub");
            k.setPrefSize(62, 76);
            k.setTooltip(new Tooltip(k.getLabel() + " (sub-rating for this track: sent with the overall one once "
                    + "you set it; a dash means not set)"));
        }
        exploration.setId("exploration");
        exploration.getStyleClass().add("exploration");
        exploration.setPrefSize(62, 76);
        exploration.formatProperty().set(v -> String.format(Locale.ROOT, "%.2f", v));
        exploration.setTooltip(new Tooltip("Exploration: how often the learner tries a random edit (epsilon)"));
        subKnobs.visibleProperty().bind(subRatingsShown);
        subKnobs.managedProperty().bind(subRatingsShown);
        for (Knob k : List.of(overall, musicality, novelty, coherence, exploration)) {
            // the knobs keep their size whatever the tabs below hold (a long controller mapping shrank them)
            k.setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        }

        Node info = trackInfo();
        HBox.setHgrow(info, Priority.ALWAYS);
        HBox knobs = new HBox(4, overall, subKnobs, exploration, info);
        knobs.setAlignment(Pos.CENTER_LEFT);

        rateButton.setId("rate");
        rateButton.getStyleClass().add("primary");
        rateButton.setTooltip(new Tooltip("Rate what you heard with the knobs and play the next track (keys 1..9, 0 = 10)"));
        rateButton.setOnAction(e -> rateFromKnobs());
        nextButton.setId("next");
        nextButton.setTooltip(new Tooltip("Next track without a rating (Enter)"));
        nextButton.setOnAction(e -> session.next());
        replayButton.setId("replay");
        replayButton.setTooltip(new Tooltip("Play the track again (Space)"));
        replayButton.setOnAction(e -> session.replay());
        undoButton.setId("undo");
        undoButton.setTooltip(new Tooltip("Undo the last rating (Ctrl+Z)"));
        undoButton.setOnAction(e -> session.undo());
        keepButton.setId("keep");
        keepButton.setTooltip(new Tooltip("Bookmark this track (K)"));
        keepButton.setOnAction(e -> session.keep());
        exportButton.setId("export");
        exportButton.setTooltip(new Tooltip("Save this track as a Standard MIDI File (Ctrl+E)"));
        exportButton.setOnAction(e -> chooseExport());
        dragLabel.setId("drag-mid");
        dragLabel.getStyleClass().add("drag-mid");
        dragLabel.setGraphic(icon("M5 0h2v7h3l-4 4-4-4h3z M0 11h12v1.5H0z"));
        dragLabel.setTooltip(new Tooltip("Drag this track as a .mid file onto a DAW track"));
        dragLabel.disableProperty().bind(state.dragFile.isNull());
        dragLabel.setOnDragDetected(this::dragOut);
        for (Button b : List.of(rateButton, nextButton, replayButton, undoButton, keepButton, exportButton)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
            // Every action has a key; a clicked button must not take focus and with it Space or Enter.
            b.setFocusTraversable(false);
        }
        dragLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox actions = new HBox(rateButton, nextButton, replayButton, undoButton, keepButton, exportButton, dragLabel);
        actions.getStyleClass().add("actions");

        pianoRoll.setId("piano-roll");
        pianoRoll.loopProperty().bind(loopOn);
        chart.setId("chart");
        HBox views = new HBox(4, pianoRoll, chart);
        HBox.setHgrow(pianoRoll, Priority.ALWAYS);
        HBox.setHgrow(chart, Priority.ALWAYS);
        pianoRoll.setPrefWidth(280);
        chart.setPrefWidth(160);
        VBox.setVgrow(views, Priority.ALWAYS);
        whyLabel.setId("why");
        whyLabel.getStyleClass().add("why");
        whyLabel.setMaxWidth(Double.MAX_VALUE);
        whyLabel.setMinWidth(0);
        partsBox.setId("parts");
        partsBox.setAlignment(Pos.CENTER_RIGHT);
        partsBox.managedProperty().bind(partsBox.visibleProperty());
        partsBox.setVisible(false);
        HBox.setHgrow(whyLabel, Priority.ALWAYS);
        HBox whyRow = new HBox(6, whyLabel, partsBox);
        whyRow.setAlignment(Pos.CENTER_LEFT);
        partRatings.setId("part-ratings");
        partRatings.setAlignment(Pos.CENTER_LEFT);
        partRatings.getStyleClass().add("part-ratings");
        partRatings.visibleProperty().bind(subRatingsShown.and(state.track.isNotNull()));
        partRatings.managedProperty().bind(partRatings.visibleProperty());
        partRatings.setMinHeight(Region.USE_PREF_SIZE);
        VBox trackTab = new VBox(2, whyRow, partRatings, views);
        trackTab.setPadding(new Insets(2, 4, 4, 4));

        tabs.getTabs().setAll(
                new Tab("Track", trackTab),
                new Tab("Parameters", paramsForm()),
                new Tab("Controller", controllerPane()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("tabs");
        // In MIDI-learn the mapping is what matters: show it, and go back to the track afterwards.
        learnToggle.selectedProperty().addListener((o, a, on) -> tabs.getSelectionModel().select(on ? 2 : 0));
        tabs.setMinHeight(90);
        tabs.setPrefHeight(120);
        VBox.setVgrow(tabs, Priority.ALWAYS);

        VBox top = new VBox(2, knobs, actions);
        top.setPadding(new Insets(4, 6, 0, 6));
        top.setMinHeight(Region.USE_PREF_SIZE);
        studio = new VBox(top, tabs);
        return studio;
    }

    /** Play, stop, loop; key and scale, tempo, bars, meter, kit and style: the track in a few words. */
    private Node trackInfo() {
        Button play = new Button();
        play.setId("play");
        play.setGraphic(icon("M1 0l10 6-10 6z"));
        play.setTooltip(new Tooltip("Play the track from its start"));
        play.setOnAction(e -> session.play());
        Button stop = new Button();
        stop.setId("stop");
        stop.setGraphic(icon("M1 1h10v10H1z"));
        stop.setTooltip(new Tooltip("Stop playing (all notes off)"));
        stop.setOnAction(e -> session.stopPlaying());
        loopToggle.setId("loop");
        loopToggle.setTooltip(new Tooltip("Loop: play the track over and over until the next one (the device's loop)"));
        loopToggle.setOnAction(e -> session.setParams(ParamSet.none().loop(loopToggle.isSelected()), this::paramsAnswer));
        for (javafx.scene.control.ButtonBase b : List.of(play, stop, loopToggle)) {
            b.setFocusTraversable(false);
            b.getStyleClass().add("transport");
            b.disableProperty().bind(state.link.isNotEqualTo(PanelState.Link.CONNECTED));
        }
        HBox transport = new HBox(3, play, stop, loopToggle);
        transport.setAlignment(Pos.CENTER_LEFT);
        keyLine.setId("key-line");
        keyLine.getStyleClass().add("key-line");
        tempoLine.setId("tempo-line");
        episodeLine.setId("meter-line");
        for (Label l : List.of(keyLine, tempoLine, episodeLine)) {
            l.setMinWidth(0);
            l.setMaxWidth(Double.MAX_VALUE);
        }
        tempoLine.getStyleClass().add("info-line");
        episodeLine.getStyleClass().add("info-line");
        VBox box = new VBox(2, transport, keyLine, tempoLine, episodeLine);
        box.setId("track-info");
        box.setPadding(new Insets(0, 0, 0, 6));
        box.setMinWidth(90);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** Shows what the device has in force and plays: key, scale, tempo, bars, meter, kit, loop, style. */
    private void showTrackInfo() {
        DeviceReply.ParamsView p = state.params.get();
        Track t = state.track.get();
        String base = p == null || p.base() == null ? "" : p.base();
        String scale = p == null || p.scale() == null ? "" : p.scale().replace('_', ' ');
        keyLine.setText(base.isEmpty() ? "key ?" : base + " " + scale);
        double tempo = t != null ? t.tempo() : p == null ? 0 : p.tempo();
        RollModel m = pianoRoll.getModel();
        String meter = p != null && p.meter() != null ? p.meter() : "4/4";
        String bars = m == null ? "" : " \u00b7 " + m.bars() + (m.bars() == 1 ? " bar" : " bars");
        tempoLine.setText((tempo > 0 ? Math.round(tempo) + " BPM" : "tempo ?") + bars);
        String style = p != null && p.style() != null ? p.style() + ": " : "";
        keyLine.setText(style + keyLine.getText());
        // the episode is in the top bar, beside the rating count
        // the kit is what the paper's tracks draw their drums from; a composed track plays its style's groove
        String kit = p == null || p.kit() == null || t != null && t.arrangement().barred() ? "" : p.kit().name();
        episodeLine.setText(meter + (kit.isEmpty() ? "" : " \u00b7 " + kit + " kit"));
        for (Label l : List.of(keyLine, tempoLine, episodeLine)) {
            if (l.getTooltip() == null) {
                l.setTooltip(new Tooltip());
            }
            l.getTooltip().setText(l.getText());
        }
        fromDevice = true;
        try {
            loopToggle.setSelected(loopOn.get());
        } finally {
            fromDevice = false;
        }
        whyLabel.setText(why(state.action.get(), state.explored.get()));
    }

    /**
     * The parts of the track with mute and solo toggles, shown when the device's parameters hold `mute` (the
     * muted parts): a mute sends the new list, a solo `solo` (the part, or null to hear all again). The roll dims
     * the muted parts.
     */
    private void showParts() {
        DeviceReply.ParamsView p = state.params.get();
        RollModel m = pianoRoll.getModel();
        java.util.Set<RollModel.Part> muted = java.util.EnumSet.noneOf(RollModel.Part.class);
        boolean takesMute = p != null && p.mute() != null;
        if (takesMute) {
            for (String x : p.mute()) {
                for (RollModel.Part part : RollModel.Part.values()) {
                    if (part.id().equals(x)) {
                        muted.add(part);
                    }
                }
            }
        }
        pianoRoll.setMuted(muted);
        stageRoll.setMuted(muted);
        partsBox.getChildren().clear();
        partsBox.setVisible(takesMute && m != null);
        if (!takesMute || m == null) {
            return;
        }
        List<RollModel.Part> parts = m.parts();
        for (RollModel.Part part : parts) {
            // a dot in the part's colour (the roll's and the part-rating row's, which name the parts): at 480 px the
            // names here were cut to "..." beside the why line
            Label name = new Label("\u25cf");
            name.setTooltip(new Tooltip(part.id()));
            name.setAccessibleText(part.id());
            name.setMinWidth(Region.USE_PREF_SIZE);
            name.getStyleClass().addAll("part-label", "part-" + part.id());
            ToggleButton mute = new ToggleButton("M");
            mute.setId("mute-" + part.id());
            mute.setSelected(muted.contains(part));
            mute.setTooltip(new Tooltip("Mute the " + part.id() + " (the device plays the track without it)"));
            mute.setOnAction(e -> {
                java.util.Set<org.hitlmidi.music.Part> list = java.util.EnumSet.noneOf(org.hitlmidi.music.Part.class);
                for (RollModel.Part x : RollModel.Part.values()) {
                    if (x == part ? mute.isSelected() : muted.contains(x)) {
                        list.add(org.hitlmidi.music.Part.parse(x.id()));
                    }
                }
                session.setParams(ParamSet.none().mute(list), this::paramsAnswer);
            });
            boolean soloed = muted.size() == RollModel.Part.values().length - 1 && !muted.contains(part);
            ToggleButton solo = new ToggleButton("S");
            solo.setId("solo-" + part.id());
            solo.setSelected(soloed);
            solo.setTooltip(new Tooltip("Solo the " + part.id() + " (again: hear every part)"));
            solo.setOnAction(e -> session.setParams(ParamSet.none().solo(solo.isSelected()
                    ? org.hitlmidi.music.Part.parse(part.id()) : null), this::paramsAnswer));
            for (ToggleButton b : List.of(mute, solo)) {
                b.getStyleClass().add("part-toggle");
                b.setFocusTraversable(false);
            }
            partsBox.getChildren().addAll(name, mute, solo);
        }
    }

    /**
     * The part-rating row: for each part the track plays (in the roll's order and colours), a choice of 1..10 or
     * "not rated" (the dash). Only the parts chosen for this track are sent, with the overall rating; a new track
     * starts with none chosen.
     */
    private void showPartRatings() {
        Track t = state.track.get();
        partRatings.getChildren().clear();
        if (t == null) {
            return;
        }
        Label title = new Label("Rate parts");
        title.getStyleClass().add("info-line");
        title.setMinWidth(Region.USE_PREF_SIZE);
        partRatings.getChildren().add(title);
        for (org.hitlmidi.music.Part p : t.parts()) {
            ComboBox<String> box = partRatingBoxes.computeIfAbsent(p, x -> partRatingBox(x));
            Label name = new Label(p.id());
            name.getStyleClass().addAll("part-label", "part-" + p.id());
            name.setMinWidth(Region.USE_PREF_SIZE);
            name.setLabelFor(box);
            partRatings.getChildren().addAll(name, box);
        }
    }

    private ComboBox<String> partRatingBox(org.hitlmidi.music.Part p) {
        List<String> items = new java.util.ArrayList<>(List.of(Knob.NOT_SET));
        for (int v = 1; v <= 10; v++) {
            items.add(Integer.toString(v));
        }
        ComboBox<String> box = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(items));
        box.setId("rate-" + p.id());
        box.getStyleClass().add("part-rating");
        box.setValue(Knob.NOT_SET);
        box.setVisibleRowCount(11);
        box.setFocusTraversable(false); // digits rate the whole track, as everywhere but in text fields
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.setAccessibleText("Rating of the " + p.id());
        box.setTooltip(new Tooltip("Rate the " + p.id() + " alone, 1..10 (optional): sent with the overall rating; "
                + Knob.NOT_SET + " = not rated"));
        return box;
    }

    /** The part ratings chosen for the track shown, by the protocol's part names; empty when none. */
    Map<String, Integer> partRatingsChosen() {
        Map<String, Integer> out = new LinkedHashMap<>();
        Track t = state.track.get();
        if (t == null || !subRatingsShown.get()) {
            return out;
        }
        for (org.hitlmidi.music.Part p : t.parts()) {
            ComboBox<String> box = partRatingBoxes.get(p);
            if (box != null && box.getValue() != null && !box.getValue().equals(Knob.NOT_SET)) {
                out.put(p.id(), Integer.parseInt(box.getValue()));
            }
        }
        return out;
    }

    /** One line on why this track: the edit that made it, and whether the learner explores or exploits. */
    static String why(String action, boolean explored) {
        if (action == null || action.isEmpty()) {
            return "";
        }
        String[] a = action.split("@", 2);
        int note = a.length > 1 ? parseIntOr(a[1], 0) + 1 : 0;
        String what = switch (a[0]) {
            case "pitch_up" -> "note " + note + " a step higher";
            case "pitch_down" -> "note " + note + " a step lower";
            case "duration_up" -> "note " + note + " longer";
            case "duration_down" -> "note " + note + " shorter";
            case "percussion_change" -> "drum hit " + note + " on another drum";
            case "note_removal" -> "note " + note + " left out";
            case "compose" -> "a new track composed";
            default -> action;
        };
        return (explored ? "Exploring: " : "Best guess: ") + what
                + (explored ? " (a try, to learn your taste)" : " (what it has learned you like)");
    }

    private static int parseIntOr(String s, int d) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return d;
        }
    }

    /** The compact stage layout: one big overall knob, Rate & next, Next, Keep and the piano roll. */
    private Node stageView() {
        stageKnob.setId("stage-overall");
        stageKnob.getStyleClass().add("big");
        stageKnob.getStyleClass().add("stage");
        stageKnob.setPrefSize(170, 184);
        stageKnob.setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        stageKnob.valueProperty().bindBidirectional(overall.valueProperty());
        stageKnob.setTooltip(new Tooltip("Overall rating: drag, scroll or arrow keys"));
        Button rate = new Button("Rate & next");
        rate.setId("stage-rate");
        rate.getStyleClass().addAll("primary", "stage-button");
        rate.setOnAction(e -> rateFromKnobs());
        Button next = new Button("Next");
        next.setId("stage-next");
        next.setOnAction(e -> session.next());
        Button keep = new Button("Keep");
        keep.setId("stage-keep");
        keep.setOnAction(e -> session.keep());
        var disconnected = state.link.isNotEqualTo(PanelState.Link.CONNECTED);
        for (Button b : List.of(rate, next, keep)) {
            b.setFocusTraversable(false);
            b.getStyleClass().add("stage-button");
            b.setMaxWidth(Double.MAX_VALUE);
            b.disableProperty().bind(disconnected);
            HBox.setHgrow(b, Priority.ALWAYS);
        }
        rate.setMaxWidth(170);
        VBox left = new VBox(4, stageKnob, rate);
        left.setAlignment(Pos.TOP_CENTER);
        stageRoll.setId("stage-roll");
        stageRoll.loopProperty().bind(loopOn);
        VBox.setVgrow(stageRoll, Priority.ALWAYS);
        Label why = new Label();
        why.getStyleClass().add("why");
        why.textProperty().bind(whyLabel.textProperty());
        why.setMinWidth(0);
        HBox buttons = new HBox(4, next, keep);
        VBox right = new VBox(4, why, stageRoll, buttons);
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox box = new HBox(8, left, right);
        box.setPadding(new Insets(6));
        box.setId("stage");
        return box;
    }

    private Node paramsForm() {
        GridPane g = new GridPane();
        g.getStyleClass().add("form");
        scaleBox.getItems().setAll(java.util.Arrays.stream(Scale.values()).map(Scale::id).toList());
        kitBox.getItems().setAll(org.hitlmidi.preset.Presets.builtInNames("kits"));
        kitBox.setEditable(true);
        kitBox.setTooltip(new Tooltip("A drum kit preset (built in, or yours in <data dir>/presets/kits)"));
        baseField.setId("base");
        scaleBox.setId("scale");
        kitBox.setId("kit");
        loopBox.setId("loop-param");
        loopBox.setTooltip(new Tooltip("Loop the track until the next one (applies at once)"));
        explorationField.setTooltip(new Tooltip("0..1: a fixed epsilon-greedy rate; empty: the learner's own"));
        explorationField.setPromptText("auto");
        for (var f : fields.entrySet()) {
            f.getValue().setId(f.getKey());
        }
        for (TextField f : List.of(baseField, lengthField, tempoField, channelField, programField, explorationField)) {
            f.setPrefColumnCount(4);
            f.setOnAction(e -> applyParams());
        }
        scaleBox.setPrefWidth(120);
        kitBox.setPrefWidth(120);
        Button apply = new Button("Apply");
        apply.setId("apply-params");
        apply.getStyleClass().add("primary");
        apply.setTooltip(new Tooltip("Send the parameters (or press Enter in a field); a new base, scale, length or "
                + "kit starts a new episode. The device refuses a bad value and says why; nothing then changes."));
        apply.setOnAction(e -> applyParams());
        apply.setMinWidth(Region.USE_PREF_SIZE);
        paramsError.setId("params-error");
        paramsError.getStyleClass().add("error-text");
        // one line (the form must not grow past the tab); the whole message in its tooltip and the status line
        paramsError.setMinWidth(0);
        paramsError.setMaxWidth(Double.MAX_VALUE);
        Tooltip errorTip = new Tooltip();
        errorTip.textProperty().bind(paramsError.textProperty());
        errorTip.setWrapText(true);
        errorTip.setMaxWidth(360);
        paramsError.setTooltip(errorTip);
        loopBox.setOnAction(e -> {
            if (!fromDevice) {
                session.setParams(ParamSet.none().loop(loopBox.isSelected()), this::paramsAnswer);
            }
        });
        g.addRow(0, label("Base"), baseField, label("Scale"), scaleBox, label("Length"), lengthField);
        g.addRow(1, label("Tempo"), tempoField, label("Kit"), kitBox, label("Channel"), channelField);
        g.addRow(2, label("Explore"), explorationField, label("Loop"), loopBox, label("Program"), programField);
        extraRow = 3;
        extras.setHgap(6);
        extras.setVgap(4);
        g.add(extras, 0, extraRow, 6, 1);
        HBox applyRow = new HBox(6, apply, paramsError, new Region(), portLabel);
        HBox.setHgrow(paramsError, Priority.ALWAYS);
        applyRow.setAlignment(Pos.CENTER_LEFT);
        portLabel.getStyleClass().add("muted");
        portLabel.setMinWidth(0);
        g.add(applyRow, 0, extraRow + 1, 6, 1);
        portLabel.textProperty().bind(Bindings.createStringBinding(
                () -> state.portName.get().isBlank() ? "port ?" : state.portName.get().trim() + " (" + portStateShown() + ")",
                state.portName, state.portState, state.link));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(g);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(60);
        scroll.getStyleClass().add("tab-scroll");
        return scroll;
    }

    private static Label label(String s) {
        Label l = new Label(s);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private Node controllerPane() {
        Label title = new Label();
        title.textProperty().bind(Bindings.createStringBinding(() -> state.controller.get().isEmpty()
                ? "No controller mapping yet: press Learn, click a control, move a hardware knob."
                : state.mappings.size() + " controls mapped (Learn changes one):",
                state.controller, state.mappings));
        title.setWrapText(true);
        title.setMinHeight(Region.USE_PREF_SIZE);
        learnHint.setId("learn-hint");
        learnHint.setWrapText(true);
        Label lastCc = new Label();
        lastCc.setId("last-cc");
        lastCc.getStyleClass().add("muted");
        lastCc.textProperty().bind(Bindings.createStringBinding(() -> {
            PanelState.Cc cc = state.lastCc.get();
            return cc == null ? "" : "last from the controller: ch " + cc.channel() + " CC " + cc.controller()
                    + " = " + cc.value();
        }, state.lastCc));
        // an empty line takes no room (it left a blank gap above the list)
        for (Label l : List.of(learnHint, lastCc)) {
            l.managedProperty().bind(l.textProperty().isNotEmpty());
            l.visibleProperty().bind(l.managedProperty());
        }
        // the mapping in force and the clock: what a musician sets up once per studio (the device remembers both)
        ComboBox<String> mappingChoice = new ComboBox<>(state.controllers);
        mappingChoice.setId("controller-choice");
        mappingChoice.setTooltip(new Tooltip("The controller's mapping (presets/controllers); the device keeps it"));
        mappingChoice.setValue(state.controller.get());
        state.controller.addListener((o, a, n) -> {
            if (n != null && !n.equals(mappingChoice.getValue())) {
                mappingChoice.setValue(n);
            }
        });
        mappingChoice.setOnAction(e -> {
            String v = mappingChoice.getValue();
            if (v != null && !v.equals(state.controller.get())) {
                session.chooseController(v);
            }
        });
        ComboBox<String> clockChoice = new ComboBox<>(javafx.collections.FXCollections.observableArrayList("off", "send", "follow"));
        clockChoice.setId("clock-choice");
        clockChoice.setTooltip(new Tooltip("MIDI clock: send (each track starts the clock at its tempo) or follow "
                + "(tracks start on the DAW's next bar, at its tempo)"));
        clockChoice.setValue(state.clockMode.get());
        state.clockMode.addListener((o, a, n) -> clockChoice.setValue(n));
        clockChoice.setOnAction(e -> {
            String v = clockChoice.getValue();
            if (v != null && !v.equals(state.clockMode.get())) {
                session.setClock(v);
            }
        });
        HBox choices = new HBox(6, new Label("Mapping"), mappingChoice, new Label("Clock"), clockChoice);
        choices.setAlignment(Pos.CENTER_LEFT);
        choices.setMinHeight(Region.USE_PREF_SIZE);
        mappingList.setId("mapping-grid");
        mappingList.setHgap(10);
        mappingList.setVgap(1);
        javafx.scene.control.ScrollPane mappingScroll = new javafx.scene.control.ScrollPane(mappingList);
        mappingScroll.setFitToWidth(true);
        mappingScroll.setId("mapping-list");
        mappingScroll.setPrefViewportHeight(40);
        mappingScroll.setMinViewportHeight(14);
        VBox.setVgrow(mappingScroll, javafx.scene.layout.Priority.ALWAYS);
        VBox box = new VBox(3, choices, title, learnHint, lastCc, mappingScroll);
        box.setPadding(new Insets(4, 6, 4, 6));
        return box;
    }

    /** The studio layout (knobs, actions, tabs) or the stage one; the top bar and status line stay. */
    private void showMode() {
        root.setCenter(stageMode.get() ? stage : studio);
    }

    // ---- behaviour ----

    private void wireState() {
        clearSubRatings();
        state.trackId.addListener((o, a, id) -> clearSubRatings());
        state.track.addListener((o, a, t) -> {
            RollModel m = t == null ? null : state.roll.get() != null ? state.roll.get() : RollModel.of(t);
            pianoRoll.show(t, m);
            stageRoll.show(t, m);
            showParts();
            showPartRatings();
            showTrackInfo();
        });
        state.episode.addListener(o -> showTrackInfo());
        state.action.addListener(o -> showTrackInfo());
        state.playing.addListener((o, a, p) -> {
            for (PianoRoll r : List.of(pianoRoll, stageRoll)) {
                if (p) {
                    r.startCursor(state.playStartNanos.get());
                } else {
                    r.stopCursor();
                }
            }
        });
        state.playStartNanos.addListener((o, a, t) -> {
            if (state.playing.get()) {
                pianoRoll.startCursor(t.longValue());
                stageRoll.startCursor(t.longValue());
            }
        });
        Bindings.bindContent(chart.getRatings(), state.ratings);
        state.params.addListener((o, a, p) -> {
            showParams(p);
            showTrackInfo();
            showParts();
        });
        showTrackInfo();
        exploration.valueProperty().addListener((o, a, v) -> {
            if (!fromDevice) {
                explorationSend.playFromStart();
            }
        });
        explorationSend.setOnFinished(e -> session.setExploration(exploration.getValue()));
        state.mappings.addListener((javafx.collections.MapChangeListener<String, String>) c -> showMappings());
        var disconnected = state.link.isNotEqualTo(PanelState.Link.CONNECTED);
        for (Button b : List.of(rateButton, nextButton, replayButton, undoButton, keepButton, exportButton)) {
            b.disableProperty().bind(disconnected);
        }
        profileBox.disableProperty().bind(disconnected);
    }

    /** Fills the form with what the device has in force (a refused change is thus undone in the form too). */
    private void showParams(DeviceReply.ParamsView p) {
        if (p == null) {
            return;
        }
        fromDevice = true;
        try {
            Map<String, Object> values = p.values();
            baseField.setText(p.base() != null ? p.base() : baseField.getText());
            scaleBox.setValue(p.scale() != null ? p.scale() : scaleBox.getValue());
            for (var f : fields.entrySet()) {
                f.getValue().setText(valueText(values.get(f.getKey())));
            }
            kitBox.setValue(p.kit() != null ? p.kit().name() : kitBox.getValue());
            loopOn.set(p.loop());
            loopBox.setSelected(loopOn.get());
            if (p.exploration() != null) {
                exploration.setValue(p.exploration());
            }
            showExtraParams(values);
        } finally {
            fromDevice = false;
        }
    }

    /** The parameters the form knows by name; any other the device reports gets a text field of its own. */
    static final java.util.Set<String> KNOWN_PARAMS = java.util.Set.of("base", "scale", "length", "tempo", "channel",
            "program", "kit", "exploration", "loop");

    private void showExtraParams(Map<String, Object> values) {
        boolean added = false;
        for (Map.Entry<String, Object> param : values.entrySet()) {
            String n = param.getKey();
            Object v = param.getValue();
            if (KNOWN_PARAMS.contains(param.getKey()) || v instanceof java.util.Collection<?>) {
                continue;
            }
            TextField f = extraFields.get(n);
            String text = valueText(v);
            if (f == null) {
                List<String> choices = choicesOf(n);
                if (choices.isEmpty()) {
                    f = new TextField();
                    f.setPrefColumnCount(5);
                    f.setId("param-" + n);
                    extraNodes.put(n, f);
                    String hint = paramHint(n);
                    if (!hint.isEmpty()) {
                        f.setTooltip(new Tooltip(hint));
                    }
                } else {
                    // a choice of the names there are, and typing another (the user's own preset) still works
                    ComboBox<String> box = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(choices));
                    box.setEditable(true);
                    box.setId("param-" + n);
                    box.setPrefWidth(120);
                    box.setVisibleRowCount(8);
                    f = box.getEditor();
                    extraNodes.put(n, box);
                    box.setValue(text);
                    String hint = paramHint(n);
                    if (!hint.isEmpty()) {
                        box.setTooltip(new Tooltip(hint));
                    }
                }
                // an empty field is the device's default (null): say which
                f.setPromptText(paramDefault(n));
                f.setOnAction(e -> applyParams());
                extraFields.put(n, f);
                added = true;
            }
            if (extraNodes.get(n) instanceof ComboBox<?> box) {
                @SuppressWarnings("unchecked")
                ComboBox<String> b = (ComboBox<String>) box;
                b.setValue(text);
            }
            f.setText(text);
        }
        if (added) {
            extras.getChildren().clear();
            int i = 0;
            for (var e : extraFields.entrySet()) {
                extras.add(label(paramLabel(e.getKey())), (i % 3) * 2, i / 3);
                extras.add(extraNodes.get(e.getKey()), (i % 3) * 2 + 1, i / 3);
                i++;
            }
        }
    }

    /** Names to choose from for a parameter the device added: the built-in presets of its kind, the meters. */
    static List<String> choicesOf(String param) {
        return switch (param) {
            case "style" -> org.hitlmidi.preset.Presets.builtInNames("styles");
            case "meter" -> List.of("4/4", "3/4", "6/8");
            case "density" -> List.of("", "0", "1", "2", "3");
            case "register" -> List.of("", "-1", "0", "1");
            default -> List.of();
        };
    }

    /** The order of the device's further parameters in the form: the track's shape, its feel, the part levels. */
    private static final List<String> PARAM_ORDER = List.of("style", "meter", "bars", "swing", "humanize", "intensity",
            "density", "register", "level_melody", "level_bass", "level_chords", "level_drums", "program_bass",
            "program_chords");

    static int compareParams(String a, String b) {
        int ia = PARAM_ORDER.indexOf(a);
        int ib = PARAM_ORDER.indexOf(b);
        if (ia >= 0 || ib >= 0) {
            return ia < 0 ? 1 : ib < 0 ? -1 : Integer.compare(ia, ib);
        }
        return a.compareTo(b);
    }

    /** A parameter's name for people, from {@link Params}: "level_bass" is "Bass level", "swing" is "Swing". */
    static String paramLabel(String name) {
        return Params.get(name).map(Params.Param::label).orElse(name);
    }

    /** What an empty field means, as its prompt: the style's value, or the composer's own choice. */
    static String paramDefault(String name) {
        return switch (name) {
            case "swing", "humanize" -> "style's";
            case "density", "register" -> "auto";
            case "program_bass", "program_chords" -> "style's";
            default -> "";
        };
    }

    /** What a parameter does and the values it takes, for its tooltip: {@link Params}'s hint. */
    static String paramHint(String name) {
        return Params.get(name).map(Params.Param::hint).orElse("");
    }

    /** A parameter's value as the form shows it: a whole number without ".0", null as empty. */
    static String valueText(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
        return v.toString();
    }

    /**
     * Sends every field that differs from what the device has in force, as typed: the device checks them all and
     * refuses a bad one with its message (shown beside Apply); then nothing changed.
     */
    void applyParams() {
        ParamSet set = ParamSet.none();
        DeviceReply.ParamsView view = state.params.get();
        Map<String, Object> now = view == null ? null : view.values();
        String base = baseField.getText().trim();
        if (now == null || !base.equalsIgnoreCase(valueText(now.get("base")))) {
            set = set.base(base);
        }
        if (scaleBox.getValue() != null && (now == null || !scaleBox.getValue().equals(now.get("scale")))) {
            set = set.scale(scaleBox.getValue());
        }
        try {
            for (var f : fields.entrySet()) {
                set = putIfChanged(set, now, f.getKey(), f.getValue().getText());
            }
            for (var f : extraFields.entrySet()) {
                set = putIfChanged(set, now, f.getKey(), f.getValue().getText());
            }
        } catch (IllegalArgumentException e) { // text a parameter cannot take (Params.value says why): nothing sent
            paramsError.setText(e.getMessage());
            state.message.set("parameters: " + e.getMessage());
            return;
        }
        String kit = kitBox.getEditor() != null && kitBox.isEditable() ? kitBox.getEditor().getText() : kitBox.getValue();
        if (kit != null && !kit.isBlank() && (now == null || !kit.trim().equals(now.get("kit")))) {
            set = set.kit(kit.trim());
        }
        if (set.isEmpty()) {
            paramsError.setText("");
            state.message.set("parameters unchanged");
            return;
        }
        session.setParams(set, this::paramsAnswer);
    }

    /** {@code set} with {@code p} as typed ({@link ParamSet#typed}) if it differs from what is in force. */
    private static ParamSet putIfChanged(ParamSet set, Map<String, Object> now, String p, String typed) {
        String t = typed == null ? "" : typed.trim();
        if (now != null && t.equals(valueText(now.get(p)))) {
            return set;
        }
        return set.typed(p, t);
    }

    /** The device's answer to a parameter change: null when applied, else its message. */
    private void paramsAnswer(String refusal) {
        paramsError.setText(refusal == null ? "" : refusal);
        if (refusal != null) {
            // the toggles show what is in force again
            fromDevice = true;
            try {
                loopBox.setSelected(loopOn.get());
                loopToggle.setSelected(loopOn.get());
            } finally {
                fromDevice = false;
            }
        }
    }

    /** Rates with the knobs as they are (sub-ratings only when shown). */
    void rateFromKnobs() {
        rate(overall.intValue());
    }

    /** Sends the overall rating and only the sub-ratings the user set for this track (shown and touched). */
    private void rate(int value) {
        boolean subs = subRatingsShown.get();
        session.rate(value, subs ? musicality.valueIfSet() : null, subs ? novelty.valueIfSet() : null,
                subs ? coherence.valueIfSet() : null, partRatingsChosen(), state.trackId.get());
    }

    /** A new track has no sub-ratings yet: the knobs show a dash until touched. */
    private void clearSubRatings() {
        for (Knob k : List.of(musicality, novelty, coherence)) {
            k.clear();
        }
        partRatingBoxes.values().forEach(b -> b.setValue(Knob.NOT_SET));
    }

    private void onKey(KeyEvent e) {
        if (e.getTarget() instanceof TextInputControl || isEditing()) {
            return;
        }
        if (state.link.get() != PanelState.Link.CONNECTED) {
            return;
        }
        KeyCode c = e.getCode();
        int digit = digitOf(c);
        if (digit >= 0 && !e.isControlDown() && !e.isAltDown() && !e.isMetaDown()) {
            int rating = digit == 0 ? 10 : digit;
            overall.setValue(rating);
            rate(rating);
            e.consume();
        } else if (c == KeyCode.ENTER) {
            session.next();
            e.consume();
        } else if (c == KeyCode.SPACE) {
            session.replay();
            e.consume();
        } else if (UNDO.match(e)) {
            session.undo();
            e.consume();
        } else if (EXPORT.match(e)) {
            chooseExport();
            e.consume();
        } else if (c == KeyCode.K && !e.isShortcutDown()) {
            session.keep();
            e.consume();
        }
    }

    private static final KeyCombination UNDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination EXPORT = new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN);

    private boolean isEditing() {
        Scene s = root.getScene();
        Node f = s == null ? null : s.getFocusOwner();
        // Spinners and editable combo boxes keep the focus themselves and forward keys to their editor.
        return f instanceof TextInputControl || f instanceof Spinner || f instanceof javafx.scene.control.ComboBoxBase;
    }

    static int digitOf(KeyCode c) {
        if (c.isDigitKey()) {
            String n = c.getName();
            return n.charAt(n.length() - 1) - '0';
        }
        return -1;
    }

    private void chooseExport() {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export track as MIDI");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Standard MIDI File", "*.mid"));
        fc.setInitialFileName("hitl-midi-" + Math.max(0, state.trackId.get()) + ".mid");
        File f = fc.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            Path p = f.toPath();
            if (!p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".mid")) {
                p = p.resolveSibling(p.getFileName() + ".mid");
            }
            session.export(p);
        }
    }

    private void dragOut(MouseEvent e) {
        Path file = state.dragFile.get();
        if (file == null) {
            return;
        }
        var board = dragLabel.startDragAndDrop(TransferMode.COPY);
        ClipboardContent content = new ClipboardContent();
        content.putFiles(List.of(file.toFile()));
        board.setContent(content);
        board.setDragView(dragLabel.snapshot(null, null));
        long id = state.trackId.get();
        dragLabel.setOnDragDone(done -> {
            if (done.getTransferMode() != null) {
                session.dragged(id);
            }
        });
        e.consume();
    }

    // ---- MIDI-learn ----

    private void wireLearn() {
        learnables.put("overall", overall);
        learnables.put("musicality", musicality);
        learnables.put("novelty", novelty);
        learnables.put("coherence", coherence);
        learnables.put("exploration", exploration);
        learnables.put("rate", rateButton);
        learnables.put("next", nextButton);
        learnables.put("replay", replayButton);
        learnables.put("undo", undoButton);
        learnables.put("keep", keepButton);
        learnables.forEach((name, node) -> {
            node.getStyleClass().add("learnable");
            node.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
                if (learnToggle.isSelected()) {
                    armed.set(name);
                    e.consume();
                }
            });
            // A click in learn mode arms the control instead of pressing it.
            node.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> {
                if (learnToggle.isSelected()) {
                    e.consume();
                }
            });
        });
        learnToggle.selectedProperty().addListener((o, a, on) -> {
            if (on) {
                root.getStyleClass().add("learning");
            } else {
                root.getStyleClass().remove("learning");
                armed.set(null);
            }
            updateLearnHint();
        });
        armed.addListener((o, a, b) -> {
            if (a != null) {
                learnables.get(a).getStyleClass().remove("armed");
            }
            if (b != null) {
                learnables.get(b).getStyleClass().add("armed");
            }
            if (b != null || (a != null && !learnJustDone)) {
                session.learn(b);
            }
            learnJustDone = false;
            updateLearnHint();
        });
        state.learned.addListener((o, a, control) -> {
            if (control != null && control.equals(armed.get())) {
                learnJustDone = true;
                armed.set(null);
            }
            state.learned.set(null);
        });
    }

    private void updateLearnHint() {
        String a = armed.get();
        String hint = !learnToggle.isSelected() ? ""
                : a == null ? "MIDI-learn: click a knob or button of the panel."
                : "MIDI-learn: move a knob or press a pad on your controller for '" + a + "'.";
        learnHint.setText(hint);
        if (!hint.isEmpty()) {
            state.message.set(hint);
        }
    }

    /** The mapping in three columns, so a whole controller's fits the tab at 480x320. */
    private void showMappings() {
        mappingList.getChildren().clear();
        int i = 0;
        for (var e : state.mappings.entrySet()) {
            Label l = new Label(e.getKey() + " \u2190 " + e.getValue());
            l.getStyleClass().add("mapping-text");
            l.setMinWidth(Region.USE_PREF_SIZE);
            mappingList.add(l, i % 3, i / 3);
            i++;
        }
    }

    // ---- for the app and tests ----

    public Parent root() {
        return root;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public BooleanProperty alwaysOnTopProperty() {
        return alwaysOnTop;
    }

    public BooleanProperty subRatingsShownProperty() {
        return subRatingsShown;
    }

    public ToggleButton learnToggle() {
        return learnToggle;
    }

    public Optional<String> armedControl() {
        return Optional.ofNullable(armed.get());
    }

    Knob overallKnob() {
        return overall;
    }

    /** The compact stage layout instead of the studio one (remembered in the panel's settings). */
    public BooleanProperty stageModeProperty() {
        return stageMode;
    }

    TabPane tabs() {
        return tabs;
    }

    PianoRoll pianoRoll() {
        return pianoRoll;
    }

    ComboBox<String> profileBox() {
        return profileBox;
    }

    HBox partsBox() {
        return partsBox;
    }

    RatingChart chart() {
        return chart;
    }

    Track shownTrack() {
        return pianoRoll.getTrack();
    }
}

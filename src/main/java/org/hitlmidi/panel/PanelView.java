package org.hitlmidi.panel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private final Spinner<Integer> lengthSpin = new Spinner<>(1, 64, 8);
    private final Spinner<Integer> tempoSpin = new Spinner<>(20, 400, 90, 5);
    private final Spinner<Integer> channelSpin = new Spinner<>(1, 16, 1);
    private final Label portLabel = new Label();
    /** Profiles to switch to, and {@link #NEW_PROFILE} (a name no profile can have) to make one. */
    private final ComboBox<String> profileBox = new ComboBox<>();
    static final String NEW_PROFILE = "New profile\u2026";
    private final VBox mappingList = new VBox(2);
    private boolean fromDevice;
    /** Set while a `learned` event disarms a control, so no cancel is sent for it. */
    private boolean learnJustDone;
    private Runnable startDevice;

    public PanelView(PanelState state, DeviceSession session) {
        this.state = state;
        this.session = session;
        root.getStyleClass().add("panel");
        root.setTop(new VBox(topBar(), banner()));
        root.setCenter(center());
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
        menu.getItems().addAll(subs, dark, top);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        // when the bar is short of room, the learner's name gives way (with an ellipsis), nothing else
        for (javafx.scene.control.Control c : List.of(count, port, learnToggle, menu)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
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
        overall.setPrefSize(96, 104);
        overall.setTooltip(new Tooltip("Overall rating: drag, scroll or arrow keys; double-click resets"));
        musicality.setId("musicality");
        novelty.setId("novelty");
        coherence.setId("coherence");
        for (Knob k : List.of(musicality, novelty, coherence)) {
            k.getStyleClass().add("sub");
            k.setPrefSize(68, 74);
            k.setTooltip(new Tooltip(k.getLabel() + " (sub-rating, sent with the overall one)"));
        }
        exploration.setId("exploration");
        exploration.getStyleClass().add("exploration");
        exploration.setPrefSize(68, 74);
        exploration.formatProperty().set(v -> String.format(Locale.ROOT, "%.2f", v));
        exploration.setTooltip(new Tooltip("Exploration: how often the learner tries a random edit (epsilon)"));
        subKnobs.visibleProperty().bind(subRatingsShown);
        subKnobs.managedProperty().bind(subRatingsShown);

        HBox knobs = new HBox(4, overall, subKnobs, exploration);
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
        chart.setId("chart");
        HBox views = new HBox(4, pianoRoll, chart);
        HBox.setHgrow(pianoRoll, Priority.ALWAYS);
        HBox.setHgrow(chart, Priority.ALWAYS);
        pianoRoll.setPrefWidth(260);
        chart.setPrefWidth(180);
        views.setPadding(new Insets(4));

        TabPane tabs = new TabPane(
                new Tab("Track", views),
                new Tab("Parameters", paramsForm()),
                new Tab("Controller", controllerPane()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("tabs");
        // In MIDI-learn the mapping is what matters: show it, and go back to the track afterwards.
        learnToggle.selectedProperty().addListener((o, a, on) -> tabs.getSelectionModel().select(on ? 2 : 0));
        tabs.setMinHeight(90);
        VBox.setVgrow(tabs, Priority.ALWAYS);

        VBox top = new VBox(2, knobs, actions);
        top.setPadding(new Insets(4, 6, 0, 6));
        return new VBox(top, tabs);
    }

    private Node paramsForm() {
        GridPane g = new GridPane();
        g.getStyleClass().add("form");
        scaleBox.getItems().setAll(java.util.Arrays.stream(Scale.values()).map(Scale::id).toList());
        baseField.setPrefColumnCount(4);
        baseField.setId("base");
        scaleBox.setId("scale");
        lengthSpin.setId("length");
        tempoSpin.setId("tempo");
        channelSpin.setId("channel");
        for (Spinner<Integer> s : List.of(lengthSpin, tempoSpin, channelSpin)) {
            s.setEditable(true);
            s.setPrefWidth(76);
        }
        Button apply = new Button("Apply");
        apply.setId("apply-params");
        apply.setTooltip(new Tooltip("Send the parameters; a new base, scale or length starts a new episode"));
        apply.setOnAction(e -> applyParams());
        g.addRow(0, new Label("Base"), baseField, new Label("Scale"), scaleBox);
        g.addRow(1, new Label("Length"), lengthSpin, new Label("Tempo"), tempoSpin);
        g.addRow(2, new Label("Channel"), channelSpin, new Label("Port"), portLabel);
        g.add(apply, 3, 3);
        portLabel.textProperty().bind(Bindings.createStringBinding(
                () -> state.portName.get().isBlank() ? "?" : state.portName.get().trim() + " (" + portStateShown() + ")",
                state.portName, state.portState, state.link));
        return g;
    }

    private Node controllerPane() {
        Label title = new Label();
        title.textProperty().bind(Bindings.createStringBinding(() -> state.controller.get().isEmpty()
                ? "No controller mapping yet: press Learn, click a control, move a hardware knob."
                : state.mappings.size() + " controls mapped (Learn changes one)",
                state.controller, state.mappings));
        title.setWrapText(true);
        learnHint.setId("learn-hint");
        learnHint.setWrapText(true);
        Label lastCc = new Label();
        lastCc.getStyleClass().add("muted");
        lastCc.textProperty().bind(Bindings.createStringBinding(() -> {
            PanelState.Cc cc = state.lastCc.get();
            return cc == null ? "" : "last from the controller: ch " + cc.channel() + " CC " + cc.controller()
                    + " = " + cc.value();
        }, state.lastCc));
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
        javafx.scene.control.ScrollPane mappingScroll = new javafx.scene.control.ScrollPane(mappingList);
        mappingScroll.setFitToWidth(true);
        mappingScroll.setId("mapping-list");
        VBox.setVgrow(mappingScroll, javafx.scene.layout.Priority.ALWAYS);
        VBox box = new VBox(4, choices, title, learnHint, lastCc, mappingScroll);
        box.setPadding(new Insets(6));
        return box;
    }

    // ---- behaviour ----

    private void wireState() {
        clearSubRatings();
        state.trackId.addListener((o, a, id) -> clearSubRatings());
        state.track.addListener((o, a, t) -> pianoRoll.setTrack(t));
        state.playing.addListener((o, a, p) -> {
            if (p) {
                pianoRoll.startCursor(state.playStartNanos.get());
            } else {
                pianoRoll.stopCursor();
            }
        });
        state.playStartNanos.addListener((o, a, t) -> {
            if (state.playing.get()) {
                pianoRoll.startCursor(t.longValue());
            }
        });
        Bindings.bindContent(chart.getRatings(), state.ratings);
        state.params.addListener((o, a, p) -> showParams(p));
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

    private void showParams(JsonNode p) {
        if (p == null) {
            return;
        }
        fromDevice = true;
        try {
            baseField.setText(p.path("base").asText(baseField.getText()));
            scaleBox.setValue(p.path("scale").asText(scaleBox.getValue()));
            lengthSpin.getValueFactory().setValue(p.path("length").asInt(lengthSpin.getValue()));
            tempoSpin.getValueFactory().setValue((int) Math.round(p.path("tempo").asDouble(tempoSpin.getValue())));
            channelSpin.getValueFactory().setValue(p.path("channel").asInt(channelSpin.getValue()));
            JsonNode eps = p.get("exploration");
            if (eps != null && eps.isNumber()) {
                exploration.setValue(eps.asDouble());
            }
        } finally {
            fromDevice = false;
        }
    }

    private void applyParams() {
        ObjectNode set = JsonNodeFactory.instance.objectNode();
        JsonNode now = state.params.get();
        String base = baseField.getText().trim();
        if (now == null || !base.equalsIgnoreCase(now.path("base").asText())) {
            set.put("base", base);
        }
        if (scaleBox.getValue() != null && (now == null || !scaleBox.getValue().equals(now.path("scale").asText()))) {
            set.put("scale", scaleBox.getValue());
        }
        if (now == null || lengthSpin.getValue() != now.path("length").asInt()) {
            set.put("length", lengthSpin.getValue());
        }
        if (now == null || tempoSpin.getValue() != Math.round(now.path("tempo").asDouble())) {
            set.put("tempo", tempoSpin.getValue());
        }
        if (now == null || channelSpin.getValue() != now.path("channel").asInt()) {
            set.put("channel", channelSpin.getValue());
        }
        if (set.isEmpty()) {
            state.message.set("parameters unchanged");
            return;
        }
        session.setParams(set);
    }

    /** Rates with the knobs as they are (sub-ratings only when shown). */
    void rateFromKnobs() {
        rate(overall.intValue());
    }

    /** Sends the overall rating and only the sub-ratings the user set for this track (shown and touched). */
    private void rate(int value) {
        boolean subs = subRatingsShown.get();
        session.rate(value, subs ? musicality.valueIfSet() : null, subs ? novelty.valueIfSet() : null,
                subs ? coherence.valueIfSet() : null, state.trackId.get());
    }

    /** A new track has no sub-ratings yet: the knobs show a dash until touched. */
    private void clearSubRatings() {
        for (Knob k : List.of(musicality, novelty, coherence)) {
            k.clear();
        }
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

    private void showMappings() {
        mappingList.getChildren().clear();
        state.mappings.forEach((control, source) -> {
            Label l = new Label(control + "  <-  " + source);
            l.getStyleClass().add("mapping-text");
            mappingList.getChildren().add(l);
        });
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

    PianoRoll pianoRoll() {
        return pianoRoll;
    }

    ComboBox<String> profileBox() {
        return profileBox;
    }

    RatingChart chart() {
        return chart;
    }

    Track shownTrack() {
        return pianoRoll.getTrack();
    }
}

package org.hitlmidi.panel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Opens the panel in a window and waits until it is closed. JavaFX is started with Platform.startup rather
 * than an Application subclass: the java launcher refuses an Application main class whose JavaFX comes from
 * the classpath (our shaded jar), and this way the options need no static field to reach the window.
 */
public final class PanelWindow {
    /** How the window opens. */
    public record Options(DeviceSession.Connector connector, PanelView.Theme theme, boolean alwaysOnTop,
                          boolean subRatings, Runnable startDevice) {
    }

    public static final double WIDTH = 480;
    public static final double HEIGHT = 320;
    public static final double MIN_WIDTH = 450;
    public static final double MIN_HEIGHT = 290;

    private PanelWindow() {
    }

    /** Blocks the calling thread (not the JavaFX one) until the user closes the window. */
    public static void showAndWait(Options o) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Platform.setImplicitExit(false);
        Runnable open = () -> {
            try {
                open(o, closed);
            } catch (RuntimeException | Error e) {
                failure.set(e);
                closed.countDown();
            }
        };
        try {
            Platform.startup(open);
        } catch (IllegalStateException alreadyRunning) {
            Platform.runLater(open);
        }
        closed.await();
        Platform.exit();
        if (failure.get() instanceof RuntimeException re) {
            throw re;
        }
        if (failure.get() instanceof Error err) {
            throw err;
        }
    }

    /** Builds the window on the JavaFX thread; {@code closed} counts down when it closes. */
    public static Stage open(Options o, CountDownLatch closed) {
        PanelState state = new PanelState();
        DeviceSession session = new DeviceSession(o.connector(), state, Platform::runLater);
        PanelView view = new PanelView(state, session);
        view.themeProperty().set(o.theme());
        view.subRatingsShownProperty().set(o.subRatings());
        view.alwaysOnTopProperty().set(o.alwaysOnTop());
        view.setStartDevice(o.startDevice());
        Stage stage = new Stage();
        stage.setTitle("hitl-midi");
        stage.setScene(view.createScene(WIDTH, HEIGHT));
        // below this the knobs (which keep their size) and the tabs no longer both fit
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        stage.setAlwaysOnTop(o.alwaysOnTop());
        view.alwaysOnTopProperty().addListener((obs, a, b) -> stage.setAlwaysOnTop(b));
        stage.setOnHidden(e -> {
            session.close();
            closed.countDown();
        });
        session.start();
        stage.show();
        return stage;
    }
}

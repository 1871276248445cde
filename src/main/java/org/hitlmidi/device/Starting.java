package org.hitlmidi.device;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.ControlServer;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Request;
import org.hitlmidi.midi.MidiPort;

/**
 * The control socket's handler from the moment it is bound (start-up, issue 13): while the device loads (the store,
 * the profile and the learner's replay, the JACK port host) {@code status} answers at once with {@code "loading":
 * true} and what is known (version, pid, the profile asked for, the port and its state, {@code busy} true, not
 * playing); every other request waits until the device is up and then goes to it, or fails with the reason the
 * device did not start. Once up, every request goes straight to the device.
 */
final class Starting implements ControlServer.Handler {
    /** How long a request waits for a device that is loading. */
    static final long WAIT_SECONDS = 120;

    private final String profile;
    private final CompletableFuture<Device> device = new CompletableFuture<>();
    private volatile MidiPort port;

    Starting(String profile) {
        this.profile = profile;
    }

    void port(MidiPort p) {
        port = p;
    }

    void ready(Device d) {
        device.complete(d);
    }

    void failed(Throwable why) {
        device.completeExceptionally(why);
    }

    @Override
    public ObjectNode handle(Request r, ControlServer.Caller caller) {
        Device d = device.getNow(null);
        if (d == null) {
            if ("status".equals(r.cmd()) && !device.isDone()) {
                return loading();
            }
            try {
                d = device.get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ControlException(ErrorCode.FAILED, "interrupted while the device started");
            } catch (ExecutionException e) {
                throw new ControlException(ErrorCode.FAILED, "the device did not start: " + e.getCause().getMessage());
            } catch (TimeoutException e) {
                throw new ControlException(ErrorCode.FAILED, "the device is still starting after " + WAIT_SECONDS + " s");
            }
        }
        return d.handle(r, caller);
    }

    private ObjectNode loading() {
        ObjectNode b = DeviceViews.body().put("version", org.hitlmidi.Version.current())
                .put("pid", ProcessHandle.current().pid()).put("profile", profile).put("playing", false)
                .put("busy", true).put("loading", true);
        MidiPort p = port;
        if (p != null) {
            b.set("port", DeviceViews.port(p, p.state()));
        }
        return b;
    }
}

package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.DeviceClient;
import org.hitlmidi.control.DeviceReply;
import org.hitlmidi.control.DeviceRequest;
import org.hitlmidi.control.SocketPaths;
import org.hitlmidi.store.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up (issue 13): the socket answers while the device still waits for its port (a JACK port host's JVM start):
 * status at once with "loading", any other request once the device is up; the typed client's status waits for the
 * whole one. A port that fails leaves no socket and a data directory a device starts on again.
 */
class StartingTest {
    @TempDir
    Path dir;

    private Path socket() {
        return dir.resolve("run").resolve("c.sock");
    }

    private DeviceRunner.Options options() {
        return new DeviceRunner.Options(dir.resolve("data"), socket(), true, Profile.DEFAULT, "synth", Optional.empty(),
                OptionalLong.of(3), false, null);
    }

    /** Outputs whose port opens when {@code open} counts down, or fails with {@code fail}. */
    private static DeviceRunner.Outputs gated(CountDownLatch open, boolean fail) {
        return (backend, portOptions) -> {
            DeviceRunner.Output o = PortOutputs.open(backend, portOptions);
            return new DeviceRunner.Output(o.port(), o.player(), o.why(), () -> {
                try {
                    open.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                if (fail) {
                    throw new java.io.IOException("the test's port did not open");
                }
            });
        };
    }

    @Test
    void statusAnswersLoadingWhileThePortOpensAndOtherRequestsWaitForTheDevice() throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        CompletableFuture<DeviceRunner> started = CompletableFuture.supplyAsync(() -> {
            try {
                return DeviceRunner.start(options(), gated(open, false));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        org.hitlmidi.Await.until(java.time.Duration.ofSeconds(60), "the socket answers", () -> SocketPaths.answers(socket()));
        try (ControlClient c = ControlClient.connect(socket()); ControlClient waiting = ControlClient.connect(socket());
             DeviceClient typed = new DeviceClient(ControlClient.connect(socket()))) {
            ObjectNode s = c.call("status");
            assertThat(s.path("loading").asBoolean()).as("status while the port opens: %s", s).isTrue();
            assertThat(s.path("busy").asBoolean()).isTrue();
            assertThat(s.path("playing").asBoolean()).isFalse();
            assertThat(s.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(s.path("profile").asText()).isEqualTo(Profile.DEFAULT);
            assertThat(s.path("port").path("backend").asText()).isEqualTo("synth");
            CompletableFuture<ObjectNode> params = CompletableFuture.supplyAsync(() -> {
                try {
                    return waiting.call("params");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            CompletableFuture<DeviceReply.Status> whole = CompletableFuture.supplyAsync(() -> {
                try {
                    return typed.call(new DeviceRequest.Status());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(started.isDone()).as("the device waits for its port").isFalse();
            assertThat(params.isDone()).as("params waits for the device").isFalse();
            open.countDown();
            try (DeviceRunner d = started.get(60, TimeUnit.SECONDS)) {
                assertThat(params.get(60, TimeUnit.SECONDS).path("params").path("tempo").isNumber()).isTrue();
                DeviceReply.Status st = whole.get(60, TimeUnit.SECONDS);
                assertThat(st.params()).as("the typed client's status is whole").isNotNull();
                assertThat(st.track()).isNotNull();
                ObjectNode after = c.call("status");
                assertThat(after.has("loading")).as("status once up: %s", after).isFalse();
                assertThat(after.path("episode").asInt()).isPositive();
            }
        }
    }

    @Test
    void aPortThatFailsLeavesNoSocketAndWaitingRequestsGetTheReason() throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        CompletableFuture<DeviceRunner> started = CompletableFuture.supplyAsync(() -> {
            try {
                return DeviceRunner.start(options(), gated(open, true));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        org.hitlmidi.Await.until(java.time.Duration.ofSeconds(60), "the socket answers", () -> SocketPaths.answers(socket()));
        try (ControlClient waiting = ControlClient.connect(socket())) {
            CompletableFuture<ObjectNode> params = CompletableFuture.supplyAsync(() -> {
                try {
                    return waiting.call("params");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            open.countDown();
            assertThat(started).failsWithin(60, TimeUnit.SECONDS).withThrowableThat()
                    .withMessageContaining("the test's port did not open");
            // the reason, or (when the socket closed first) the connection's end: never a reply of a device
            Throwable why = org.assertj.core.api.Assertions.catchThrowable(() -> params.get(60, TimeUnit.SECONDS));
            assertThat(why).as("params of a device that did not start").isNotNull();
            if (why.getCause() instanceof ControlException ce) {
                assertThat(ce).hasMessageContaining("the device did not start")
                        .hasMessageContaining("the test's port did not open");
            }
        }
        assertThat(socket()).doesNotExist();
        // and the data directory is free again: a device starts on it
        try (DeviceRunner d = DeviceRunner.start(options(), PortOutputs::open)) {
            assertThat(SocketPaths.answers(socket())).isTrue();
        }
    }
}

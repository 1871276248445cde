package org.hitlmidi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.hitlmidi.control.ControlClient;
import org.hitlmidi.control.ControlException;
import org.hitlmidi.control.DeviceClient;
import org.hitlmidi.control.DeviceEvent;
import org.hitlmidi.control.DeviceReply;
import org.hitlmidi.control.DeviceRequest;
import org.hitlmidi.control.ErrorCode;
import org.hitlmidi.control.Params;
import org.hitlmidi.control.ParamSet;
import org.hitlmidi.control.Protocol;
import org.hitlmidi.music.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's real reply, from a running device (SQLite on disk, the synth port), decodes into its
 * {@link DeviceReply} record with unknown fields refused ({@link DeviceClient#strict}); so do the events heard
 * meanwhile into {@link DeviceEvent}s, and an error reply. A field the device adds or renames without its record
 * fails here; a parameter of {@link Params} the typed view does not show fails too.
 */
class TypedRepliesTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandsReplyAndEveryEventDecodesIntoItsRecordWithNoFieldLeftOver() throws Exception {
        List<String> called = new ArrayList<>();
        List<DeviceEvent> events = new CopyOnWriteArrayList<>();
        List<String> unreadable = new CopyOnWriteArrayList<>();
        Path socket = dir.resolve("c.sock");
        try (DeviceRunner r = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), socket, false, "default",
                "synth", Optional.empty(), OptionalLong.of(1), false, null), PortOutputs::open);
             DeviceClient c = DeviceClient.connect(socket, Duration.ofSeconds(30)).strict();
             ControlClient listen = ControlClient.connect(socket)) {
            DeviceClient decoder = c;
            listen.subscribe(List.of(), e -> {
                try {
                    events.add(decoder.decodeEvent(e));
                } catch (ControlException bad) {
                    unreadable.add(bad.getMessage() + " in " + e);
                }
            });
            Caller call = new Caller(c, called);

            DeviceReply.Status status = call.of(new DeviceRequest.Status());
            assertThat(status.track().melody()).isNotEmpty();
            assertThat(status.params().tempo()).isPositive();
            assertThat(status.controller().controls()).isNotNull();
            DeviceReply.Track track = status.track();
            assertThat(track.toTrack().tempo()).isEqualTo(track.tempo());

            DeviceReply.Changed shown = call.of(new DeviceRequest.Params(null));
            assertThat(shown.params()).isEqualTo(status.params());
            assertThat(shown.change()).isNull();
            // every parameter of the table, set to the value in force, in one request: the device knows them all
            ParamSet all = ParamSet.none();
            for (Map.Entry<String, Object> e : shown.params().values().entrySet()) {
                if (!e.getKey().equals("mute")) {
                    all = all.typed(e.getKey(), e.getValue() == null ? null : String.valueOf(e.getValue()));
                }
            }
            all = all.mute(Set.of()).solo(null);
            assertThat(all.values().keySet()).as("the typed view shows every parameter of control.Params")
                    .containsExactlyInAnyOrderElementsOf(Params.names());
            DeviceReply.Changed set = call.of(new DeviceRequest.Params(all));
            assertThat(set.params()).isEqualTo(shown.params());
            assertThat(set.change()).isEqualTo("params");
            assertThat(call.of(new DeviceRequest.Params(ParamSet.none().tempo(111).swing(0.25)
                    .level(Part.BASS, 0.5).partProgram(Part.BASS, 40))).params())
                    .satisfies(p -> {
                        assertThat(p.tempo()).isEqualTo(111);
                        assertThat(p.swing()).isEqualTo(0.25);
                        assertThat(p.level(Part.BASS)).isEqualTo(0.5);
                        assertThat(p.programBass()).isEqualTo(40);
                    });

            long current = call.of(new DeviceRequest.Status()).track().trackId();
            assertThat(call.of(new DeviceRequest.Play()).trackId()).isEqualTo(current);
            assertThat(call.of(new DeviceRequest.Replay()).trackId()).isEqualTo(current);
            DeviceReply.Next next = call.of(new DeviceRequest.Next());
            assertThat(next.track().trackId()).isNotEqualTo(current);
            assertThat(call.of(new DeviceRequest.Variation()).change()).isEqualTo("variation");
            assertThat(call.of(new DeviceRequest.Regenerate()).material()).isTrue();

            DeviceReply.Scene saved = call.of(new DeviceRequest.Scene("save", 3));
            assertThat(saved.saved()).isTrue();
            assertThat(saved.params()).isNotNull();
            assertThat(call.of(new DeviceRequest.Scene("list", null)).scenes())
                    .singleElement().satisfies(s -> assertThat(s.number()).isEqualTo(3));
            assertThat(call.of(new DeviceRequest.Scene("recall", 3)).change()).isEqualTo("scene 3");

            DeviceReply.Status now = call.of(new DeviceRequest.Status());
            Map<String, Integer> parts = now.track().parts().stream().limit(1)
                    .collect(Collectors.toMap(p -> p, p -> 6));
            DeviceReply.Rated rated = call.of(new DeviceRequest.Rate(8, 7, 4, 6, parts.isEmpty() ? null : parts,
                    now.track().trackId(), "typed", null));
            assertThat(rated.rating().novelty()).isEqualTo(4);
            assertThat(rated.rating().parts()).isEqualTo(parts.isEmpty() ? null : parts);
            assertThat(rated.track()).isNotNull();
            DeviceReply.Rated quiet = call.of(new DeviceRequest.Rate(3, null, null, null, null, null, null, false));
            assertThat(quiet.track()).isNull();
            assertThat(call.of(new DeviceRequest.Undo()).ratingId()).isEqualTo(quiet.ratingId());
            DeviceReply.History history = call.of(new DeviceRequest.History(10));
            assertThat(history.ratings()).hasSize(2);
            assertThat(history.undone()).isEqualTo(1);

            DeviceReply.Kept kept = call.of(new DeviceRequest.Keep("a note"));
            assertThat(call.of(new DeviceRequest.Export(dir.resolve("a.mid").toString(), kept.keptId())).keptId())
                    .isEqualTo(kept.keptId());
            assertThat(call.of(new DeviceRequest.Export(dir.resolve("b.mid").toString(), null)).trackId()).isNotNull();

            assertThat(call.of(new DeviceRequest.Profile("other", true)).profiles()).contains("default", "other");
            assertThat(call.of(new DeviceRequest.Profile("default", null)).profile()).isEqualTo("default");
            DeviceReply.Learner learner = call.of(new DeviceRequest.Learner(null));
            assertThat(learner.available()).contains(learner.learner());
            assertThat(call.of(new DeviceRequest.Learner("paper")).learner()).isEqualTo("paper");

            assertThat(call.of(new DeviceRequest.Ports()).current()).isNotNull();
            call.of(new DeviceRequest.Panic());
            assertThat(call.of(new DeviceRequest.Learn("overall", null)).learning()).isTrue();
            assertThat(call.of(new DeviceRequest.Learn(null, true)).learning()).isFalse();
            DeviceReply.Controller controller = call.of(new DeviceRequest.Controller(null));
            assertThat(controller.available()).isNotEmpty();
            assertThat(call.of(new DeviceRequest.Controller(controller.available().get(0))).mapping().name())
                    .isEqualTo(controller.available().get(0));
            assertThat(call.of(new DeviceRequest.Clock("send")).clock().mode()).isEqualTo("send");
            assertThat(call.of(new DeviceRequest.Clock("off")).clock().sending()).isFalse();
            assertThat(call.of(new DeviceRequest.Quantize("beat")).quantize()).isEqualTo("beat");
            call.of(new DeviceRequest.Quantize(null));
            assertThat(call.of(new DeviceRequest.Follow(true)).follow().key()).isTrue();
            assertThat(call.of(new DeviceRequest.Follow(false)).follow().key()).isFalse();
            r.device().runCommandLines(args -> new CommandLines.Result("ran " + args, "", 0)); // as the CLI's device does
            DeviceReply.CommandLine line = call.of(new DeviceRequest.Cli(List.of("status")));
            assertThat(line.out()).isEqualTo("ran [status]");
            assertThat(line.code()).isZero();
            call.of(new DeviceRequest.Subscribe(List.of("stopping")));

            // an error reply's `error` too
            ObjectNode refused = c.control().request(Protocol.nodes().objectNode().put("cmd", "rate").put("overall", 11));
            DeviceReply.Error error = c.decodeError(refused);
            assertThat(ErrorCode.of(error.code())).isEqualTo(ErrorCode.BAD_VALUE);
            assertThat(error.message()).contains("overall");

            call.of(new DeviceRequest.Stop());
            assertThat(r.awaitStopped(20, java.util.concurrent.TimeUnit.SECONDS)).as("the device stopped").isTrue();
        }
        assertThat(unreadable).as("events that do not decode").isEmpty();
        assertThat(called).as("every command was asked").containsAll(Protocol.COMMANDS);
        Set<Class<?>> heard = events.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(heard).as("events heard").contains(DeviceEvent.TrackStarted.class, DeviceEvent.RatingStored.class,
                DeviceEvent.QUpdated.class, DeviceEvent.Undone.class, DeviceEvent.ParamsChanged.class,
                DeviceEvent.ProfileChanged.class, DeviceEvent.ControllerChanged.class, DeviceEvent.Stopping.class)
                .doesNotContain(DeviceEvent.Unknown.class);
    }

    /** Calls through a strict client and notes the command asked. */
    private record Caller(DeviceClient client, List<String> called) {
        <R extends DeviceReply> R of(DeviceRequest<R> request) throws java.io.IOException {
            called.add(DeviceClient.command(request));
            R reply = client.call(request);
            assertThat(reply).as("reply to %s", DeviceClient.command(request)).isNotNull();
            return reply;
        }
    }

    @Test
    void anUnknownFieldInAReplyFailsTheStrictDecodingAndNotTheLenientOne() throws Exception {
        ObjectNode reply = Protocol.nodes().objectNode().put("ok", true).put("trackId", 4).put("renamed", 1);
        try (DeviceRunner r = DeviceRunner.start(new DeviceRunner.Options(dir.resolve("data"), dir.resolve("c.sock"),
                false, "default", "synth", Optional.empty(), OptionalLong.of(1), false, null), PortOutputs::open);
             DeviceClient c = DeviceClient.connect(dir.resolve("c.sock"))) {
            assertThat(c.decode(reply, DeviceReply.Playing.class).trackId()).isEqualTo(4);
            assertThatThrownBy(() -> c.strict().decode(reply, DeviceReply.Playing.class))
                    .isInstanceOf(ControlException.class).hasMessageContaining("renamed");
        }
    }
}

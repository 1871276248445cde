package org.hitlmidi.control;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The events a subscribed connection hears (docs/protocol.md, Events), one record each, the event's name the
 * discriminator ({@code event}). {@link DeviceClient#subscribe} decodes them; an event this client does not know
 * (from a newer device) is {@link Unknown}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "event",
        defaultImpl = DeviceEvent.Unknown.class)
@JsonSubTypes({
    @JsonSubTypes.Type(value = DeviceEvent.TrackStarted.class, name = "track_started"),
    @JsonSubTypes.Type(value = DeviceEvent.TrackEnded.class, name = "track_ended"),
    @JsonSubTypes.Type(value = DeviceEvent.RatingStored.class, name = "rating_stored"),
    @JsonSubTypes.Type(value = DeviceEvent.QUpdated.class, name = "q_updated"),
    @JsonSubTypes.Type(value = DeviceEvent.Undone.class, name = "undone"),
    @JsonSubTypes.Type(value = DeviceEvent.ParamsChanged.class, name = "params_changed"),
    @JsonSubTypes.Type(value = DeviceEvent.ProfileChanged.class, name = "profile_changed"),
    @JsonSubTypes.Type(value = DeviceEvent.PortChanged.class, name = "port"),
    @JsonSubTypes.Type(value = DeviceEvent.Cc.class, name = "cc"),
    @JsonSubTypes.Type(value = DeviceEvent.Learned.class, name = "learned"),
    @JsonSubTypes.Type(value = DeviceEvent.ControllerChanged.class, name = "controller"),
    @JsonSubTypes.Type(value = DeviceEvent.Stopping.class, name = "stopping"),
})
public sealed interface DeviceEvent {
    record TrackStarted(DeviceReply.Track track) implements DeviceEvent {
    }

    /** A track played to its end (not stopped or replaced). */
    record TrackEnded(long trackId) implements DeviceEvent {
    }

    record RatingStored(long ratingId, long trackId, DeviceReply.RatingView rating, String source)
            implements DeviceEvent {
    }

    record QUpdated(long updates, long entries) implements DeviceEvent {
    }

    record Undone(long ratingId, long trackId) implements DeviceEvent {
    }

    /** Any change of what plays, from any source; as the reply to a change. */
    record ParamsChanged(DeviceReply.ParamsView params, String source, String change, boolean material, long trackId,
                         int episode, DeviceReply.Lands lands) implements DeviceEvent {
    }

    record ProfileChanged(String profile, String learner, DeviceReply.ParamsView params, long ratings)
            implements DeviceEvent {
    }

    record PortChanged(String backend, String name, String state, Long dropped) implements DeviceEvent {
        public DeviceReply.Port port() {
            return new DeviceReply.Port(backend, name, state, dropped);
        }
    }

    /** A controller message that arrived on the input, to show it. */
    record Cc(int channel, int controller, int value) implements DeviceEvent {
    }

    /** MIDI-learn bound a control: the binding, the mapping now and the file it was saved to. */
    record Learned(String control, DeviceReply.Binding binding, DeviceReply.Mapping mapping, String path)
            implements DeviceEvent {
    }

    /** Another mapping chosen; with {@code layer} when the layer button switched. */
    record ControllerChanged(DeviceReply.Mapping mapping, Integer layer) implements DeviceEvent {
    }

    record Stopping() implements DeviceEvent {
    }

    /** An event of a later version, which this client does not know. */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Unknown() implements DeviceEvent {
    }
}

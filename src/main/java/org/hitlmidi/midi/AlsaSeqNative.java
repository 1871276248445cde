package org.hitlmidi.midi;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * libasound's sequencer, through JNA: the real side of the ALSA backend's seam. Events are the 28-byte
 * snd_seq_event_t written field by field into one preallocated buffer (type, flags, queue, real time, source,
 * destination = our subscribers, and the note or control data).
 */
final class AlsaSeqNative implements AlsaSeq {
    private static final int SND_SEQ_OPEN_DUPLEX = 3;
    private static final int SND_SEQ_TIME_STAMP_REAL = 1;
    private static final int CAP_READ = 1;
    private static final int CAP_WRITE = 2;
    private static final int CAP_SUBS_READ = 32;
    private static final int CAP_SUBS_WRITE = 64;
    private static final int TYPE_MIDI_GENERIC = 1 << 1;
    private static final int TYPE_APPLICATION = 1 << 20;
    private static final int ADDRESS_SUBSCRIBERS = 254;
    private static final int ADDRESS_UNKNOWN = 253;
    private static final int QUEUE_DIRECT = 253;
    private static final int EVENT_START = 30;
    private static final int EVENT_SIZE = 28;

    private static final class Lib {
        static {
            Native.register("asound");
        }

        static native int snd_seq_open(PointerByReference handle, String name, int streams, int mode);

        static native int snd_seq_close(Pointer handle);

        static native int snd_seq_set_client_name(Pointer handle, String name);

        static native int snd_seq_client_id(Pointer handle);

        static native int snd_seq_nonblock(Pointer handle, int nonblock);

        static native int snd_seq_create_simple_port(Pointer handle, String name, int caps, int type);

        static native int snd_seq_alloc_named_queue(Pointer handle, String name);

        static native int snd_seq_control_queue(Pointer handle, int q, int type, int value, Pointer ev);

        static native int snd_seq_drain_output(Pointer handle);

        static native int snd_seq_event_output_direct(Pointer handle, Pointer ev);

        static native int snd_seq_event_input(Pointer handle, PointerByReference ev);

        static native int snd_seq_queue_status_malloc(PointerByReference status);

        static native int snd_seq_get_queue_status(Pointer handle, int q, Pointer status);

        static native Pointer snd_seq_queue_status_get_real_time(Pointer status);

        static native void snd_seq_queue_status_free(Pointer status);

        static native String snd_strerror(int errnum);
    }

    private Pointer handle;
    private Pointer queueStatus;
    private final Memory event = new Memory(EVENT_SIZE);
    private final PointerByReference in = new PointerByReference();

    private static PortException error(String what, int rc) {
        return new PortException("alsa: " + what + " failed (" + Lib.snd_strerror(rc) + ")");
    }

    @Override
    public void open(String clientName) throws PortException {
        PointerByReference h = new PointerByReference();
        int rc = Lib.snd_seq_open(h, "default", SND_SEQ_OPEN_DUPLEX, 0);
        if (rc < 0) {
            throw error("snd_seq_open", rc);
        }
        handle = h.getValue();
        Lib.snd_seq_set_client_name(handle, clientName);
        Lib.snd_seq_nonblock(handle, 1);
        PointerByReference st = new PointerByReference();
        Lib.snd_seq_queue_status_malloc(st);
        queueStatus = st.getValue();
    }

    @Override
    public int clientId() {
        return Lib.snd_seq_client_id(handle);
    }

    @Override
    public int createPort(String name, boolean readable, boolean writable) throws PortException {
        int caps = (readable ? CAP_READ | CAP_SUBS_READ : 0) | (writable ? CAP_WRITE | CAP_SUBS_WRITE : 0);
        int rc = Lib.snd_seq_create_simple_port(handle, name, caps, TYPE_MIDI_GENERIC | TYPE_APPLICATION);
        if (rc < 0) {
            throw error("snd_seq_create_simple_port", rc);
        }
        return rc;
    }

    @Override
    public int startQueue(String name) throws PortException {
        int q = Lib.snd_seq_alloc_named_queue(handle, name);
        if (q < 0) {
            throw error("snd_seq_alloc_named_queue", q);
        }
        Lib.snd_seq_control_queue(handle, q, EVENT_START, 0, null);
        Lib.snd_seq_drain_output(handle);
        return q;
    }

    @Override
    public long queueNanos(int queue) {
        if (Lib.snd_seq_get_queue_status(handle, queue, queueStatus) < 0) {
            return 0;
        }
        Pointer t = Lib.snd_seq_queue_status_get_real_time(queueStatus);
        return (t.getInt(0) & 0xFFFFFFFFL) * 1_000_000_000L + (t.getInt(4) & 0xFFFFFFFFL);
    }

    @Override
    public void send(int port, int queue, long queueNanos, SeqEvent ev) throws PortException {
        int type = ev.type();
        int channel = ev.channel();
        int param = ev.param();
        int value = ev.value();
        event.clear();
        event.setByte(0, (byte) type);
        event.setByte(1, (byte) SND_SEQ_TIME_STAMP_REAL);
        event.setByte(3, (byte) queue);
        event.setInt(4, (int) (queueNanos / 1_000_000_000L));
        event.setInt(8, (int) (queueNanos % 1_000_000_000L));
        event.setByte(13, (byte) port);
        event.setByte(14, (byte) ADDRESS_SUBSCRIBERS);
        event.setByte(15, (byte) ADDRESS_UNKNOWN);
        event.setByte(16, (byte) channel);
        if (type >= 5 && type <= 8) { // note events: channel, note, velocity
            event.setByte(17, (byte) param);
            event.setByte(18, (byte) value);
        } else { // control events: channel, param, value
            event.setInt(20, param);
            event.setInt(24, value);
        }
        int rc = Lib.snd_seq_event_output_direct(handle, event);
        if (rc < 0) {
            throw error("snd_seq_event_output_direct", rc);
        }
    }

    @Override
    public SeqEvent poll() {
        int rc = Lib.snd_seq_event_input(handle, in);
        if (rc < 0 || in.getValue() == null) {
            return null;
        }
        Pointer ev = in.getValue();
        int type = ev.getByte(0) & 0xFF;
        int channel = ev.getByte(16) & 0x0F;
        if (type >= 5 && type <= 8) {
            return new SeqEvent(type, channel, ev.getByte(17) & 0x7F, ev.getByte(18) & 0x7F);
        }
        return new SeqEvent(type, channel, ev.getInt(20), ev.getInt(24));
    }

    @Override
    public void close() {
        if (handle != null) {
            Lib.snd_seq_close(handle);
            handle = null;
        }
        if (queueStatus != null) {
            Lib.snd_seq_queue_status_free(queueStatus);
            queueStatus = null;
        }
    }
}

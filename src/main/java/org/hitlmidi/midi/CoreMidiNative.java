package org.hitlmidi.midi;

import com.sun.jna.Callback;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * CoreMIDI.framework through JNA (macOS): MIDIClientCreate, MIDISourceCreate, MIDIDestinationCreate, MIDIReceived,
 * with mach_absolute_time for host time. Loaded only when opened, so it compiles and loads everywhere.
 * Not run in CI (no macOS there): the logic above it is tested with a fake of {@link CoreMidi}.
 */
final class CoreMidiNative implements CoreMidi {
    private static final int UTF8 = 0x08000100;

    interface CoreFoundation extends Library {
        Pointer CFStringCreateWithCString(Pointer alloc, String cStr, int encoding);

        void CFRelease(Pointer cf);
    }

    interface MidiReadProc extends Callback {
        void invoke(Pointer packetList, Pointer readProcRefCon, Pointer srcConnRefCon);
    }

    interface CoreMidiLib extends Library {
        int MIDIClientCreate(Pointer name, Pointer notifyProc, Pointer notifyRefCon, IntByReference outClient);

        int MIDISourceCreate(int client, Pointer name, IntByReference outSrc);

        int MIDIDestinationCreate(int client, Pointer name, MidiReadProc readProc, Pointer refCon,
                                  IntByReference outDest);

        int MIDIReceived(int src, Pointer packetList);

        int MIDIEndpointDispose(int endpoint);

        int MIDIClientDispose(int client);
    }

    interface SystemLib extends Library {
        long mach_absolute_time();

        int mach_timebase_info(int[] info);
    }

    private CoreMidiLib midi;
    private SystemLib system;
    private int client;
    private int source;
    private int destination;
    private MidiReadProc readProc; // held so it is not collected while CoreMIDI may call it
    private final Memory packetList = new Memory(4 + 8 + 2 + 256 + 8);
    private double nanosPerTick = 1;

    @Override
    public void open(String name, Input input) throws PortException {
        CoreFoundation cf = Native.load("CoreFoundation", CoreFoundation.class);
        midi = Native.load("CoreMIDI", CoreMidiLib.class);
        system = Native.load("System", SystemLib.class);
        int[] tb = new int[2];
        system.mach_timebase_info(tb);
        nanosPerTick = tb[1] == 0 ? 1 : (double) tb[0] / tb[1];
        Pointer cfName = cf.CFStringCreateWithCString(null, name, UTF8);
        try {
            IntByReference ref = new IntByReference();
            check(midi.MIDIClientCreate(cfName, null, null, ref), "MIDIClientCreate");
            client = ref.getValue();
            check(midi.MIDISourceCreate(client, cfName, ref), "MIDISourceCreate");
            source = ref.getValue();
            readProc = (list, refCon, srcRefCon) -> {
                try {
                    read(list, input);
                } catch (Throwable t) {
                    // nothing may escape into CoreMIDI's thread
                }
            };
            check(midi.MIDIDestinationCreate(client, cfName, readProc, null, ref), "MIDIDestinationCreate");
            destination = ref.getValue();
        } finally {
            cf.CFRelease(cfName);
        }
    }

    /** MIDIPacketList: UInt32 count, then packets {UInt64 timeStamp; UInt16 length; Byte data[length]}, packed (4 on ARM). */
    private static void read(Pointer list, Input input) {
        int count = list.getInt(0);
        long off = 4;
        for (int k = 0; k < count; k++) {
            long ts = list.getLong(off);
            int len = list.getShort(off + 8) & 0xFFFF;
            byte[] data = list.getByteArray(off + 10, len);
            input.packet(ts, data, len);
            off += 10 + len;
            if (Platform.isARM()) {
                off = (off + 3) & ~3L;
            }
        }
    }

    private static void check(int status, String call) throws PortException {
        if (status != 0) {
            throw new PortException("coremidi: " + call + " failed (OSStatus " + status + ")");
        }
    }

    @Override
    public long hostTime() {
        return system.mach_absolute_time();
    }

    @Override
    public double nanosPerTick() {
        return nanosPerTick;
    }

    @Override
    public void send(long hostTime, byte[] data, int length) throws PortException {
        packetList.setInt(0, 1);
        packetList.setLong(4, hostTime);
        packetList.setShort(12, (short) length);
        packetList.write(14, data, 0, length);
        check(midi.MIDIReceived(source, packetList), "MIDIReceived");
    }

    @Override
    public void close() {
        if (midi != null) {
            midi.MIDIEndpointDispose(destination);
            midi.MIDIEndpointDispose(source);
            midi.MIDIClientDispose(client);
            midi = null;
        }
    }
}

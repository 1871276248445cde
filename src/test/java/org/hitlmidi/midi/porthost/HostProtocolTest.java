package org.hitlmidi.midi.porthost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostProtocolTest {
    @Test
    void everyFrameReadsBackAsWritten() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HostProtocol.Writer w = new HostProtocol.Writer(bytes);
        w.send(-5L, HostProtocol.pack(0x93, 60, 127));
        w.input(Long.MAX_VALUE, HostProtocol.pack(0xB0, 16, 0));
        w.connect("hitl-midi:out", "fluidmidi:midi ü");
        w.ready(48000, 256);
        HostProtocol.Sync s = new HostProtocol.Sync(1L << 40, -7, 1024, 44100, -(1L << 33), 1, 2, 3, 4);
        w.sync(s);
        w.connections(List.of(new String[] {"a:out", "b:in"}, new String[] {"c:out", "hitl-midi:in"}),
                List.<String[]>of(new String[] {"a:out", "b:in"}));
        w.text(HostProtocol.LOST, "gone");
        w.empty(HostProtocol.BYE);
        w.flush();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));

        HostProtocol.Frame f = HostProtocol.read(in);
        assertThat(f.type()).isEqualTo(HostProtocol.SEND);
        DataInputStream d = f.data();
        assertThat(d.readLong()).isEqualTo(-5L);
        int m = d.readInt();
        assertThat(new int[] {HostProtocol.status(m), HostProtocol.data1(m), HostProtocol.data2(m)}).containsExactly(0x93, 60, 127);
        f = HostProtocol.read(in);
        assertThat(f.type()).isEqualTo(HostProtocol.INPUT);
        assertThat(f.data().readLong()).isEqualTo(Long.MAX_VALUE);
        f = HostProtocol.read(in);
        assertThat(f.type()).isEqualTo(HostProtocol.CONNECT);
        d = f.data();
        assertThat(d.readUTF()).isEqualTo("hitl-midi:out");
        assertThat(d.readUTF()).isEqualTo("fluidmidi:midi ü");
        f = HostProtocol.read(in);
        assertThat(f.type()).isEqualTo(HostProtocol.READY);
        assertThat(f.data().readInt()).isEqualTo(48000);
        f = HostProtocol.read(in);
        assertThat(HostProtocol.readSync(f)).isEqualTo(s);
        f = HostProtocol.read(in);
        assertThat(HostProtocol.readConnections(f)).containsExactly(List.of("a:out\nb:in", "c:out\nhitl-midi:in"),
                List.of("a:out\nb:in"));
        f = HostProtocol.read(in);
        assertThat(f.type()).isEqualTo(HostProtocol.LOST);
        assertThat(f.data().readUTF()).isEqualTo("gone");
        f = HostProtocol.read(in);
        assertThat(f.type()).isEqualTo(HostProtocol.BYE);
        assertThat(f.payload()).isEmpty();
        assertThatThrownBy(() -> HostProtocol.read(in)).isInstanceOf(EOFException.class);
    }

    @Test
    void anUnknownFrameIsSkippedWhole() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {0, 4, 99, 1, 2, 3}); // type 99, 3 bytes
        HostProtocol.Writer w = new HostProtocol.Writer(bytes);
        w.ready(48000, 64);
        w.flush();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(HostProtocol.read(in).type()).isEqualTo(99);
        assertThat(HostProtocol.read(in).type()).isEqualTo(HostProtocol.READY);
    }
}

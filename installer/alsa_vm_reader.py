#!/usr/bin/python3
"""Helpers of installer/test-alsa-vm (they run inside its VM, with the host's python3, mido and python-rtmidi).

  read OUT READY          subscribe to hitl-midi's `out` through ALSA (python-rtmidi) and write each message with its
                          kernel time stamp (seconds) and its arrival time (monotonic), until killed
  count MID               the number of note-ons in a .mid
  compare MID RTMIDI DUMP the received note-ons against the .mid's schedule: the same notes, in order, and the
                          timing error (received minus scheduled time, less its median); exit 1 when a note is
                          missing or out of order, or the median error exceeds LIMIT_MS
  ratemid OUT             a .mid that turns knob 1 (CC 16) to 100 and presses PLAY (CC 41), channel 1
  ctl SOCKET JSON         one request to the device's control socket (docs/protocol.md); prints the reply, exit 1
                          when it is not ok (what the CLI does, without a JVM start per call: 10 to 100 s in the VM)
"""
import re
import sys
import time

LIMIT_MS = 5.0  # the median; a TCG VM on a busy host stalls now and then, so outliers are figures, not checks


def schedule(path):
    import mido
    t, out = 0.0, []
    for m in mido.MidiFile(path):
        t += m.time
        if m.type == "note_on" and m.velocity > 0:
            out.append((t, m.channel, m.note))
    return out


def read(out, ready):
    import rtmidi
    mi = rtmidi.MidiIn(rtmidi.API_LINUX_ALSA, name="alsa-vm-reader")
    names = mi.get_ports()
    idx = next((i for i, n in enumerate(names) if n.startswith("hitl-midi:out")), None)
    if idx is None:
        print("no hitl-midi:out among", names, file=sys.stderr)
        sys.exit(1)
    f = open(out, "w", buffering=1)
    clock = [0.0]

    def cb(ev, _):
        msg, delta = ev
        clock[0] += delta
        st = msg[0] & 0xF0
        kind = {0x90: "note_on", 0x80: "note_off", 0xB0: "cc", 0xC0: "program"}.get(st, "other")
        if kind == "note_on" and len(msg) > 2 and msg[2] == 0:
            kind = "note_off"
        f.write("%.6f %.6f %s %d %s\n" % (clock[0], time.monotonic(), kind, msg[0] & 0x0F,
                                          " ".join(str(b) for b in msg[1:])))

    mi.ignore_types(sysex=True, timing=True, active_sense=True)
    mi.set_callback(cb)
    mi.open_port(idx)
    open(ready, "w").close()
    while True:
        time.sleep(1)


def in_order(expected, got):
    """got (ch, note) in arrival order against expected [(t, ch, note)]: simultaneous notes may come in any order."""
    groups, cur, last = [], [], None
    for t, ch, n in expected:
        if last is not None and abs(t - last) > 1e-6:
            groups.append(cur)
            cur = []
        cur.append((ch, n))
        last = t
    if cur:
        groups.append(cur)
    i = 0
    for g in groups:
        want = sorted(g)
        have = sorted(got[i:i + len(g)])
        if want != have:
            return False, "at note-on %d: expected %s, got %s" % (i, want, have)
        i += len(g)
    return True, ""


def compare(mid, rt, dump):
    sched = schedule(mid)
    ok = True
    recv = []
    for line in open(rt):
        p = line.split()
        if len(p) >= 6 and p[2] == "note_on":
            recv.append((float(p[0]), float(p[1]), int(p[3]), int(p[4])))
    recv = recv[:len(sched)]
    print("TIMING scheduled note-ons %d, python-rtmidi got %d" % (len(sched), len(recv)))
    if len(recv) < len(sched):
        print("ORDER FAIL python-rtmidi missed %d note-ons" % (len(sched) - len(recv)))
        ok = False
    good, why = in_order(sched, [(c, n) for _, _, c, n in recv])
    print("ORDER python-rtmidi " + ("ok: in the schedule's order" if good else "FAIL " + why))
    ok = ok and good
    dumped = []
    for line in open(dump):
        m = re.search(r"Note on\s+(\d+), note (\d+), velocity (\d+)", line)
        if m and int(m.group(3)) > 0:
            dumped.append((int(m.group(1)), int(m.group(2))))
    good, why = in_order(sched, dumped[:len(sched)])
    print("ORDER aseqdump got %d note-ons, %s" % (len(dumped), "in the schedule's order" if good and len(dumped) >= len(sched)
                                                   else "FAIL " + (why or "missing notes")))
    ok = ok and good and len(dumped) >= len(sched)
    if not recv or not good:
        return ok
    # match each scheduled note-on to its received one (same channel and note, first come first served)
    pending = {}
    for r in recv:
        pending.setdefault((r[2], r[3]), []).append(r)
    pairs = []
    for t, ch, n in sched:
        qq = pending.get((ch, n))
        if qq:
            pairs.append((t, qq.pop(0)))

    def q(xs, p):
        return xs[min(len(xs) - 1, int(p * len(xs)))]

    # received minus scheduled, less the median of it (the readers' clocks start anywhere): how far each note-on is
    # from where the schedule puts it, relative to the whole track
    for label, col in (("kernel time stamps", 0), ("reader's arrival time, python wake-up included", 1)):
        d = [r[col] - t for t, r in pairs]
        med = sorted(d)[len(d) // 2]
        dev = sorted(abs(x - med) * 1000 for x in d)
        print("TIMING error vs schedule, %s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; %d of %d within 2 ms;"
              " first note-on %+.2f ms (%d note-ons over %.2f s)" % (
                  label, q(dev, .5), q(dev, .9), q(dev, .99), dev[-1], sum(1 for x in dev if x <= 2), len(dev),
                  (d[0] - med) * 1000, len(pairs), sched[-1][0] - sched[0][0]))
        if col == 0:
            p50 = q(dev, .5)
    if p50 > LIMIT_MS:
        print("TIMING FAIL median error %.2f ms > %.1f ms" % (p50, LIMIT_MS))
        ok = False
    return ok


def ratemid(out):
    import mido
    f = mido.MidiFile(ticks_per_beat=480)
    tr = mido.MidiTrack()
    f.tracks.append(tr)
    tr.append(mido.Message("control_change", channel=0, control=16, value=100, time=0))
    tr.append(mido.Message("control_change", channel=0, control=41, value=127, time=240))
    tr.append(mido.Message("control_change", channel=0, control=41, value=0, time=240))
    f.save(out)


def ctl(sock, request):
    import json
    import socket
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(120)
    s.connect(sock)
    s.sendall(request.encode() + b"\n")
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = s.recv(65536)
        if not chunk:
            break
        buf += chunk
    print(buf.decode().strip())
    return json.loads(buf).get("ok") is True


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "read":
        read(sys.argv[2], sys.argv[3])
    elif cmd == "count":
        print(len(schedule(sys.argv[2])))
    elif cmd == "compare":
        sys.exit(0 if compare(sys.argv[2], sys.argv[3], sys.argv[4]) else 1)
    elif cmd == "ctl":
        sys.exit(0 if ctl(sys.argv[2], sys.argv[3]) else 1)
    elif cmd == "ratemid":
        ratemid(sys.argv[2])

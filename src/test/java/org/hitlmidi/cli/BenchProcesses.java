package org.hitlmidi.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hitlmidi.control.SocketPaths;

/**
 * The device process a bench watches (bench history, bench idle): its CPU, threads, context switches and memory
 * from /proc, and whether its socket answers. On a system without /proc the figures read as 0.
 */
final class BenchProcesses {
    private BenchProcesses() {
    }

    /** CPU time all threads of a process have run, from /proc/PID/task/TID/schedstat (ns); 0 where there is none. */
    static long cpuNanos(long pid) {
        long sum = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String s = Files.readString(t.resolve("schedstat")).trim();
                    sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
                } catch (IOException | RuntimeException e) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    /**
     * utime + stime in ticks of a process and its descendants (the port host), their voluntary and involuntary context
     * switches, how many processes and threads.
     */
    static long[] usage(ProcessHandle root) {
        long[] sum = new long[4];
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        for (ProcessHandle h : all) {
            Path proc = Path.of("/proc", Long.toString(h.pid()));
            try {
                String stat = Files.readString(proc.resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                sum[0] += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
                sum[2]++;
                try (var tasks = Files.newDirectoryStream(proc.resolve("task"))) {
                    for (Path t : tasks) {
                        sum[3]++;
                        for (String line : Files.readAllLines(t.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches") || line.startsWith("nonvoluntary_ctxt_switches")) {
                                sum[1] += Long.parseLong(line.replaceAll("[^0-9]", ""));
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a process or thread that ended meanwhile
            }
        }
        return sum;
    }

    /** One thread's CPU: which process (device, or host PID for a child), its name (comm), utime + stime. */
    record ThreadTicks(String process, String name, long ticks) {
    }

    /** Every thread of a process and its descendants, by thread id. */
    static Map<Long, ThreadTicks> threads(ProcessHandle root) {
        Map<Long, ThreadTicks> m = new HashMap<>();
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        for (ProcessHandle h : all) {
            String role = h.equals(root) ? "device" : "child " + h.pid();
            Path proc = Path.of("/proc", Long.toString(h.pid()), "task");
            try (var tasks = Files.newDirectoryStream(proc)) {
                for (Path t : tasks) {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        m.put(Long.parseLong(t.getFileName().toString()),
                                new ThreadTicks(role, name, Long.parseLong(f[11]) + Long.parseLong(f[12])));
                    } catch (IOException | RuntimeException e) {
                        // a thread that ended meanwhile
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a process that ended meanwhile
            }
        }
        return m;
    }

    static boolean answers(Path sock) {
        try {
            return SocketPaths.answers(sock);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The peak and current RSS of a process, from /proc/PID/status (VmHWM, VmRSS), sampled while it runs. */
    static final class Peak {
        private final Path status;
        private long hwm;
        private long rss;

        Peak(long pid) {
            this.status = Path.of("/proc", Long.toString(pid), "status");
        }

        void sample() {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmHWM:")) {
                        hwm = Math.max(hwm, kb(line));
                    } else if (line.startsWith("VmRSS:")) {
                        rss = kb(line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone, or not Linux: what was sampled stays
            }
        }

        private static long kb(String line) {
            return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }

        long hwmKb() {
            return hwm;
        }

        long rssKb() {
            return rss;
        }
    }
}

package org.hitlmidi.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The text of the service files: pure functions of the command that starts the device. */
public final class ServiceFiles {
    /** The systemd unit's name, and (without .service) what `systemctl --user` calls it. */
    public static final String UNIT = "hitl-midi.service";
    /** The launchd job's label, which is also its plist's file name without .plist. */
    public static final String LABEL = "org.hitlmidi.device";

    private ServiceFiles() {
    }

    /**
     * A systemd user unit that starts the device at login and restarts it when it fails (not when it was
     * stopped on purpose). After= names the usual audio servers so JACK/PipeWire clients find theirs running;
     * a unit named there that does not exist is simply ignored by systemd.
     */
    public static String systemdUnit(List<String> command) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < command.size(); i++) {
            words.add(systemdQuote(command.get(i), i == 0));
        }
        return "# Written by `hitl-midi service install`; `hitl-midi service uninstall` removes it.\n"
                + "[Unit]\n"
                + "Description=hitl-midi device: a MIDI generator that learns from your ratings\n"
                + "After=pipewire.service jack.service\n"
                + "\n"
                + "[Service]\n"
                + "Type=simple\n"
                + "ExecStart=" + String.join(" ", words) + "\n"
                + "Restart=on-failure\n"
                + "RestartSec=3\n"
                + "\n"
                + "[Install]\n"
                + "WantedBy=default.target\n";
    }

    /**
     * A launchd agent with the same behaviour: RunAtLoad starts it at login, KeepAlive/SuccessfulExit=false
     * restarts it only after a failure, ProcessType Interactive keeps its MIDI timing from being throttled.
     */
    public static String launchdPlist(List<String> command, Path log) {
        StringBuilder args = new StringBuilder();
        for (String arg : command) {
            args.append("    <string>").append(xml(arg)).append("</string>\n");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                + "<!-- Written by `hitl-midi service install`; `hitl-midi service uninstall` removes it. -->\n"
                + "<plist version=\"1.0\">\n"
                + "<dict>\n"
                + "  <key>Label</key>\n"
                + "  <string>" + LABEL + "</string>\n"
                + "  <key>ProgramArguments</key>\n"
                + "  <array>\n"
                + args
                + "  </array>\n"
                + "  <key>RunAtLoad</key>\n"
                + "  <true/>\n"
                + "  <key>KeepAlive</key>\n"
                + "  <dict>\n"
                + "    <key>SuccessfulExit</key>\n"
                + "    <false/>\n"
                + "  </dict>\n"
                + "  <key>ProcessType</key>\n"
                + "  <string>Interactive</string>\n"
                + "  <key>StandardOutPath</key>\n"
                + "  <string>" + xml(log.toString()) + "</string>\n"
                + "  <key>StandardErrorPath</key>\n"
                + "  <string>" + xml(log.toString()) + "</string>\n"
                + "</dict>\n"
                + "</plist>\n";
    }

    /**
     * One ExecStart word: '%' starts a specifier everywhere, so it is doubled; '$' starts a variable only in
     * arguments (systemd does not expand the program path), so it is doubled there alone; a word with spaces,
     * quotes or backslashes is double-quoted with C-style escapes.
     */
    static String systemdQuote(String arg, boolean program) {
        String s = arg.replace("%", "%%");
        s = program ? s : s.replace("$", "$$");
        if (!s.isEmpty() && s.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '\\'
                || c == ';')) {
            return s;
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

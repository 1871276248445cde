package org.hitlmidi.control;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Optional;

/** Who answers on a socket (SO_PEERCRED), without the JSON codec: the CLI's quick path checks it too. */
public final class Peers {
    private Peers() {
    }

    /**
     * The user running the process at the other end when it is not ours; null when it is ours or none can tell.
     * Ours is first the JVM's {@code user.name} (the same getpwuid of our uid, read at JVM start), so the CLI's quick
     * path loads no JAAS library for it (issue 13, start-up); only a name that differs (or "?", a uid without a
     * passwd entry) is checked against {@link Users}, which asks the OS.
     */
    public static String foreignUser(SocketChannel ch) throws IOException {
        String peer;
        try {
            peer = ch.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
        } catch (UnsupportedOperationException e) {
            return null; // an OS without Unix users (Windows): the socket's ACL is all there is
        }
        if (peer.equals(System.getProperty("user.name"))) {
            return null;
        }
        Optional<String> me = Users.name();
        if (me.isEmpty()) {
            return null;
        }
        return peer.equals(me.get()) ? null : peer;
    }

    static String message(Path socket, String peer) {
        return "the process answering on " + socket + " runs as user '" + peer + "', not as you ('"
                + Users.name().orElse("?") + "'): nothing was sent to it. Another user may have put it there; check who owns "
                + socket.getParent();
    }
}

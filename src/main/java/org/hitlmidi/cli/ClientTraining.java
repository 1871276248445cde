package org.hitlmidi.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.hitlmidi.store.DataDirs;

/**
 * The training run of the CLI quick path's class-data archive (issue 13, start-up): one session command line through
 * {@link QuickClient}, the very code a {@code hitl-midi status} runs, against a stand-in device on a socket of its own
 * that answers a {@code cli} request as the device does. Run with {@code -XX:DumpLoadedClassList}, it lists the classes
 * a quick command loads whether or not a device runs at the time (installer/hitl-midi builds the archive from that
 * list, once per jar, with {@code -Xshare:dump}). With an argument it also copies the JDK's own class list there (the
 * classes of its default archive, which the static archive replaces: the long way needs them).
 */
public final class ClientTraining {
    private ClientTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("hitl-midi-client-training");
        try {
            int code = train(dir);
            if (code != 0) {
                System.err.println("hitl-midi: the client's training run got exit code " + code);
                System.exit(1);
            }
            if (args.length > 0) {
                Files.copy(Path.of(System.getProperty("java.home"), "lib", "classlist"), Path.of(args[0]),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            DataDirs.deleteTree(dir);
        }
    }

    /** One quick command against the stand-in device; its exit code (0 when the reply came through). */
    static int train(Path dir) throws IOException, InterruptedException, NoSuchMethodException {
        Path sock = dir.resolve("c.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread device = new Thread(() -> answer(server), "training device");
            device.setDaemon(true);
            device.start();
            // the entry class, as the java launcher finds its main method (which loads the types of every public
            // method's signature)
            Main.class.getMethod("main", String[].class);
            PrintStream none = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
            int code = QuickClient.tryRun(new String[] {"--data-dir", dir.resolve("data").toString(), "--socket",
                sock.toString(), "status"}, none, none);
            device.join(10_000);
            return code;
        }
    }

    /** Reads one request line and answers it as a device answers `cli` (every kind of JSON value in it). */
    private static void answer(ServerSocketChannel server) {
        try (SocketChannel c = server.accept()) {
            ByteBuffer b = ByteBuffer.allocate(8192);
            while (c.read(b) > 0 && b.get(b.position() - 1) != '\n') {
                if (!b.hasRemaining()) {
                    break;
                }
            }
            String reply = "{\"ok\":true,\"out\":\"device \\\"training\\\"\\n\\u00e9\",\"err\":\"\",\"code\":0,"
                    + "\"x\":[1.5,-2,null,false,{}]}\n";
            c.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // the client then goes the long way and says the code; the training run fails on it
        }
    }
}

package dev.integrity.platform.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * A WebSocket client that writes frames byte by byte, so a test can send what well-behaved clients
 * (the JDK's included) never do: one frame over the server's frame limit, a text frame that is not
 * UTF-8, a continuation without a start, an unmasked frame. It reads the server's frames as they
 * come. Only for tests against 127.0.0.1.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    /** One frame from the server; {@link #closeCode()} for a close frame. */
    public record Frame(int opcode, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens the socket and completes the upgrade; throws if the server does not answer 101. */
    public static RawWebSocket connect(String host, int port, String path, Map<String, String> headers) throws IOException {
        Socket socket = new Socket(host, port);
        socket.setSoTimeout(20_000);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(':').append(port).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        String head = readHead(socket.getInputStream());
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("the upgrade was refused: " + head.lines().findFirst().orElse(head));
        }
        return new RawWebSocket(socket);
    }

    /** A whole, masked text message in one frame. */
    public void text(String message) throws IOException {
        frame(true, 0, TEXT, message.getBytes(StandardCharsets.UTF_8), true);
    }

    /** A whole, masked binary message in one frame. */
    public void binary(byte[] message) throws IOException {
        frame(true, 0, BINARY, message, true);
    }

    /** A masked ping carrying {@code payload}; the server answers with a pong carrying the same. */
    public void ping(byte[] payload) throws IOException {
        frame(true, 0, PING, payload, true);
    }

    /**
     * Writes one frame exactly as given: fin, the three reserved bits ({@code rsv}, 0..7), opcode,
     * payload, and whether it is masked (a client must mask; a server must refuse it otherwise).
     */
    public void frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | opcode & 0xF);
        int mask = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(mask | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(mask | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length);
        } else {
            frame.write(mask | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift));
            }
        }
        byte[] body = payload;
        if (masked) {
            byte[] key = new byte[4];
            RANDOM.nextBytes(key);
            frame.write(key, 0, 4);
            body = new byte[payload.length];
            for (int i = 0; i < payload.length; i++) {
                body[i] = (byte) (payload[i] ^ key[i & 3]);
            }
        }
        frame.write(body, 0, body.length);
        try {
            out.write(frame.toByteArray());
            out.flush();
        } catch (IOException e) {
            // The server may close while a large frame is still being written; what it sent first is read next.
        }
    }

    /** The server's next frame other than a ping or pong, or null once the connection has ended. */
    public Frame next() throws IOException {
        while (true) {
            Frame frame = nextFrame();
            if (frame == null || frame.opcode() != PING && frame.opcode() != PONG) {
                return frame;
            }
        }
    }

    /** The server's next frame of any kind, pings and pongs included, or null once the connection has ended. */
    public Frame nextFrame() throws IOException {
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            throw new IOException("no frame from the server within 20 s", e);
        } catch (IOException e) {
            return null;   // reset by the server
        }
        if (first < 0) {
            return null;
        }
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            return null;
        }
        return new Frame(first & 0xF, payload);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed during the upgrade");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}

package io.capstan.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks free loopback ports for the processes under test. A port is free when picked and may be taken
 * before the process binds it; the ports of one control plane are distinct, and a start that loses the
 * race fails with the process's own "cannot listen" message in its log.
 */
final class FreePorts {
    private final Set<Integer> handedOut = new HashSet<>();

    synchronized int next() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = socket.getLocalPort();
                if (handedOut.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot find a free port", e);
            }
        }
        throw new IllegalStateException("no distinct free port after 50 attempts");
    }
}

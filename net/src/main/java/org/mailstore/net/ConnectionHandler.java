package org.mailstore.net;

import java.io.IOException;
import java.net.Socket;

/** Serves one accepted connection until it ends; runs on its own virtual thread. */
@FunctionalInterface
public interface ConnectionHandler {
    void serve(Socket socket, String sessionId) throws IOException;
}

package org.mailstore.imapd;

import java.io.IOException;

/**
 * IDLE (RFC 2177, RFC 9051 §6.3.13): the session thread waits for the client's DONE while an {@link IdlePusher}
 * sends what changes in the selected mailbox as the change listener reports it. The autologout timer keeps
 * running: a client re-arms it by ending IDLE and starting it again, as RFC 2177 asks clients to do every 29 minutes.
 */
final class IdleCommand {
    static final String DONE = "DONE";

    private IdleCommand() {}

    static String idle(ImapSession s) throws IOException {
        s.out.atom("+ idling").crlf().flush();
        IdlePusher pusher = new IdlePusher(s);
        s.idlePusher = pusher;
        String line;
        s.input.paused(true);
        try {
            if (s.selected != null) s.selected.mustCheck.set(true);
            pusher.start();
            line = s.continuationLine();
        } finally {
            s.idlePusher = null;
            pusher.stop();
            s.input.paused(false);
        }
        if (line == null) {
            s.close();
            return null;
        }
        if (!line.equalsIgnoreCase(DONE)) return "BAD Expected DONE.";
        return "OK IDLE terminated.";
    }

    /** Called by the change listener's thread: lets a waiting IDLE look at the database. */
    static void wake(ImapSession s) {
        IdlePusher p = s.idlePusher;
        if (p != null) p.wake();
    }
}

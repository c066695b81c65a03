package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailstore.schema.testing.LogCapture;

/**
 * What a client gets wrong itself (CREATE of a mailbox that exists) is logged at INFO, and a SELECT of one that does
 * not exist at no level above it: clients do both routinely, and a WARN for each drowned the warnings that need an
 * operator (the crash torture's serve log had one per IMAP session start). The client still gets its NO with the
 * response code.
 */
class RefusalLogLevelTest {
    @Test
    void aClientsOwnMistakeIsAnInfoLineNotAWarning() throws Exception {
        try (LogCapture log = LogCapture.of(ImapSession.class.getName())) {
            try (LiveServer live = LiveServer.start()) {
                live.fixture.account("alice@example.org");
                try (ImapClient c = new ImapClient(live.address())) {
                    c.login("alice@example.org");
                    c.send("a CREATE INBOX");
                    assertTrue(c.readTagged("a").startsWith("a NO [ALREADYEXISTS] "));
                    c.send("b SELECT Nowhere");
                    assertTrue(c.readTagged("b").startsWith("b NO [NONEXISTENT] "));
                }
            }
            assertEquals(List.of(), log.warnings());
            assertTrue(log.events().stream().anyMatch(e -> e.getLevel() == Level.INFO
                    && e.getFormattedMessage().equals("CREATE refused: mailbox already exists: INBOX (ALREADY_EXISTS)")), log.messages()::toString);
        }
    }
}

package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What a client gets wrong itself (CREATE of a mailbox that exists) is logged at INFO, and a SELECT of one that does
 * not exist at no level above it: clients do both routinely, and a WARN for each drowned the warnings that need an
 * operator (the crash torture's serve log had one per IMAP session start). The client still gets its NO with the
 * response code.
 */
class RefusalLogLevelTest {
    @Test
    void aClientsOwnMistakeIsAnInfoLineNotAWarning() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(ImapSession.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try (LiveServer live = LiveServer.start()) {
            live.fixture.account("alice@example.org");
            try (ImapClient c = new ImapClient(live.address())) {
                c.login("alice@example.org");
                c.send("a CREATE INBOX");
                assertTrue(c.readTagged("a").startsWith("a NO [ALREADYEXISTS] "));
                c.send("b SELECT Nowhere");
                assertTrue(c.readTagged("b").startsWith("b NO [NONEXISTENT] "));
            }
        } finally {
            logger.detachAppender(events);
        }
        List<String> warnings = events.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of(), warnings);
        assertTrue(events.list.stream().anyMatch(e -> e.getLevel() == Level.INFO
                && e.getFormattedMessage().equals("CREATE refused: mailbox already exists: INBOX (ALREADY_EXISTS)")), events.list.toString());
    }
}

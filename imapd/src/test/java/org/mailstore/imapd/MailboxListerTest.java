package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MailboxListerTest {
    @Test
    void percentStopsAtTheDelimiterAndStarDoesNot() {
        Pattern percent = MailboxLister.glob("Archive/%");
        assertTrue(percent.matcher("Archive/2026").matches());
        assertFalse(percent.matcher("Archive/2026/11").matches());
        assertTrue(MailboxLister.glob("Archive/*").matcher("Archive/2026/11").matches());
        assertFalse(MailboxLister.glob("%").matcher("Archive/2026").matches());
    }

    @Test
    void inboxMatchesInAnyCaseOtherNamesExactly() {
        assertTrue(MailboxLister.glob("inbox").matcher("INBOX").matches());
        assertTrue(MailboxLister.glob("InBox/%").matcher("INBOX/x").matches());
        assertFalse(MailboxLister.glob("sent").matcher("Sent").matches());
        assertFalse(MailboxLister.glob("inboxes").matcher("INBOXES").matches());
    }

    @Test
    void regexCharactersInNamesAreLiteral() {
        assertTrue(MailboxLister.glob("a.b(c)").matcher("a.b(c)").matches());
        assertFalse(MailboxLister.glob("a.b").matcher("axb").matches());
    }
}

package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What SORT and THREAD take from a cached header: RFC 5256 §3 keys and RFC 5957 display names. */
class SortKeysTest {

    private static SortKeys of(String header) {
        return SortKeys.of(header.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void addressKeysAreTheFirstAddressCaseMapped() {
        SortKeys k = of("From: \"Zo\u00eb Smith\" <Zoe.Smith@Example.org>, other@example.org\r\n"
                + "To: undisclosed:;, bob@example.org\r\nCc: (comment) Carl <carl@x.example>\r\n"
                + "Subject: Re: [list] Hi\r\n\r\nbody");
        assertEquals("ZOE.SMITH", k.from());
        assertEquals("ZO\u00eb SMITH", k.displayFrom());
        assertEquals("BOB", k.to());
        assertEquals("BOB@EXAMPLE.ORG", k.displayTo());
        assertEquals("CARL", k.cc());
        assertEquals(new BaseSubject("HI", true), k.subject());
    }

    @Test
    void displayNamesAreDecodedAndMissingOnesAreTheAddress() {
        SortKeys k = of("From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.org>\r\nTo: bob@example.org (Bob Jones)\r\n\r\n");
        assertEquals("ANDR\u00e9", k.displayFrom());
        assertEquals("BOB JONES", k.displayTo());
        SortKeys none = of("Subject: x\r\n\r\n");
        assertEquals("", none.from());
        assertEquals("", none.displayFrom());
        assertEquals("", none.cc());
    }

    @Test
    void sentDateHonoursZonesAndObsoleteForms() {
        assertEquals(Instant.parse("2008-06-03T09:05:30Z").toEpochMilli(),
                of("Date: Tue, 3 Jun 2008 11:05:30 +0200\r\n\r\n").sentDate());
        assertEquals(Instant.parse("1999-01-02T08:00:00Z").toEpochMilli(),
                of("Date: 2 Jan 99 03:00 EST\r\n\r\n").sentDate());
        assertEquals(Instant.parse("2020-12-31T23:59:59Z").toEpochMilli(),
                of("Date: Thu, 31 Dec 2020 23:59:59 GMT (UTC)\r\n\r\n").sentDate());
        assertEquals(SortKeys.NO_DATE, of("Date: yesterday\r\n\r\n").sentDate());
        assertEquals(SortKeys.NO_DATE, of("Date: 31 Feb 2020 10:00:00 +0000\r\n\r\n").sentDate());
        assertEquals(SortKeys.NO_DATE, of("Subject: none\r\n\r\n").sentDate());
    }

    @Test
    void threadingIdsComeFromReferencesOrElseInReplyTo() {
        SortKeys k = of("Message-ID: <c@x>\r\nReferences: <a@x>\r\n <b@x> <not-an-id>\r\nIn-Reply-To: <z@x>\r\n\r\n");
        assertEquals("<c@x>", k.messageId());
        assertEquals(List.of("<a@x>", "<b@x>"), k.references());
        SortKeys reply = of("Message-ID: junk\r\nIn-Reply-To: Bob's message <q@x> of Monday <r@x>\r\n\r\n");
        assertNull(reply.messageId());
        assertEquals(List.of("<q@x>"), reply.references());
    }

    @Test
    void referencesAreBoundedKeepingTheNearest() {
        StringBuilder refs = new StringBuilder("References:");
        for (int i = 0; i < SortKeys.MAX_REFERENCES + 5; i++) refs.append(" <r").append(i).append("@x>");
        List<String> kept = of(refs + "\r\n\r\n").references();
        assertEquals(SortKeys.MAX_REFERENCES, kept.size());
        assertEquals("<r5@x>", kept.getFirst());
        assertEquals("<r" + (SortKeys.MAX_REFERENCES + 4) + "@x>", kept.getLast());
    }
}

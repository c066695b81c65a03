package org.mailstore.imapd.parse;

import java.util.List;

/** Valid client input, one or more whole commands each (with literals), from the RFCs and from real clients. */
final class Samples {
    static final List<String> VALID = List.of(
            "abcd CAPABILITY\r\n",
            "a002 NOOP\r\n",
            "A023 LOGOUT\r\n",
            "a023 ID (\"name\" \"sodr\" \"version\" \"19.34\" \"vendor\" \"Pink Floyd Music Limited\")\r\n",
            "a ID NIL\r\n",
            "a001 LOGIN SMITH SESAME\r\n",
            "a LOGIN {11}\r\nfred foobar {7+}\r\nfat man\r\n",
            "a AUTHENTICATE PLAIN AHRlc3QAdGVzdDE=\r\n",
            "A001 AUTHENTICATE GSSAPI\r\n",
            "t1 ENABLE IMAP4rev2 UTF8=ACCEPT\r\n",
            "A142 SELECT INBOX\r\n",
            "A932 EXAMINE blurdybloop\r\n",
            "A003 CREATE owatagusiam/\r\n",
            "a CREATE \"Entw\u00fcrfe\"\r\n",
            "a CREATE ~peter/mail/&U,BTFw-/&ZeVnLIqe-\r\n",
            "t1 CREATE \"Important Messages\" (USE (\\Important))\r\n",
            "a CREATE Mine (USE (\\Drafts \\Sent))\r\n",
            "A1 UNAUTHENTICATE\r\n",
            "a COMPRESS DEFLATE\r\n",
            "A682 DELETE blurdybloop\r\n",
            "A683 RENAME blurdybloop sarasoop\r\n",
            "A002 SUBSCRIBE #news.comp.mail.mime\r\n",
            "A002 UNSUBSCRIBE #news.comp.mail.mime\r\n",
            "A101 LIST \"\" \"\"\r\n",
            "A202 LIST ~/Mail/ %\r\n",
            "A05 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" \"%\" RETURN (CHILDREN)\r\n",
            "A06 LIST \"\" (\"INBOX\" \"Drafts\" \"Sent/%\")\r\n",
            "A01 LIST \"\" % RETURN (STATUS (MESSAGES UNSEEN) SPECIAL-USE)\r\n",
            "t1 LIST (SPECIAL-USE) \"\" \"*\"\r\n",
            "A002 LSUB \"#news.\" \"comp.mail.*\"\r\n",
            "A001 NAMESPACE\r\n",
            "A042 STATUS blurdybloop (UIDNEXT MESSAGES SIZE DELETED)\r\n",
            "G0001 GETQUOTA \"!partition/sda4\"\r\n",
            "G0002 GETQUOTAROOT INBOX\r\n",
            "S0001 SETQUOTA \"#user/alice\" (STORAGE 510 MESSAGE 1000)\r\n",
            "a SETQUOTA {0}\r\n ()\r\n",
            "A003 APPEND saved-messages (\\Seen) {23}\r\nSubject: hi\r\n\r\nHello!\r\n\r\n",
            "a APPEND INBOX (\\Seen $Forwarded) \" 7-Feb-1994 21:52:25 -0800\" {5+}\r\nhello\r\n",
            "a APPEND {5}\r\nDraft {2}\r\nhi\r\n",
            "a002 IDLE\r\n",
            "FXXZ CHECK\r\n",
            "A341 CLOSE\r\n",
            "A342 UNSELECT\r\n",
            "A202 EXPUNGE\r\n",
            "A003 UID EXPUNGE 3000:3002\r\n",
            "A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"\r\n",
            "A282 SEARCH RETURN (MIN COUNT) OR (UNSEEN LARGER 10) HEADER X-Spam \"\" UID 1:*\r\n",
            "A284 SEARCH CHARSET UTF-8 TEXT {12}\r\n\u65e5\u672c\u8a9e\u3060\r\n",
            "a UID SEARCH RETURN (SAVE) KEYWORD $Junk SENTBEFORE \"1-Jan-2000\" NEW OLD RECENT 2,4:*\r\n",
            "a1 SEARCH UNSEEN YOUNGER 259200 OR OLDER 1 NOT YOUNGER 4294967295\r\n",
            "a2 UID SEARCH SAVEDSINCE 1-Feb-2017 NOT SAVEDATESUPPORTED OR SAVEDBEFORE \"1-Jan-2000\" SAVEDON 2-Jan-2000\r\n",
            "a3 UID FETCH 1:* (UID SAVEDATE)\r\n",
            "a4 SEARCH OR EMAILID M6d99ac3275bb4e THREADID T64b478a75b7ea9\r\n",
            "a5 FETCH 1:* (EMAILID THREADID)\r\n",
            "a6 STATUS foo (MAILBOXID MESSAGES)\r\n",
            "a7 SELECT INBOX (CONDSTORE)\r\n",
            "s100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)\r\n",
            "a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted)\r\n",
            "a SEARCH MODSEQ \"/flags/\\\\draft\" all 620162338\r\n",
            "a STATUS blurdybloop (UIDNEXT HIGHESTMODSEQ)\r\n",
            "a FETCH 1:* (MODSEQ)\r\n",
            "A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])\r\n",
            "A999 UID FETCH 4827313:4828442 FLAGS\r\n",
            "a UID FETCH 1:* (UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (From To Cc Subject Date "
                    + "Message-ID References In-Reply-To Content-Type)])\r\n",
            "a FETCH 1 (BODY[1.2.MIME] BODY.PEEK[TEXT]<0.1024> BODYSTRUCTURE ENVELOPE RFC822.HEADER)\r\n",
            "a FETCH $ FULL\r\n",
            "A003 STORE 2:4 +FLAGS (\\Deleted)\r\n",
            "a UID STORE 1,3:5 -FLAGS.SILENT \\Seen $Label1\r\n",
            "A003 COPY 2:4 MEETING\r\n",
            "a UID MOVE 42:69 {3}\r\nfoo\r\n");

    private Samples() {}

    /** All samples as one conversation. */
    static String all() {
        return String.join("", VALID);
    }
}

package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressParserTest {

    private static String imap(String header) {
        StringBuilder out = new StringBuilder();
        for (Address a : AddressParser.parse(header)) {
            a.write(out);
        }
        return out.toString();
    }

    @Test
    void nameAddrAndAddrSpec() {
        assertEquals("(\"John Q. Public\" NIL \"jqp\" \"example.com\")(NIL NIL \"a.b\" \"c.example\")",
                imap("John Q. Public <jqp@example.com>, a . b @ c.example"));
    }

    @Test
    void commentsAreDroppedFromNamesButNameABareAddress() {
        assertEquals("(\"John Doe\" NIL \"j\" \"x.example\")", imap("John (the man) Doe <j@x.example>"));
        assertEquals("(\"Jane\" NIL \"jane\" \"x.example\")", imap("jane@x.example (Jane)"));
    }

    @Test
    void emptyOrBlankHeadersHaveNoAddresses() {
        assertEquals(List.of(), AddressParser.parse(""));
        assertEquals(List.of(), AddressParser.parse("   (only a comment) "));
        assertEquals(List.of(), AddressParser.parse(null));
    }

    @Test
    void groupsOpenAndCloseEvenWhenUnterminated() {
        assertEquals("(NIL NIL \"g\" NIL)(NIL NIL \"a\" \"b.example\")(NIL NIL NIL NIL)", imap("g: a@b.example"));
        assertEquals("(NIL NIL \"empty\" NIL)(NIL NIL NIL NIL)(NIL NIL \"x\" \"y.example\")", imap("empty:;, x@y.example"));
    }

    @Test
    void missingPiecesGetPlaceholdersThatStrictClientsAccept() {
        assertEquals("(NIL NIL \"root\" \"missing-domain.invalid\")", imap("root"));
        assertEquals("(NIL NIL \"MISSING_MAILBOX\" \"example.com\")", imap("<@example.com>"));
        assertEquals("(NIL NIL \"MISSING_MAILBOX\" \"example.com\")", imap("@example.com"));
        assertEquals("(\"R\" \"@a.example,@b.example\" \"u\" \"c.example\")", imap("R <@a.example,@b.example:u@c.example>"));
        assertEquals("", imap("<>"));
    }

    @Test
    void quotedLocalPartsStayQuotedWhenTheyMustBe() {
        assertEquals("(NIL NIL \"\\\"a b\\\"\" \"x.example\")(NIL NIL \"ab\" \"x.example\")",
                imap("\"a b\"@x.example, \"ab\"@x.example"));
    }

    @Test
    void garbageIsSkippedToTheNextComma() {
        assertEquals("(NIL NIL \"a\" \"x.example\")(NIL NIL \"b\" \"x.example\")", imap("a@x.example, [junk>, b@x.example"));
        assertEquals("(\"A\" NIL \"a\" \"x.example\")(NIL NIL \"b\" \"x.example\")", imap("A <a@x.example, b@x.example"));
    }
}

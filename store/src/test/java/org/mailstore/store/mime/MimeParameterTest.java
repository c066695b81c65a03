package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MimeParameterTest {

    private static List<MimeParameter> parse(String afterType) {
        return MimeParameter.parseList(new ValueScanner(afterType));
    }

    @Test
    void tokensAndQuotedStrings() {
        assertEquals(List.of(new MimeParameter("Charset", "UTF-8"), new MimeParameter("name", "a \"b\".txt")),
                parse("; Charset=UTF-8 ; name=\"a \\\"b\\\".txt\""));
    }

    @Test
    void brokenParametersAreSkippedToTheNextSemicolon() {
        assertEquals(List.of(new MimeParameter("b", "2"), new MimeParameter("c", "")),
                parse(" junk; =1; b=2 trailing; c="));
        assertEquals(List.of(new MimeParameter("name", "=?utf-8?q?x?=")), parse("; name==?utf-8?q?x?="));
    }

    @Test
    void rfc2231ContinuationsAreJoined() {
        assertEquals(List.of(new MimeParameter("a", "plain"), new MimeParameter("title", "onetwo")),
                parse("; title*1=two; a=plain; title*0=one"));
    }

    @Test
    void extendedPiecesKeepTheirEncodingAndEscapePlainOnes() {
        assertEquals(List.of(new MimeParameter("f*", "''100%25 %E2%82%AC")), parse("; f*0=\"100% \"; f*1*=%E2%82%AC"));
        assertEquals(List.of(new MimeParameter("f*", "utf-8'en'%E2%82%AC")), parse("; f*=utf-8'en'%E2%82%AC"));
    }

    @Test
    void piecesWithAGapAreLeftAsTheyCame() {
        assertEquals(List.of(new MimeParameter("f*0", "a"), new MimeParameter("f*2", "c")), parse("; f*0=a; f*2=c"));
    }
}

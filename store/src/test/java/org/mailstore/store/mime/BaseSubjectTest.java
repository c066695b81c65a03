package org.mailstore.store.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5256 §2.1 base subject extraction, step by step, and whether it saw a reply or forward. */
class BaseSubjectTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\" reply={2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "Hello|HELLO|false",
            "Re: Hello|HELLO|true",
            "RE: Hello|HELLO|true",
            "re:Hello|HELLO|true",
            "Fw: Hello|HELLO|true",
            "Fwd: Hello|HELLO|true",
            "FWD : Hello|HELLO|true",
            "Re: Re: RE: Fwd: Hello|HELLO|true",
            "Re[2]: Hello|HELLO|true",
            "Re [2]: Hello|HELLO|true",
            "[list] Hello|HELLO|false",
            "[list] Re: Hello|HELLO|true",
            "Re: [list] Re: [other] Hello|HELLO|true",
            "[list][tag] Hello|HELLO|false",
            "Hello (fwd)|HELLO|true",
            "Hello (FWD) (fwd)  |HELLO|true",
            "[Fwd: Hello]|HELLO|true",
            "[fwd: Re: Hello (fwd)]|HELLO|true",
            "Re: [Fwd: [list] Hello]|HELLO|true",
            "'  Hello   \t  World  '|HELLO WORLD|false",
            "[only a blob]|[ONLY A BLOB]|false",
            "[blob]|[BLOB]|false",
            "Re: [blob]|[BLOB]|true",
            "Reply: Hello|REPLY: HELLO|false",
            "Fwdx: Hello|FWDX: HELLO|false",
            "Re Hello|RE HELLO|false",
            "[broken Hello|[BROKEN HELLO|false",
            "Hello [list]|HELLO [LIST]|false",
            "''||false",
            "Re:|''|true",
            "Re: (fwd)|''|true",
            "caf\u00e9 Re: b\u00e4r|CAF\u00e9 RE: B\u00e4R|false",
    })
    void extracts(String subject, String base, boolean reply) {
        BaseSubject extracted = BaseSubject.of(subject);
        assertEquals(base == null ? "" : base, extracted.text());
        assertEquals(reply, extracted.replyOrForward());
    }

    @Test
    void encodedWordsAreDecodedFirst() {
        assertEquals(new BaseSubject("HELLO WORLD", true), BaseSubject.of("=?UTF-8?Q?Re=3A_Hello?= =?ISO-8859-1?Q?_World?="));
        assertEquals(new BaseSubject("\u00c9T\u00e9", false), BaseSubject.of("=?UTF-8?B?w4l0w6k=?="));
        assertEquals(new BaseSubject("HELLO", true), BaseSubject.of("=?UTF-8?Q?Fwd:?= [list]\r\n Hello"));
    }

    @Test
    void noSubjectIsEmpty() {
        assertEquals(BaseSubject.EMPTY, BaseSubject.of(null));
    }
}

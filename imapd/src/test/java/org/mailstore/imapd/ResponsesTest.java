package org.mailstore.imapd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesTest {
    @Test
    void setsCollapseRuns() {
        assertEquals("1:3,7,9:10", Responses.set(new long[] {1, 2, 3, 7, 9, 10}));
        assertEquals("", Responses.set(new long[0]));
    }

    @Test
    void copyUidSetsPairRunsOnBothSides() {
        assertArrayEquals(new String[] {"1:2,5", "10:11,12"}, Responses.pairedSets(List.of(1L, 2L, 5L), List.of(10L, 11L, 12L)));
    }

    @Test
    void internalDatePadsTheDayWithASpace() {
        assertEquals("\" 5-Nov-2026 09:08:07 +0000\"", Responses.internalDate(Instant.parse("2026-11-05T09:08:07Z")));
        assertEquals("\"25-Nov-2026 10:00:00 +0000\"", Responses.internalDate(Instant.parse("2026-11-25T10:00:00Z")));
    }
}

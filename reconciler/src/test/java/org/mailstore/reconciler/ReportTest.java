package org.mailstore.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void findingsStreamOnePerLineAndTheSummaryComesLast() {
        StringWriter out = new StringWriter();
        try (Report report = Report.to(out, "mailstore reconcile", Findings.details("started", "2026-11-25T10:00:00Z"))) {
            Findings findings = new Findings(report, false);
            findings.repairable(FindingKind.MESSAGE_REPLAYED, Findings.details("account", "a@example.org", "uid", 5L));
            findings.unresolved(FindingKind.MISSING_BLOB, Findings.details("note", "quote \" backslash \\ newline \n tab \t \u0001"));
            findings.info(FindingKind.ORPHAN_BLOB, Findings.details("list", List.of(1, "x"), "empty", List.of(), "none", null));
            report.summary(Findings.details("needingAction", findings.needingAction(), "counts", Findings.details("missing-blob", 1)));
        }
        assertEquals("{\"report\":\"mailstore reconcile\",\"version\":1,\"started\":\"2026-11-25T10:00:00Z\",\"findings\":[\n"
                + "{\"kind\":\"message-replayed\",\"status\":\"repaired\",\"account\":\"a@example.org\",\"uid\":5},\n"
                + "{\"kind\":\"missing-blob\",\"status\":\"unresolved\",\"note\":\"quote \\\" backslash \\\\ newline \\n tab \\t \\u0001\"},\n"
                + "{\"kind\":\"orphan-blob\",\"status\":\"info\",\"list\":[1,\"x\"\n],\"empty\":[\n],\"none\":null}\n"
                + "],\"summary\":{\"needingAction\":1,\"counts\":{\"missing-blob\":1}}}", out.toString());
    }

    @Test
    void aCheckMarksRepairableFindingsToRepair() {
        Findings findings = new Findings(Report.none(), true);
        findings.repairable(FindingKind.UIDNEXT_RAISED, Findings.details());
        findings.info(FindingKind.ORPHAN_BLOB, Findings.details());
        assertEquals(1, findings.count(Finding.Status.TO_REPAIR));
        assertEquals(1, findings.needingAction());
    }
}

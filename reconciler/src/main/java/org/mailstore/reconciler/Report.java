package org.mailstore.reconciler;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The JSON report of a run, written as the run goes:
 * <pre>{"report": "mailstore reconcile", "version": 1, "started": …, "options": {…},
 *  "findings": [ {"kind": …, "status": …, …}, … one per line … ],
 *  "summary": {"counts": {…}, …}}</pre>
 * Findings stream to the file, so the report of a million orphan blobs costs no memory; the
 * summary comes last because only then are the counts known. Without a file nothing is written.
 */
final class Report implements AutoCloseable {
    /** Bumped when a field changes meaning or disappears; new fields do not bump it. */
    static final int FORMAT_VERSION = 1;

    private final JsonWriter json;

    private Report(JsonWriter json) {
        this.json = json;
    }

    static Report none() {
        return new Report(null);
    }

    static Report to(Path file, String command, Map<String, Object> header) {
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8));
            return to(w, command, header);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file + ": " + e.getMessage(), e);
        }
    }

    static Report to(Writer out, String command, Map<String, Object> header) {
        JsonWriter json = new JsonWriter(out);
        json.beginObject().name("report").value(command).name("version").value(FORMAT_VERSION);
        header.forEach((k, v) -> json.name(k).value(v));
        json.name("findings").beginArray();
        return new Report(json);
    }

    void finding(Finding f) {
        if (json != null) json.element(f.toJson());
    }

    /** Ends the findings and writes the summary; call once, last. */
    void summary(Map<String, Object> summary) {
        if (json == null) return;
        json.endArray().name("summary").value(summary).endObject();
        json.flush();
    }

    @Override
    public void close() {
        if (json != null) json.close();
    }
}

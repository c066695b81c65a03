package org.mailstore.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code manifest.json} to and from {@link Manifest}, field by field rather than by reflection, so the file format is
 * written down here and cannot change by renaming a Java component. Unknown fields are ignored (an older reader of a
 * same-version file that gained optional fields keeps working); a higher {@code version} is refused. A version 1 file
 * reads as a full backup: no {@code base}, no {@code delta} table.
 */
final class ManifestCodec {
    static final String FORMAT = "mailstore-backup";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ManifestCodec() {}

    static void write(Path file, Manifest m) throws IOException {
        DurableFiles.writeAtomically(file, JSON.writeValueAsBytes(toJson(m)));
    }

    /** @throws InvalidManifestException when the file is not a manifest this code can read */
    static Manifest read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new InvalidManifestException(file + " is not valid JSON: " + e.getOriginalMessage());
        }
        try {
            return fromJson(file, root);
        } catch (NullPointerException | IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidManifestException(file + " is damaged: " + e.getMessage());
        }
    }

    private static ObjectNode toJson(Manifest m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT).put("version", m.version()).put("id", m.id().value())
                .put("startedAt", m.startedAt().toString()).put("snapshotAt", m.snapshotAt().toString())
                .put("finishedAt", m.finishedAt().toString()).put("schemaVersion", m.schemaVersion());
        if (m.base() != null) root.put("base", m.base().value());
        ArrayNode tables = root.putArray("tables");
        for (Manifest.TableFile t : m.tables()) {
            ObjectNode n = tables.addObject().put("name", t.name()).put("rows", t.rows()).put("delta", t.delta());
            t.columns().forEach(n.putArray("columns")::add);
            n.set("file", file(t.file()));
        }
        ArrayNode ids = root.putArray("identities");
        m.identities().forEach(i -> ids.addObject().put("table", i.table()).put("column", i.column()).put("lastValue", i.lastValue()));
        m.blobLists().forEach(f -> root.withArray("blobLists").add(file(f)));
        root.putArray("journal");
        m.journal().forEach(f -> root.withArray("journal").add(file(f)));
        ObjectNode position = root.putObject("journalPosition");
        m.journalPosition().forEach((instance, p) -> position.putObject(instance).put("segment", p.segment()).put("offset", p.offset()));
        Manifest.Counts c = m.counts();
        root.putObject("counts").put("messages", c.messages()).put("blobs", c.blobs()).put("blobBytes", c.blobBytes())
                .put("blobsCopied", c.blobsCopied()).put("blobBytesCopied", c.blobBytesCopied()).put("journalBlobs", c.journalBlobs());
        m.missingBlobs().forEach(root.putArray("missingBlobs")::add);
        return root;
    }

    private static ObjectNode file(CheckedFile f) {
        return JSON.createObjectNode().put("path", f.path()).put("bytes", f.bytes()).put("sha256", f.sha256());
    }

    private static Manifest fromJson(Path file, JsonNode root) {
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new InvalidManifestException(file + " is not a mailstore backup manifest");
        }
        int version = root.path("version").asInt(-1);
        if (version < 1 || version > Manifest.VERSION) {
            throw new InvalidManifestException(file + " has manifest version " + version + ", but this mailstore reads versions 1.."
                    + Manifest.VERSION + "; use the mailstore release that wrote it or a newer one");
        }
        List<Manifest.TableFile> tables = list(root, "tables", n -> new Manifest.TableFile(text(n, "name"),
                list(n, "columns", JsonNode::asText), n.get("rows").asLong(), checked(n.get("file")), n.path("delta").asBoolean(false)));
        JsonNode base = root.get("base");
        List<Manifest.Identity> identities = list(root, "identities",
                n -> new Manifest.Identity(text(n, "table"), text(n, "column"), n.get("lastValue").asLong()));
        JsonNode c = root.get("counts");
        Manifest.Counts counts = new Manifest.Counts(c.get("messages").asLong(), c.get("blobs").asLong(), c.get("blobBytes").asLong(),
                c.get("blobsCopied").asLong(), c.get("blobBytesCopied").asLong(), c.get("journalBlobs").asLong());
        BackupId baseId = base == null ? null : new BackupId(text(root, "base"));
        return new Manifest(version, new BackupId(text(root, "id")), instant(root, "startedAt"), instant(root, "snapshotAt"),
                instant(root, "finishedAt"), text(root, "schemaVersion"), baseId, tables, identities,
                list(root, "blobLists", ManifestCodec::checked), list(root, "journal", ManifestCodec::checked), counts,
                list(root, "missingBlobs", JsonNode::asText));
    }

    private static CheckedFile checked(JsonNode n) {
        return new CheckedFile(text(n, "path"), n.get("bytes").asLong(), text(n, "sha256"));
    }

    private static <T> List<T> list(JsonNode parent, String field, Function<JsonNode, T> element) {
        List<T> out = new ArrayList<>();
        JsonNode array = parent.get(field);
        if (array == null || !array.isArray()) throw new IllegalArgumentException("missing list '" + field + "'");
        array.forEach(n -> out.add(element.apply(n)));
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException("missing text '" + field + "'");
        return v.asText();
    }

    private static Instant instant(JsonNode n, String field) {
        return Instant.parse(text(n, field));
    }

}

package org.mailstore.store.mime;

import java.util.ArrayList;
import java.util.List;

/**
 * Flattens an entity tree into the section entries the store caches (layout in the package documentation).
 */
final class PartList {

    private final List<MimePart> parts = new ArrayList<>();

    private PartList() {
    }

    static List<MimePart> of(Entity message) {
        PartList list = new PartList();
        list.message(message, "");
        return List.copyOf(list.parts);
    }

    /** A message: its own entry, then its body as part 1 or, for a multipart body, its parts 1..n. */
    private void message(Entity message, String number) {
        String prefix = number.isEmpty() ? "" : number + ".";
        add(MimePart.messageSection(number), message);
        if (message.kind == ContentFields.Kind.MULTIPART) {
            children(message, prefix);
        } else {
            part(message, prefix + "1");
        }
    }

    private void part(Entity entity, String section) {
        add(section, entity);
        if (entity.kind == ContentFields.Kind.MULTIPART) {
            children(entity, section + ".");
        } else if (entity.kind == ContentFields.Kind.MESSAGE) {
            message(entity.embedded, section);
        }
    }

    /** Parts of a multipart; one that has none gets the empty part 1 its BODYSTRUCTURE describes. */
    private void children(Entity multipart, String prefix) {
        if (multipart.children.isEmpty()) {
            long at = multipart.bodyStart().offset();
            parts.add(new MimePart(prefix + "1", at, 0, at, 0, 0));
        }
        for (int i = 0; i < multipart.children.size(); i++) {
            part(multipart.children.get(i), prefix + (i + 1));
        }
    }

    private void add(String section, Entity entity) {
        parts.add(new MimePart(section, entity.headerStart.offset(), entity.headerLength(),
                entity.bodyStart().offset(), entity.bodyLength(), entity.bodyLines()));
    }
}

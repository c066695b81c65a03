package org.mailstore.backup;

/**
 * Reads journal segment file names, {@code <instance>-<12-digit sequence>.journal} (docs/journal-format.md). The
 * instance id may itself contain dashes, so it ends at the last one.
 */
final class SegmentFiles {
    static final String DIRECTORY = "journal";

    private SegmentFiles() {}

    static String instanceOf(String segmentFileName) {
        int dash = segmentFileName.lastIndexOf('-');
        if (dash <= 0) throw new IllegalArgumentException("not a journal segment name: " + segmentFileName);
        return segmentFileName.substring(0, dash);
    }

    /** The file name of a manifest path such as {@code journal/x-000000000001.journal}. */
    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static String pathOf(String segmentFileName) {
        return DIRECTORY + "/" + segmentFileName;
    }
}

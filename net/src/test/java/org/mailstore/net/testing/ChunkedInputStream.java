package org.mailstore.net.testing;

import java.io.InputStream;

/** Hands out its bytes in the given pieces, one piece per read, as a slow network would. */
public final class ChunkedInputStream extends InputStream {
    private final byte[] data;
    private final int[] cuts;
    private int pos;
    private int nextCut;

    /** {@code cuts} are ascending offsets where a read must stop. */
    public ChunkedInputStream(byte[] data, int... cuts) {
        this.data = data;
        this.cuts = cuts;
    }

    public static ChunkedInputStream oneByteAtATime(byte[] data) {
        int[] cuts = new int[data.length];
        for (int i = 0; i < data.length; i++) cuts[i] = i + 1;
        return new ChunkedInputStream(data, cuts);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos == data.length) return -1;
        while (nextCut < cuts.length && cuts[nextCut] <= pos) nextCut++;
        int end = nextCut < cuts.length ? cuts[nextCut] : data.length;
        int n = Math.min(len, end - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
    }
}

package dev.integrity.device;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A validated batch of IMU samples, held by column so that it can go to PostgreSQL as one binary
 * COPY without an object per sample. Magnetometer values are optional; an absent one is held as
 * NaN, which input can never carry (non-finite numbers are refused).
 */
public final class ImuBatch {

    /** acc x/y/z, gyro x/y/z, mag x/y/z: the order of the staging table's value columns. */
    public static final String[] FIELDS = {"accX", "accY", "accZ", "gyroX", "gyroY", "gyroZ", "magX", "magY", "magZ"};
    public static final int VALUES = FIELDS.length;
    /** The first optional field: magX. */
    public static final int FIRST_OPTIONAL = 6;

    /** PostgreSQL's timestamp epoch, 2000-01-01T00:00:00Z, in microseconds since the Unix epoch. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    private static final byte[] COPY_SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private long[] micros;
    private double[] values;
    private int size;

    public ImuBatch(int expected) {
        int capacity = Math.max(16, expected);
        micros = new long[capacity];
        values = new double[capacity * VALUES];
    }

    /** Appends a sample: its time in microseconds since the Unix epoch, and its nine values (NaN = absent). */
    public void add(long epochMicros, double[] sample) {
        if (size == micros.length) {
            micros = Arrays.copyOf(micros, size * 2);
            values = Arrays.copyOf(values, size * 2 * VALUES);
        }
        micros[size] = epochMicros;
        System.arraycopy(sample, 0, values, size * VALUES, VALUES);
        size++;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public long epochMicros(int i) {
        return micros[i];
    }

    /** Value {@code field} (0-8, in {@link #FIELDS} order) of sample {@code i}; NaN when absent. */
    public double value(int i, int field) {
        return values[i * VALUES + field];
    }

    /** Every sample's timestamp, as instants: the partition keys this batch needs. */
    public List<Instant> timestamps() {
        return new AbstractList<>() {
            @Override
            public Instant get(int i) {
                return instantOf(micros[i]);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    public static Instant instantOf(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    }

    /**
     * The batch as rows of {@code device.imu_data} (device_id, ts, acc_x .. mag_z) in PostgreSQL's
     * binary COPY format: no text to format here and none to parse there. An absent value is NULL.
     */
    public byte[] toCopyBinary(String deviceId) {
        return toCopyBinary(List.of(deviceId), List.of(this));
    }

    /** Several devices' batches as one binary COPY stream: batch i's rows belong to {@code deviceIds.get(i)}. */
    public static byte[] toCopyBinary(List<String> deviceIds, List<ImuBatch> batches) {
        int bytes = COPY_SIGNATURE.length + 8 + 2;
        byte[][] ids = new byte[deviceIds.size()][];
        for (int b = 0; b < ids.length; b++) {
            ids[b] = deviceIds.get(b).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            bytes += (2 + 4 + ids[b].length + (4 + 8) * (1 + VALUES)) * batches.get(b).size;
        }
        ByteBuffer out = ByteBuffer.allocate(bytes);
        out.put(COPY_SIGNATURE).putInt(0).putInt(0);
        for (int b = 0; b < ids.length; b++) {
            batches.get(b).putCopyRows(ids[b], out);
        }
        out.putShort((short) -1);
        return Arrays.copyOf(out.array(), out.position());
    }

    private void putCopyRows(byte[] id, ByteBuffer out) {
        for (int i = 0; i < size; i++) {
            out.putShort((short) (2 + VALUES));
            out.putInt(id.length).put(id);
            out.putInt(8).putLong(micros[i] - PG_EPOCH_MICROS);
            for (int f = 0; f < VALUES; f++) {
                double v = values[i * VALUES + f];
                if (Double.isNaN(v)) {
                    out.putInt(-1);
                } else {
                    out.putInt(8).putDouble(v);
                }
            }
        }
    }
}

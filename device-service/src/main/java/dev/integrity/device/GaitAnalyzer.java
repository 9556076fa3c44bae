package dev.integrity.device;

/**
 * Counts steps by peak detection on the acceleration magnitude, one sample at a time, in constant
 * memory (samples arrive in ts order from a database cursor).
 * <ol>
 *   <li>The magnitude is smoothed by a moving average over 50 ms.</li>
 *   <li>A step is one excursion above {@code mean + 0.5 sd}, ended by a fall below the mean
 *       (hysteresis, so noise around one threshold cannot count twice).</li>
 *   <li>Two steps are at least 250 ms apart (at most 240 steps per minute).</li>
 * </ol>
 * The mean and standard deviation of the range come from the database first.
 */
public final class GaitAnalyzer {

    static final double SMOOTHING_SECONDS = 0.05;
    static final double HIGH_THRESHOLD_SD = 0.5;
    static final long MIN_STEP_INTERVAL_MICROS = 250_000;

    private final double high;
    private final double low;
    private final double[] window;
    private double windowSum;
    private int filled;
    private int next;
    private boolean above;
    private long lastStepMicros = Long.MIN_VALUE;
    private int steps;

    /**
     * @param mean          mean magnitude over the range
     * @param stddev        its population standard deviation
     * @param sampleRateHz  samples per second over the range
     */
    public GaitAnalyzer(double mean, double stddev, double sampleRateHz) {
        this.high = mean + HIGH_THRESHOLD_SD * stddev;
        this.low = mean;
        int width = (int) Math.max(1, Math.round(sampleRateHz * SMOOTHING_SECONDS));
        this.window = new double[width];
        if (stddev <= 0) {
            above = true; // a flat signal has no excursions: never count one
        }
    }

    public void accept(long epochMicros, double magnitude) {
        windowSum += magnitude - window[next];
        window[next] = magnitude;
        next = (next + 1) % window.length;
        filled = Math.min(filled + 1, window.length);
        double smoothed = windowSum / filled;
        if (!above && smoothed > high) {
            above = true;
            if (lastStepMicros == Long.MIN_VALUE || epochMicros - lastStepMicros >= MIN_STEP_INTERVAL_MICROS) {
                steps++;
                lastStepMicros = epochMicros;
            }
        } else if (above && smoothed < low && high > low) {
            above = false;
        }
    }

    public int steps() {
        return steps;
    }
}

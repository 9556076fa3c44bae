package dev.integrity.platform.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;

/**
 * One read of a service's {@code /q/metrics} (Prometheus text format 0.0.4), parsed into its
 * series: what tests compare before and after an action, by metric name and labels, instead of
 * matching lines by hand.
 */
public final class Scrape {

    private static final Pattern SERIES = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** One sample: the metric's name, its labels, its value. */
    public record Sample(String name, Map<String, String> labels, double value) {

        /** Whether every given label has the given value (labels not named may be anything). */
        boolean has(Map<String, String> wanted) {
            return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        }
    }

    private final List<Sample> samples;

    private Scrape(List<Sample> samples) {
        this.samples = samples;
    }

    /** The service under test's metrics, now (RestAssured's base URI and port). */
    public static Scrape now() {
        return parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    public static Scrape parse(String text) {
        return new Scrape(text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(Scrape::sample).toList());
    }

    private static Sample sample(String line) {
        Matcher m = SERIES.matcher(line);
        if (!m.matches()) {
            throw new AssertionError("not a Prometheus sample line: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(2) != null) {
            Matcher l = LABEL.matcher(m.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
            }
        }
        return new Sample(m.group(1), Map.copyOf(labels), Double.parseDouble(m.group(3)));
    }

    /** The names of every series served, as Prometheus stores them (a histogram's {@code _bucket}, {@code _count}, {@code _sum}). */
    public Set<String> names() {
        return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The sum over every series of {@code name} whose labels include {@code labels} (given as name,
     * value, name, value...); an error when there is none, since a series that is missing is a
     * different failure from one at 0.
     */
    public double sum(String name, String... labels) {
        Map<String, String> wanted = labels(labels);
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name) && s.has(wanted)).toList();
        if (matching.isEmpty()) {
            throw new AssertionError(name + wanted + " is not on /q/metrics; the series of " + name + " are "
                    + samples.stream().filter(s -> s.name().equals(name)).map(Sample::labels).toList());
        }
        return matching.stream().mapToDouble(Sample::value).sum();
    }

    /** The value of the one series of {@code name} with exactly these labels. */
    public double value(String name, String... labels) {
        Map<String, String> wanted = labels(labels);
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(wanted)).mapToDouble(Sample::value)
                .findFirst().orElseThrow(() -> new AssertionError(name + wanted + " is not on /q/metrics; the series of " + name + " are "
                        + samples.stream().filter(s -> s.name().equals(name)).map(Sample::labels).toList()));
    }

    /**
     * The {@code q} quantile of a histogram's observations since {@code before} (null: since the
     * start), in its unit, interpolated within the bucket as Prometheus's {@code histogram_quantile}
     * does; NaN when nothing was observed.
     */
    public double quantile(String histogram, double q, Scrape before) {
        java.util.TreeMap<Double, Double> now = buckets(histogram);
        java.util.TreeMap<Double, Double> then = before == null ? new java.util.TreeMap<>() : before.buckets(histogram);
        java.util.TreeMap<Double, Double> counts = new java.util.TreeMap<>();
        now.forEach((le, count) -> counts.put(le, count - then.getOrDefault(le, 0.0)));
        double total = counts.lastEntry() == null ? 0 : counts.lastEntry().getValue();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lower = 0;
        double below = 0;
        for (Map.Entry<Double, Double> bucket : counts.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lower;
                }
                double inBucket = bucket.getValue() - below;
                return lower + (bucket.getKey() - lower) * (inBucket == 0 ? 1 : (rank - below) / inBucket);
            }
            lower = bucket.getKey();
            below = bucket.getValue();
        }
        return lower;
    }

    private java.util.TreeMap<Double, Double> buckets(String histogram) {
        java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
        for (Sample sample : samples) {
            if (sample.name().equals(histogram + "_bucket")) {
                String le = sample.labels().get("le");
                buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), sample.value(), Double::sum);
            }
        }
        return buckets;
    }

    private static Map<String, String> labels(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }
}

package dev.integrity.matching.service;

import dev.integrity.matching.CandidateStatus;
import dev.integrity.matching.DedupCandidate;
import dev.integrity.matching.DedupStats;
import dev.integrity.matching.DedupTarget;
import dev.integrity.matching.repository.DedupRepository;
import dev.integrity.platform.paging.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the dedup review page shows (seed 003's "review UI for duplicate candidates"): each waiting
 * pair side by side with the sentences one side has and the other lacks marked, which of the two a
 * merge keeps (the same keeper rule a merge applies) and what it would re-point; and the runs'
 * statistics as a chart. Reads only; decisions go through {@link DedupService}.
 */
@ApplicationScoped
public class ReviewService {

    /** The chart's window: the last days with runs that changed data. */
    static final int CHART_DAYS = 30;

    /** A sentence ends at . ! ? or their full-width forms followed by space, or at a line break. */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？])\\s+|\\s*\\R+\\s*");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    @Inject
    DedupService dedup;

    @Inject
    DedupRepository repository;

    /** One sentence of a side, and whether the other side lacks it (ignoring case and spacing). */
    public record Sentence(String text, boolean differs) {
    }

    /**
     * One side of a pair: the row, its sentences, whether a merge keeps it, and what a merge into the
     * other side would re-point (its recommendations and their interactions).
     */
    public record Side(long id, String heading, String company, List<Sentence> sentences, boolean keeper, boolean live,
                       long recommendations, long interactions) {
    }

    /** A waiting candidate as the page shows it; {@code decidable} is false once a side is gone. */
    public record Pair(long candidateId, DedupTarget target, double similarity, Side left, Side right) {

        public List<Side> sides() {
            return List.of(left, right);
        }

        public Side keeper() {
            return left.keeper() ? left : right;
        }

        public Side duplicate() {
            return left.keeper() ? right : left;
        }

        public boolean decidable() {
            return left.live() && right.live();
        }

        public String similarityPercent() {
            return String.format(Locale.ROOT, "%.1f", similarity * 100);
        }
    }

    /** One bar pair of the chart, in the SVG's units. */
    public record Bar(LocalDate day, long found, long merged, int x, int foundHeight, int mergedHeight) {

        public int foundY() {
            return Chart.HEIGHT - foundHeight;
        }

        public int mergedX() {
            return x + Chart.BAR + 1;
        }

        public int mergedY() {
            return Chart.HEIGHT - mergedHeight;
        }
    }

    /** The runs' statistics as the page charts them. */
    public record Chart(List<Bar> bars, long max, long found, long merged, DedupStats stats) {

        public static final int HEIGHT = 120;
        public static final int STEP = 22;
        public static final int BAR = 9;

        public int bar() {
            return BAR;
        }

        public int height() {
            return HEIGHT;
        }

        public int width() {
            return Math.max(bars.size(), 1) * STEP;
        }
    }

    /** A page of waiting pairs and where it sits among them, for the page's pager. */
    public record Listing(Page<Pair> pairs, DedupTarget target) {

        public long total() {
            return pairs.total() == null ? pairs.items().size() : pairs.total();
        }

        public boolean hasPrevious() {
            return pairs.page() > 0;
        }

        public boolean hasNext() {
            return (long) (pairs.page() + 1) * pairs.size() < total();
        }

        public int previous() {
            return pairs.page() - 1;
        }

        public int next() {
            return pairs.page() + 1;
        }

        public long first() {
            return (long) pairs.page() * pairs.size() + 1;
        }

        public long last() {
            return (long) pairs.page() * pairs.size() + pairs.items().size();
        }
    }

    /** The waiting pairs of one target (null: both), most similar first. */
    public Listing pending(DedupTarget target, int page, int size) {
        DedupTarget shown = target == null ? DedupTarget.ALL : target;
        return new Listing(pairs(shown == DedupTarget.ALL ? null : shown, page, size), shown);
    }

    private Page<Pair> pairs(DedupTarget target, int page, int size) {
        Page<DedupCandidate> candidates = dedup.candidates(CandidateStatus.PENDING, target, page, size);
        Map<DedupTarget, Map<Long, DedupRepository.ReviewRow>> rows = new EnumMap<>(DedupTarget.class);
        Map<DedupTarget, Map<Long, DedupRepository.Row>> described = new EnumMap<>(DedupTarget.class);
        for (DedupTarget t : List.of(DedupTarget.COVER_LETTERS, DedupTarget.POSTINGS)) {
            long[] ids = candidates.items().stream().filter(c -> c.target == t)
                    .flatMapToLong(c -> java.util.stream.LongStream.of(c.leftId, c.rightId)).distinct().toArray();
            if (ids.length > 0) {
                rows.put(t, repository.reviewRows(t, ids));
                described.put(t, repository.describe(t, ids));
            }
        }
        return candidates.map(c -> pair(c, rows.get(c.target), described.get(c.target)));
    }

    private static Pair pair(DedupCandidate c, Map<Long, DedupRepository.ReviewRow> rows, Map<Long, DedupRepository.Row> described) {
        DedupRepository.ReviewRow left = rows.get(c.leftId);
        DedupRepository.ReviewRow right = rows.get(c.rightId);
        long keeper = c.leftId;
        if (left != null && right != null) {
            DuplicateGroups pair = new DuplicateGroups();
            pair.link(c.leftId, c.rightId, "review");
            keeper = pair.merges(described).get(0).keeperId();
        }
        return new Pair(c.id, c.target, c.similarity, side(c.leftId, left, right, keeper), side(c.rightId, right, left, keeper));
    }

    private static Side side(long id, DedupRepository.ReviewRow row, DedupRepository.ReviewRow other, long keeper) {
        if (row == null) {
            return new Side(id, "(deleted)", null, List.of(), false, false, 0, 0);
        }
        Set<String> theirs = new HashSet<>();
        if (other != null) {
            for (String sentence : sentences(other.text())) {
                theirs.add(normalised(sentence));
            }
        }
        List<Sentence> marked = new ArrayList<>();
        for (String sentence : sentences(row.text())) {
            marked.add(new Sentence(sentence, !theirs.contains(normalised(sentence))));
        }
        return new Side(id, row.heading(), row.company(), marked, id == keeper, row.live(), row.recommendations(),
                row.interactions());
    }

    static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : SENTENCE_END.split(text.strip())) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    static String normalised(String sentence) {
        return SPACES.matcher(Normalizer.normalize(sentence, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    public Chart chart() {
        DedupStats stats = dedup.stats();
        List<DedupStats.Day> days = stats.days();
        List<DedupStats.Day> shown = days.subList(Math.max(0, days.size() - CHART_DAYS), days.size());
        long max = Math.max(1, shown.stream().mapToLong(d -> Math.max(d.found(), d.merged())).max().orElse(1));
        List<Bar> bars = new ArrayList<>();
        long found = 0;
        long merged = 0;
        for (int i = 0; i < shown.size(); i++) {
            DedupStats.Day d = shown.get(i);
            bars.add(new Bar(d.day(), d.found(), d.merged(), i * Chart.STEP, height(d.found(), max), height(d.merged(), max)));
            found += d.found();
            merged += d.merged();
        }
        return new Chart(bars, max, found, merged, stats);
    }

    /** A bar's height: proportional, and at least a sliver for any non-zero count. */
    private static int height(long value, long max) {
        return value == 0 ? 0 : (int) Math.max(2, Math.round((double) value * Chart.HEIGHT / max));
    }
}

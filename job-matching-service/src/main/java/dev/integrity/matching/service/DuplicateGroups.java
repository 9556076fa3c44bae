package dev.integrity.matching.service;

import dev.integrity.matching.repository.DedupRepository;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups duplicates (union-find over every link the detectors found) and chooses each group's
 * keeper. The keeper rule: the most complete row first (most optional fields filled: title,
 * company, position for a cover letter; company, location, posted_at for a posting), then the
 * newest crawl, then the highest id.
 */
final class DuplicateGroups {

    /** One duplicate and the row it merges into, and why. */
    record Merge(long dupId, long keeperId, String reason) {
    }

    private final Map<Long, Long> parent = new HashMap<>();
    private final Map<Long, String> linkReason = new HashMap<>();

    /** Links every id of a group found by one detector. */
    void link(long[] ids, String reason) {
        for (int i = 1; i < ids.length; i++) {
            link(ids[0], ids[i], reason);
        }
    }

    void link(long a, long b, String reason) {
        long ra = find(a);
        long rb = find(b);
        linkReason.putIfAbsent(b, reason);
        linkReason.putIfAbsent(a, reason);
        if (ra != rb) {
            parent.put(ra, rb);
        }
    }

    long[] members() {
        return parent.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /** Every duplicate with its keeper, keepers chosen by the rule above. */
    List<Merge> merges(Map<Long, DedupRepository.Row> rows) {
        Map<Long, List<Long>> groups = new HashMap<>();
        for (long id : parent.keySet()) {
            groups.computeIfAbsent(find(id), r -> new ArrayList<>()).add(id);
        }
        Comparator<Long> keeperFirst = Comparator.<Long>comparingInt(id -> rows.get(id).completeness())
                .thenComparing(id -> rows.get(id).crawledAt())
                .thenComparingLong(id -> id)
                .reversed();
        List<Merge> merges = new ArrayList<>();
        for (List<Long> group : groups.values()) {
            List<Long> live = group.stream().filter(rows::containsKey).sorted(keeperFirst).toList();
            for (int i = 1; i < live.size(); i++) {
                merges.add(new Merge(live.get(i), live.get(0), linkReason.getOrDefault(live.get(i), "similarity")));
            }
        }
        merges.sort(Comparator.comparingLong(Merge::keeperId).thenComparingLong(Merge::dupId));
        return merges;
    }

    private long find(long id) {
        parent.putIfAbsent(id, id);
        long root = id;
        while (parent.get(root) != root) {
            root = parent.get(root);
        }
        for (long node = id; node != root; ) {   // path compression
            long next = parent.get(node);
            parent.put(node, root);
            node = next;
        }
        return root;
    }
}

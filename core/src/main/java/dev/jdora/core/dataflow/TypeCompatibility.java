package dev.jdora.core.dataflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;

/**
 * Whether data of one declared type may flow into an input declared with another, by dora 1.0's rules: the same URN
 * (with parameters: the same base, and every parameter both sides name has the same value; a side without
 * parameters matches any), anything into {@code std/core/v1/Bytes}, and implicit widenings ({@code UInt8 -> UInt32
 * -> UInt64}, {@code Int32 -> Int64}, {@code Float32 -> Float64}, plus the dataflow's {@code type_rules:}) chained at
 * most three deep. Immutable once built.
 */
final class TypeCompatibility {

    static final PortType BYTES = PortType.std("std/core/v1/Bytes");
    static final PortType STRING = PortType.std("std/core/v1/String");
    /** What a timer input carries, for type checks (dora types timer inputs this way). */
    static final PortType TIMER = PortType.std("std/core/v1/UInt64");
    private static final int MAX_DEPTH = 3;

    private final Map<String, List<String>> widenings = new HashMap<>();

    /** The built-in widenings plus {@code rules} ({@code from -> to} pairs of URN bases). */
    TypeCompatibility(List<Map.Entry<PortType, PortType>> rules) {
        widen("std/core/v1/UInt8", "std/core/v1/UInt32");
        widen("std/core/v1/UInt32", "std/core/v1/UInt64");
        widen("std/core/v1/Int32", "std/core/v1/Int64");
        widen("std/core/v1/Float32", "std/core/v1/Float64");
        rules.forEach(rule -> widen(rule.getKey().base(), rule.getValue().base()));
    }

    private void widen(String from, String to) {
        widenings.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
    }

    /** Whether an output declared {@code from} may feed an input declared {@code to}. */
    boolean accepts(PortType from, PortType to) {
        if (to.base().equals(BYTES.base())) {
            return true;
        }
        if (from.base().equals(to.base())) {
            return from.params().entrySet().stream()
                    .allMatch(p -> Objects.equals(to.params().getOrDefault(p.getKey(), p.getValue()), p.getValue()));
        }
        Set<String> seen = new HashSet<>(Set.of(from.base()));
        Queue<String> level = new ArrayDeque<>(List.of(from.base()));
        for (int depth = 0; depth < MAX_DEPTH && !level.isEmpty(); depth++) {
            Queue<String> next = new ArrayDeque<>();
            for (String type : level) {
                for (String wider : widenings.getOrDefault(type, List.of())) {
                    if (wider.equals(to.base())) {
                        return true;
                    }
                    if (seen.add(wider)) {
                        next.add(wider);
                    }
                }
            }
            level = next;
        }
        return false;
    }
}

package dev.jdora.core.dataflow;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A declared type of an output or input ({@code output_types:} / {@code input_types:}, as in dora 1.0): a type URN
 * such as {@code std/core/v1/Float64}, optionally with parameters, {@code std/media/v1/AudioFrame[sample_type=f32]}.
 * URNs under {@code std/} name dora's standard type library ({@link #arrowType()}); any other well-formed URN is a
 * user type, compared by name only. Immutable.
 *
 * @param urn    as written
 * @param base   the URN without its parameters
 * @param params the parameters, sorted by name (empty when none)
 */
public record PortType(String urn, String base, Map<String, String> params) {

    /** The prefix of dora's standard type library. */
    public static final String STD = "std/";

    private static final Pattern BASE = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+");

    /** dora's standard library ({@code libraries/core/types/std}): URN to the Arrow type its data has. */
    private static final Map<String, String> STD_TYPES = stdTypes();

    public PortType {
        params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    private static Map<String, String> stdTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        for (String primitive : new String[] {"Float32", "Float64", "Int8", "Int16", "Int32", "Int64", "UInt8",
            "UInt16", "UInt32", "UInt64"}) {
            types.put("std/core/v1/" + primitive, primitive);
        }
        types.put("std/core/v1/String", "Utf8");
        types.put("std/core/v1/Bytes", "LargeBinary");
        types.put("std/core/v1/Bool", "Boolean");
        for (String struct : new String[] {"math/v1/Vector3", "math/v1/Quaternion", "math/v1/Pose",
            "math/v1/Transform", "control/v1/Twist", "control/v1/JointState", "control/v1/Odometry", "media/v1/Image",
            "media/v1/PointCloud", "media/v1/AudioFrame", "vision/v1/BoundingBox", "vision/v1/Detection",
            "vision/v1/Segmentation"}) {
            types.put(STD + struct, "Struct");
        }
        types.put("std/media/v1/CompressedImage", "LargeBinary");
        return Collections.unmodifiableMap(types);
    }

    /**
     * Parses a type URN: segments of letters, digits, {@code _ . -} separated by {@code /} (at least two), then
     * optionally {@code [name=value,...]}. Empty if {@code text} is not one.
     */
    public static Optional<PortType> parse(String text) {
        int bracket = text.indexOf('[');
        String base = bracket < 0 ? text : text.substring(0, bracket);
        if (!BASE.matcher(base).matches()) {
            return Optional.empty();
        }
        Map<String, String> params = new TreeMap<>();
        if (bracket >= 0) {
            if (!text.endsWith("]") || text.length() - bracket < 3) {
                return Optional.empty();
            }
            for (String part : text.substring(bracket + 1, text.length() - 1).split(",", -1)) {
                String[] kv = part.split("=", -1);
                if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()
                        || params.putIfAbsent(kv[0].strip(), kv[1].strip()) != null) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new PortType(text, base, params));
    }

    /** A URN of the standard library, e.g. {@code std/core/v1/UInt64}. */
    static PortType std(String base) {
        return new PortType(base, base, Map.of());
    }

    /** The URNs of the standard library, for "did you mean". */
    static java.util.Set<String> standardUrns() {
        return STD_TYPES.keySet();
    }

    /** Whether the URN is under {@code std/} (dora's standard library). */
    public boolean isStandard() {
        return base.startsWith(STD);
    }

    /**
     * The Arrow type that data of a standard type has, named as dora names it: {@code Float32} ... {@code UInt64},
     * {@code Utf8}, {@code LargeBinary}, {@code Boolean} or {@code Struct}. Empty for a user type or an unknown
     * {@code std/} URN.
     */
    public Optional<String> arrowType() {
        return Optional.ofNullable(STD_TYPES.get(base));
    }

    @Override
    public String toString() {
        return urn;
    }
}

/// A writer for the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format).
struct PrometheusText {
    /// The output so far, UTF-8.
    private(set) var bytes: [UInt8] = []

    /// An empty document with room for `capacity` bytes.
    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    /// The `# HELP` and `# TYPE` lines of a family; help escapes only `\` and line feed (format spec).
    mutating func header(name: String, help: String, type: String) {
        append("# HELP ")
        append(name)
        bytes.append(UInt8(ascii: " "))
        for byte in help.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            default: bytes.append(byte)
            }
        }
        append("\n# TYPE ")
        append(name)
        bytes.append(UInt8(ascii: " "))
        append(type)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// One sample line: `name{label="value",...} value`; label values escape `\`, `"` and line feed.
    mutating func sample(_ name: String, labelNames: [String], labelValues: [String], extra: (name: String, value: String)? = nil, value: Double) {
        append(name)
        if !labelNames.isEmpty || extra != nil {
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (labelName, text) in zip(labelNames, labelValues) {
                label(labelName, text, first: first)
                first = false
            }
            if let extra { label(extra.name, extra.value, first: first) }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: " "))
        append(Self.format(value))
        bytes.append(UInt8(ascii: "\n"))
    }

    /// A sample value: integers without a fraction, infinities as `+Inf`/`-Inf`, NaN as `NaN` (Go's ParseFloat forms).
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    private mutating func label(_ name: String, _ value: String, first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        append(name)
        append("=\"")
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\n"): append("\\n")
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
}

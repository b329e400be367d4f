import FoundationEssentials

/// The JSON conventions of everything stored on disk: sorted keys (stable files, readable diffs), unescaped
/// slashes (ARNs stay readable), and ISO-8601 dates (RFC 3339 section 5.6) with milliseconds.
public enum StoreJSON {
    /// An encoder with the store's conventions.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601Timestamp.format(date) ?? date.formatted(withMilliseconds))
        }
        return encoder
    }

    /// A decoder with the store's conventions; it also reads dates written without fractional seconds.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "\(String(reflecting: text)) is not an ISO-8601 date"
                )
            }
            return date
        }
        return decoder
    }

    /// The date a stored ISO-8601 timestamp names (with or without fractional seconds), or nil.
    static func date(from text: String) -> Date? {
        if let date = ISO8601Timestamp.parse(text) { return date }
        // Foundation's parsers only say "not a date" by throwing; that is the answer here, not a failure.
        do {
            return try withMilliseconds.parse(text)
        } catch {
            do {
                return try wholeSeconds.parse(text)
            } catch {
                return nil
            }
        }
    }

    private static let withMilliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let wholeSeconds = Date.ISO8601FormatStyle()
}

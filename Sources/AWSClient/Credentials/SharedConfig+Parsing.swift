import FoundationEssentials
import Platform

extension SharedConfig {
    /// Parses one file's INI text into profiles, as the SDKs do: `[profile name]` (or `[default]`) in the
    /// config file, `[name]` in the credentials file; `#` and `;` comments; indented sub-properties skipped.
    static func parse(_ text: String?, isConfigFile: Bool) -> [String: [String: String]] {
        guard let text else { return [:] }
        var profiles: [String: [String: String]] = [:]
        var current: String?
        var inSubProperty = false
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                inSubProperty = false
                current = sectionProfileName(line, isConfigFile: isConfigFile)
                if let current, profiles[current] == nil { profiles[current] = [:] }
                continue
            }
            guard let profile = current else { continue }
            // An indented line continues a property: a sub-property of e.g. `s3 =`, which Cordon does not use.
            if rawLine.first == " " || rawLine.first == "\t" {
                if inSubProperty { continue }
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let name = line[..<equals].trimmingWhitespace().lowercased()
            let value = stripComment(line[line.index(after: equals)...].trimmingWhitespace())
            inSubProperty = value.isEmpty
            if !name.isEmpty { profiles[profile, default: [:]][name] = value }
        }
        return profiles
    }

    /// The profile a section header names, or nil for sections that are not profiles (`[sso-session x]`,
    /// `[services x]`, or `[x]` in the config file, which the SDKs ignore).
    static func sectionProfileName(_ line: String, isConfigFile: Bool) -> String? {
        var inner = line.dropFirst()
        guard let close = inner.firstIndex(of: "]") else { return nil }
        inner = inner[..<close]
        let name = inner.trimmingWhitespace()
        if !isConfigFile { return name.isEmpty || name.hasPrefix("profile ") ? nil : name }
        if name == "default" { return name }
        guard name.hasPrefix("profile ") else { return nil }
        let profile = name.dropFirst("profile ".count).trimmingWhitespace()
        return profile.isEmpty ? nil : profile
    }

    /// Removes an inline comment: `#` or `;` preceded by whitespace.
    static func stripComment(_ value: String) -> String {
        var result = ""
        var previousWasSpace = true
        for character in value {
            if (character == "#" || character == ";") && previousWasSpace && !result.isEmpty { break }
            result.append(character)
            previousWasSpace = character == " " || character == "\t"
        }
        return result.trimmingWhitespace()
    }
}

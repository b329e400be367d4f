import FoundationEssentials
import Platform

/// A validated, ordered list of rules; `evaluate` says what a signal does (first match wins).
public struct RuleSet: Sendable {
    /// The rules, in the order they are tried.
    public let rules: [Rule]
    private let patterns: [[KindPattern]?]

    /// The shipped defaults (`Rule.defaults`).
    public static let defaults = RuleSet(trusted: Rule.defaults)

    /// Validates `rules` (as loaded from config) and compiles their patterns. Throws one
    /// `DomainError(.invalidInput)` listing every problem by field, e.g. `rules[2].minSeverity: must be 0...10`.
    public init(validating rules: [Rule]) throws {
        let problems = Self.problems(in: rules)
        guard problems.isEmpty else {
            throw DomainError(.invalidInput, problems.joined(separator: "; "))
        }
        self.init(trusted: rules)
    }

    private init(trusted rules: [Rule]) {
        self.rules = rules
        patterns = rules.map { rule in rule.kinds?.map(KindPattern.init) }
    }

    /// Decodes and validates a rules config: a JSON array of rules, or an object with a `rules` array.
    public static func decode(_ data: Data) throws -> RuleSet {
        let decoder = JSONDecoder()
        let isArray = data.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "[")
        let rules: [Rule]
        do {
            rules = isArray ? try decoder.decode([Rule].self, from: data) : try decoder.decode(RulesDocument.self, from: data).rules
        } catch let error as DecodingError {
            throw DomainError(.invalidInput, Self.describe(error, arrayAtTop: isArray))
        }
        return try RuleSet(validating: rules)
    }

    private struct RulesDocument: Decodable {
        var rules: [Rule]
    }

    /// The decision for `signal`: the first rule that matches (and, for a containment playbook, names a
    /// target it can act on); `.record` when none does.
    public func evaluate(_ signal: Signal) -> RuleDecision {
        for (index, rule) in rules.enumerated() where matches(rule, patterns: patterns[index], signal) {
            switch rule.action {
            case .ignore:
                return RuleDecision(ruleName: rule.name, outcome: .ignore, explanation: "rule \"\(rule.name)\" says to ignore \(Self.describe(signal))")
            case .open:
                let playbook = rule.playbook ?? .triage
                let target = Self.target(of: signal, for: playbook, preferring: rule.requiresResource)
                if target == nil, playbook != .triage { continue } // Containment needs something to contain.
                let mode = rule.mode ?? .awaitingApproval
                var explanation = "rule \"\(rule.name)\" matched \(Self.describe(signal)): \(playbook.rawValue), \(mode.rawValue)"
                if let target { explanation += ", target \(target.kind.rawValue) \(target.id)" }
                return RuleDecision(ruleName: rule.name, outcome: .openOrJoin(playbook: playbook, mode: mode, target: target), explanation: explanation)
            }
        }
        return RuleDecision(ruleName: nil, outcome: .record, explanation: "no rule matched \(Self.describe(signal)); recorded only")
    }

    private func matches(_ rule: Rule, patterns: [KindPattern]?, _ signal: Signal) -> Bool {
        if let sources = rule.sources, !sources.contains(signal.source) { return false }
        if let minimum = rule.minSeverity, signal.severity.score < minimum { return false }
        if let kind = rule.requiresResource, !kind.isPresent(in: signal.resources) { return false }
        if let type = rule.principalType, signal.principal?.type != type { return false }
        if let patterns, !patterns.contains(where: { $0.matches(signal.kind) }) { return false }
        return true
    }

    /// The resource an incident would be about: the rule's required kind first, then what the playbook acts
    /// on (an instance, found by ID or else by address; an access key), then for triage anything named.
    static func target(of signal: Signal, for playbook: PlaybookName, preferring required: ResourceKind?) -> TargetResource? {
        let order: [ResourceKind]
        switch playbook {
        case .containInstance, .forensics, .release: order = [.instance, .ipAddress]
        case .containAccessKey: order = [.accessKey]
        case .triage: order = [.instance, .accessKey, .ipAddress]
        }
        let kinds = (required.map { order.contains($0) ? [$0] : [] } ?? []) + order
        for kind in kinds {
            if let id = kind.ids(in: signal.resources).first { return TargetResource(kind: kind, id: id) }
        }
        return nil
    }

    private static func describe(_ signal: Signal) -> String {
        "\(signal.source.rawValue) \(signal.kind) (severity \(signal.severity.score) \(signal.severity.label))"
    }

    /// Every problem in `rules`, each naming its field.
    static func problems(in rules: [Rule]) -> [String] {
        var problems: [String] = []
        var firstIndexByName: [String: Int] = [:]
        for (index, rule) in rules.enumerated() {
            let at = "rules[\(index)]"
            if rule.name.trimmingWhitespace().isEmpty {
                problems.append("\(at).name: must not be empty")
            } else if let first = firstIndexByName[rule.name] {
                problems.append("\(at).name: \"\(rule.name)\" is already the name of rules[\(first)]")
            } else {
                firstIndexByName[rule.name] = index
            }
            if let sources = rule.sources, sources.isEmpty {
                problems.append("\(at).sources: must list at least one source, or be left out to match any")
            }
            if let kinds = rule.kinds {
                if kinds.isEmpty { problems.append("\(at).kinds: must list at least one pattern, or be left out to match any") }
                for (offset, kind) in kinds.enumerated() where kind.isEmpty {
                    problems.append("\(at).kinds[\(offset)]: must not be empty")
                }
            }
            if let minimum = rule.minSeverity, !(0...10).contains(minimum) {
                problems.append("\(at).minSeverity: must be 0...10")
            }
            switch rule.action {
            case .open:
                guard let playbook = rule.playbook else {
                    problems.append("\(at).playbook: required when action is open")
                    break
                }
                if playbook == .release {
                    problems.append("\(at).playbook: release is a responder's action on an incident, not a rule's")
                }
                let usable: Set<ResourceKind> = playbook == .containInstance ? [.instance, .ipAddress] : playbook == .containAccessKey ? [.accessKey] : Set(ResourceKind.allCases)
                if let required = rule.requiresResource, !usable.contains(required) {
                    problems.append("\(at).requiresResource: \(playbook.rawValue) cannot act on \(required.rawValue)")
                }
            case .ignore:
                if rule.playbook != nil { problems.append("\(at).playbook: not allowed when action is ignore") }
                if rule.mode != nil { problems.append("\(at).mode: not allowed when action is ignore") }
            }
        }
        return problems
    }

    /// A decoding error as `rules[2].minSeverity: expected a number`.
    private static func describe(_ error: DecodingError, arrayAtTop: Bool) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = arrayAtTop ? "rules" : ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "rules config" : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(type)"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(type), found null"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "rules config: \(error)"
        }
    }
}

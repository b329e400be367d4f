import FoundationEssentials

extension SignalSummary {
    /// What an incident keeps of a decoded signal.
    init(_ signal: Signal) {
        self.init(source: signal.source.rawValue, kind: signal.kind, time: signal.time, severity: signal.severity.label,
                  title: signal.title, dedupKey: signal.deduplicationKey)
    }
}

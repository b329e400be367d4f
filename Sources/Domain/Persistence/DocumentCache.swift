/// A bounded cache of recently used documents, so a responder reading the same incidents again, or a workflow
/// saving and reloading one, does not read and decode its file each time.
///
/// Eviction is approximately least-recently-used: when full, the least recently used quarter is dropped at once,
/// which keeps each access O(1) with an amortised O(log n) sort per eviction instead of a linked list.
struct DocumentCache<Document: Sendable>: Sendable {
    /// How many documents it holds at most.
    let capacity: Int
    private var entries: [String: (document: Document, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0

    /// An empty cache of at most `capacity` documents (0 caches nothing).
    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// How many documents it holds.
    var count: Int { entries.count }

    /// The cached document under `id`, marking it used.
    mutating func get(_ id: String) -> Document? {
        guard let entry = entries[id] else { return nil }
        clock += 1
        entries[id]?.lastUse = clock
        return entry.document
    }

    /// Caches `document` under `id`, evicting the least recently used quarter when full.
    mutating func put(_ document: Document, id: String) {
        guard capacity > 0 else { return }
        clock += 1
        if entries[id] == nil, entries.count >= capacity {
            let evicted = entries.sorted { $0.value.lastUse < $1.value.lastUse }.prefix(max(1, capacity / 4))
            for (key, _) in evicted { entries[key] = nil }
        }
        entries[id] = (document, clock)
    }
}

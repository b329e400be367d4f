import FoundationEssentials

/// What `IncidentService.recover()` found and repaired at startup; logged by the composition root.
public struct RecoveryReport: Sendable, Equatable {
    /// Incidents read from the data directory.
    public var incidentsLoaded: Int
    /// Journal records replayed.
    public var journalRecords: Int
    /// Journal records the current decoder no longer reads (their signals stay unseen); normally 0.
    public var undecodableRecords: Int
    /// Journaled signals that should have opened or joined an incident but were in none (a crash between the
    /// journal's fsync and the incident's save), applied during recovery.
    public var signalsReapplied: Int
    /// IDs of the incidents whose running workflows were resumed.
    public var workflowsResumed: [String]
    /// The torn journal tail that was cut off, if any.
    public var droppedTail: JournalRecovery.DroppedTail?
    /// Where the replay started: the checkpoint's position, or `.start` for a full replay.
    public var replayedFrom: JournalPosition = .start
    /// How many deduplication digests came from the checkpoint.
    public var checkpointDigests = 0
    /// Why the whole journal was replayed (no checkpoint, or one that could not be used); nil when one was used.
    public var fullReplayReason: String?
    /// Why the checkpoint after the replay could not be written, if it could not (startup goes on regardless).
    public var checkpointFailure: String?
    /// Why the incidents' summary index could not be read or written, if it could not (startup read the incident
    /// files instead, which only takes longer).
    public var summaryIndexProblem: String?
}

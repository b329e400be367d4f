/// The envelope a POSTed event document arrives in; recorded in the journal so replay decodes it the same way.
public enum EventFormat: String, Codable, Sendable, Equatable {
    /// Any shape `EventDecoder.decode` recognises (CloudTrail, GuardDuty, Security Hub, Health, SIEM).
    case events
    /// Amazon Data Firehose HTTP endpoint delivery (`requestId`, `records[].data` in base64).
    case firehose
}

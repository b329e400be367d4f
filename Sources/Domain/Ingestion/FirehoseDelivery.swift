/// A decoded Amazon Data Firehose HTTP endpoint delivery request: what the API needs to answer Firehose's
/// contract (echo `requestId`), and the signals its records held.
public struct FirehoseDelivery: Sendable, Equatable {
    /// The request's `requestId`, which the response must echo (Firehose Developer Guide, "HTTP Endpoint
    /// Delivery Request and Response Specifications").
    public var requestID: String
    /// The request's `timestamp` as sent (epoch milliseconds; some senders use nanoseconds), if an integer.
    public var timestamp: Int64?
    /// The signals of all records, in record order.
    public var signals: [Signal]

    /// Creates a delivery.
    public init(requestID: String, timestamp: Int64?, signals: [Signal]) {
        self.requestID = requestID
        self.timestamp = timestamp
        self.signals = signals
    }
}

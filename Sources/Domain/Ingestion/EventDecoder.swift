import FoundationEssentials

/// Works out the shape of one POSTed JSON document and returns its signals, all or nothing: one unusable
/// record rejects the whole document, so a rejected request changes nothing.
public struct EventDecoder: Sendable {
    /// Bounds that keep hostile input from costing unbounded memory or stack.
    public struct Limits: Sendable, Equatable {
        /// Most records (or findings, entries, log events, Firehose records) in one array.
        public var maxRecords: Int
        /// Deepest nesting of arrays and objects.
        public var maxDepth: Int
        /// Most signals from one request (a Firehose batch can hold many documents).
        public var maxSignals: Int

        /// Creates limits; the defaults follow Firehose's 10,000 records per request.
        public init(maxRecords: Int = 10_000, maxDepth: Int = 64, maxSignals: Int = 100_000) {
            self.maxRecords = maxRecords
            self.maxDepth = maxDepth
            self.maxSignals = maxSignals
        }
    }

    /// The limits in force.
    public var limits: Limits
    /// Inflates a gzip member (Firehose records from CloudWatch Logs are gzip'd); nil refuses such records.
    let gunzip: (@Sendable (Data) throws -> Data)?

    /// Creates a decoder; `gunzip` is the zlib seam the Server provides (Domain imports only Foundation).
    public init(limits: Limits = Limits(), gunzip: (@Sendable (Data) throws -> Data)? = nil) {
        self.limits = limits
        self.gunzip = gunzip
    }

    /// Decodes one document of any supported shape into its signals.
    ///
    /// Throws `DomainError(.invalidInput)` for invalid JSON (with the byte offset), an exceeded limit, or an
    /// unusable record (with its index), and `DomainError(.unknownEventShape)` for JSON of no known shape.
    public func decode(_ body: Data, receivedAt: Date) throws -> [Signal] {
        let document = try JSONParser.parse(body, maxDepth: limits.maxDepth)
        var signals: [Signal] = []
        try appendSignals(from: document, path: "$", embedding: 0, receivedAt: receivedAt, to: &signals)
        return signals
    }

    /// Dispatches on the document's shape, appending its signals.
    func appendSignals(
        from document: JSONValue, path: String, embedding: Int, receivedAt: Date, to signals: inout [Signal]
    ) throws {
        switch document {
        case .array(let elements):
            // A bare array of CloudTrail records, findings, events or PutEvents entries.
            try checkCount(elements.count, at: path)
            for (offset, element) in elements.enumerated() {
                let elementPath = "\(path)[\(offset)]"
                guard case .object = element else {
                    throw DomainError(.invalidInput, "\(elementPath): expected an event object, found \(element.typeName)")
                }
                try appendObject(element, path: elementPath, embedding: embedding, receivedAt: receivedAt, to: &signals)
            }
        case .object:
            try appendObject(document, path: path, embedding: embedding, receivedAt: receivedAt, to: &signals)
        default:
            throw DomainError(.unknownEventShape, "\(path): expected an event object or an array of events, found \(document.typeName)")
        }
    }

    private func appendObject(
        _ object: JSONValue, path: String, embedding: Int, receivedAt: Date, to signals: inout [Signal]
    ) throws {
        let none = EventBridgeEnvelope()
        if let records = object["Records"] {
            // The CloudTrail log file object delivered to S3.
            for (offset, record) in try elements(of: records, at: "\(path).Records") {
                signals.append(try CloudTrailNormalizer.signal(
                    from: record, envelope: none, raw: record, receivedAt: receivedAt, path: "\(path).Records[\(offset)]"))
            }
        } else if let findings = object["Findings"] {
            // GetFindings output: GuardDuty (PascalCase) or Security Hub (ASFF).
            for (offset, finding) in try elements(of: findings, at: "\(path).Findings") {
                let findingPath = "\(path).Findings[\(offset)]"
                signals.append(SecurityHubNormalizer.isFinding(finding)
                    ? try SecurityHubNormalizer.signal(from: finding, envelope: none, receivedAt: receivedAt, path: findingPath)
                    : try GuardDutyNormalizer.signal(from: finding, envelope: none, raw: finding, receivedAt: receivedAt, path: findingPath))
            }
        } else if let detailType = object["detail-type"] {
            guard case .string(let name) = detailType else {
                throw DomainError(.invalidInput, "\(path).detail-type: expected a string, found \(detailType.typeName)")
            }
            try appendEventBridge(object, detailType: name, path: path, receivedAt: receivedAt, to: &signals)
        } else if object["DetailType"] != nil, object["Detail"] != nil {
            try appendPutEventsEntry(object, path: path, receivedAt: receivedAt, to: &signals)
        } else if object["requestId"] != nil, object["records"] != nil {
            try nestedCheck(embedding, at: path)
            signals.append(contentsOf: try firehoseDelivery(object, receivedAt: receivedAt, embedding: embedding + 1).signals)
        } else if let messageType = object["messageType"], object["logEvents"] != nil {
            try appendCloudWatchLogs(object, messageType: messageType, path: path, embedding: embedding, receivedAt: receivedAt, to: &signals)
        } else if CloudTrailNormalizer.isRecord(object) {
            signals.append(try CloudTrailNormalizer.signal(from: object, envelope: none, raw: object, receivedAt: receivedAt, path: path))
        } else if SecurityHubNormalizer.isFinding(object) {
            signals.append(try SecurityHubNormalizer.signal(from: object, envelope: none, receivedAt: receivedAt, path: path))
        } else if GuardDutyNormalizer.isFinding(object) {
            signals.append(try GuardDutyNormalizer.signal(from: object, envelope: none, raw: object, receivedAt: receivedAt, path: path))
        } else if SplunkAlertNormalizer.isAlert(object) {
            signals.append(try SplunkAlertNormalizer.signal(from: object, receivedAt: receivedAt, path: path))
        } else if let detail = object["detail"], GuardDutyNormalizer.isFinding(detail) || CloudTrailNormalizer.isRecord(detail) {
            // An EventBridge-style event without detail-type (hand-made test events): go by the detail's shape.
            let envelope = EventBridgeEnvelope(event: object)
            signals.append(GuardDutyNormalizer.isFinding(detail)
                ? try GuardDutyNormalizer.signal(from: detail, envelope: envelope, raw: object, receivedAt: receivedAt, path: "\(path).detail")
                : try CloudTrailNormalizer.signal(from: detail, envelope: envelope, raw: object, receivedAt: receivedAt, path: "\(path).detail"))
        } else {
            let keys = (object.objectValue?.keys.sorted() ?? []).prefix(8).joined(separator: ", ")
            throw DomainError(.unknownEventShape, """
                \(path): no known event shape (looked for CloudTrail Records or eventName, Findings, EventBridge \
                detail-type, PutEvents DetailType/Detail, Firehose requestId/records, CloudWatch Logs messageType, \
                ASFF SchemaVersion/ProductArn, GuardDuty id/type/resource/severity, Splunk sid/result); \
                found keys: \(keys)
                """)
        }
        guard signals.count <= limits.maxSignals else {
            throw DomainError(.invalidInput, "more than \(limits.maxSignals) signals in one request (limit maxSignals)")
        }
    }

    /// An EventBridge event, dispatched on `detail-type` (each service's EventBridge event reference).
    private func appendEventBridge(
        _ event: JSONValue, detailType: String, path: String, receivedAt: Date, to signals: inout [Signal]
    ) throws {
        let envelope = EventBridgeEnvelope(event: event)
        guard let detail = event["detail"], case .object = detail else {
            throw DomainError(.invalidInput, "\(path).detail: an EventBridge event needs a detail object")
        }
        if detailType.hasSuffix("via CloudTrail") {
            // "AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail", "AWS Service Event via CloudTrail" ...
            signals.append(try CloudTrailNormalizer.signal(from: detail, envelope: envelope, raw: event, receivedAt: receivedAt, path: "\(path).detail"))
        } else if detailType == "GuardDuty Finding" {
            signals.append(try GuardDutyNormalizer.signal(from: detail, envelope: envelope, raw: event, receivedAt: receivedAt, path: "\(path).detail"))
        } else if detailType.hasPrefix("Security Hub Findings") {
            // "Imported", "Custom Action", "Custom Action" with several selected findings.
            guard let findings = detail["findings"] else {
                throw DomainError(.invalidInput, "\(path).detail.findings: missing")
            }
            for (offset, finding) in try elements(of: findings, at: "\(path).detail.findings") {
                signals.append(try SecurityHubNormalizer.signal(
                    from: finding, envelope: envelope, receivedAt: receivedAt, path: "\(path).detail.findings[\(offset)]"))
            }
        } else if detailType.hasPrefix("Trusted Advisor") {
            signals.append(try TrustedAdvisorNormalizer.signal(from: detail, envelope: envelope, raw: event, receivedAt: receivedAt, path: path))
        } else if detailType.hasPrefix("AWS Health") {
            signals.append(try HealthNormalizer.signal(from: detail, envelope: envelope, raw: event, receivedAt: receivedAt, path: path))
        } else {
            throw DomainError(.unknownEventShape, """
                \(path).detail-type: "\(detailType.prefix(100))" is not one Cordon reads (known: "... via CloudTrail", \
                "GuardDuty Finding", "Security Hub Findings - ...", "Trusted Advisor ...", "AWS Health ...")
                """)
        }
    }

    /// A PutEvents request entry (EventBridge API Reference, `PutEventsRequestEntry`): `Detail` is a JSON string.
    private func appendPutEventsEntry(_ entry: JSONValue, path: String, receivedAt: Date, to signals: inout [Signal]) throws {
        guard let detailType = entry["DetailType"]?.stringValue, let detailText = entry["Detail"]?.stringValue else {
            throw DomainError(.invalidInput, "\(path): a PutEvents entry needs DetailType and Detail strings")
        }
        let detail: JSONValue
        do {
            detail = try JSONParser.parse(Data(detailText.utf8), maxDepth: limits.maxDepth)
        } catch let error as DomainError {
            throw DomainError(error.code, "\(path).Detail: \(error.message)")
        }
        var event: [String: JSONValue] = ["detail-type": .string(detailType), "detail": detail]
        event["source"] = entry["Source"]
        event["time"] = entry["Time"]
        event["resources"] = entry["Resources"]
        try appendEventBridge(.object(event), detailType: detailType, path: path, receivedAt: receivedAt, to: &signals)
    }

    /// A CloudWatch Logs subscription envelope: each DATA_MESSAGE log event's `message` is one JSON document
    /// (a CloudTrail record when CloudTrail logs to CloudWatch Logs); CONTROL_MESSAGE envelopes carry no events.
    private func appendCloudWatchLogs(
        _ envelope: JSONValue, messageType: JSONValue, path: String, embedding: Int, receivedAt: Date,
        to signals: inout [Signal]
    ) throws {
        guard messageType.stringValue != "CONTROL_MESSAGE" else { return }
        try nestedCheck(embedding, at: path)
        for (offset, logEvent) in try elements(of: envelope["logEvents"] ?? .null, at: "\(path).logEvents") {
            let messagePath = "\(path).logEvents[\(offset)].message"
            guard let message = logEvent["message"]?.stringValue else {
                throw DomainError(.invalidInput, "\(messagePath): missing or not a string")
            }
            let document: JSONValue
            do {
                document = try JSONParser.parse(Data(message.utf8), maxDepth: limits.maxDepth)
            } catch let error as DomainError {
                throw DomainError(error.code, "\(messagePath): \(error.message)")
            }
            try appendSignals(from: document, path: messagePath, embedding: embedding + 1, receivedAt: receivedAt, to: &signals)
        }
    }

    /// The elements of an array of records, after checking it is one and within `maxRecords`.
    private func elements(of value: JSONValue, at path: String) throws -> EnumeratedSequence<[JSONValue]> {
        guard case .array(let elements) = value else {
            throw DomainError(.invalidInput, "\(path): expected an array, found \(value.typeName)")
        }
        try checkCount(elements.count, at: path)
        return elements.enumerated()
    }

    private func checkCount(_ count: Int, at path: String) throws {
        guard count <= limits.maxRecords else {
            throw DomainError(.invalidInput, "\(path): \(count) records, over the limit of \(limits.maxRecords) (maxRecords)")
        }
    }

    /// Documents may embed documents (Firehose record, CloudWatch Logs message) only a few levels deep.
    private func nestedCheck(_ embedding: Int, at path: String) throws {
        guard embedding < 3 else {
            throw DomainError(.invalidInput, "\(path): documents embedded more than 3 levels deep")
        }
    }
}

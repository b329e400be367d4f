import FoundationEssentials

/// Amazon Data Firehose HTTP endpoint delivery: `{"requestId", "timestamp", "records": [{"data": base64}]}`.
extension EventDecoder {
    /// Decodes a Firehose delivery request body (already without HTTP Content-Encoding). Each record's data is
    /// one or more JSON documents (JSON lines, or documents back to back), possibly gzip'd (CloudWatch Logs
    /// sources). All or nothing: one bad record rejects the batch, naming `records[i]`.
    public func decodeFirehose(_ body: Data, receivedAt: Date) throws -> FirehoseDelivery {
        let document = try JSONParser.parse(body, maxDepth: limits.maxDepth)
        guard case .object = document else {
            throw DomainError(.invalidInput, "a Firehose request body must be an object, found \(document.typeName)")
        }
        return try firehoseDelivery(document, receivedAt: receivedAt, embedding: 1)
    }

    func firehoseDelivery(_ request: JSONValue, receivedAt: Date, embedding: Int) throws -> FirehoseDelivery {
        guard let requestID = request["requestId"]?.stringValue, !requestID.isEmpty else {
            throw DomainError(.invalidInput, "requestId: required, a non-empty string")
        }
        guard case .array(let records)? = request["records"] else {
            throw DomainError(.invalidInput, "records: required, an array")
        }
        guard records.count <= limits.maxRecords else {
            throw DomainError(.invalidInput, "records: \(records.count) records, over the limit of \(limits.maxRecords) (maxRecords)")
        }
        var signals: [Signal] = []
        for (offset, record) in records.enumerated() {
            let path = "records[\(offset)].data"
            guard let encoded = record["data"]?.stringValue else {
                throw DomainError(.invalidInput, "\(path): required, a base64 string")
            }
            if encoded.isEmpty { continue } // The contract allows empty data.
            guard var data = Data(base64Encoded: encoded) else {
                throw DomainError(.invalidInput, "\(path): not valid base64")
            }
            // RFC 1952 section 2.3.1: a gzip member starts with 0x1F 0x8B.
            if data.count >= 2, data[data.startIndex] == 0x1F, data[data.startIndex + 1] == 0x8B {
                guard let gunzip else {
                    throw DomainError(.invalidInput, "\(path): gzip-compressed, and this decoder has no gzip support")
                }
                do {
                    data = try gunzip(data)
                } catch {
                    throw DomainError(.invalidInput, "\(path): gzip data does not inflate (\(error))")
                }
            }
            do {
                let documents = try JSONParser.parseSequence(data, maxDepth: limits.maxDepth, maxValues: limits.maxRecords)
                for document in documents {
                    try appendSignals(from: document, path: path, embedding: embedding, receivedAt: receivedAt, to: &signals)
                }
            } catch let error as DomainError {
                throw DomainError(error.code, error.message.hasPrefix(path) ? error.message : "\(path): \(error.message)")
            }
            guard signals.count <= limits.maxSignals else {
                throw DomainError(.invalidInput, "more than \(limits.maxSignals) signals in one request (limit maxSignals)")
            }
        }
        let timestamp = request["timestamp"].flatMap { value -> Int64? in
            if case .number(let text) = value { return Int64(text) }
            return nil
        }
        return FirehoseDelivery(requestID: requestID, timestamp: timestamp, signals: signals)
    }
}

import Domain
import FoundationEssentials

/// JSON in and out of the API. Request bodies are decoded strictly: a member the schema does not name is
/// rejected (so a client cannot set server-owned fields such as `status` or `steps`), and every failure names
/// its JSON path. Responses use the store's conventions (`StoreJSON`): sorted keys, unescaped slashes and
/// ISO-8601 dates with milliseconds, so an incident reads the same over HTTP and on disk.
enum JSONBody {
    /// The members a request body may have, as declared in openapi.yaml (`additionalProperties: false`).
    indirect enum Shape: Sendable {
        /// Any value; its type is left to the `Decodable` type.
        case value
        /// A string from this list (a JSON Schema `enum`), checked here so the error lists the choices.
        case oneOf([String])
        /// An object with only these members.
        case object([String: Shape])
    }

    /// Decodes `body` as `Value` after checking it against `shape`; throws a 400 naming what was wrong.
    static func decode<Value: Decodable>(_ type: Value.Type, from body: Data, shape: Shape) throws(HTTPError) -> Value {
        guard !body.isEmpty else {
            throw HTTPError(.badRequest, "The request body is empty; send a JSON object.")
        }
        let document: JSONValue
        do {
            document = try JSONDecoder().decode(JSONValue.self, from: body)
        } catch {
            throw HTTPError(.badRequest, "The request body is not valid JSON (RFC 8259): \(reason(error)).")
        }
        guard case .object = document else {
            throw HTTPError(.badRequest, "The request body must be a JSON object.")
        }
        try check(document, against: shape, path: "")
        do {
            return try StoreJSON.decoder().decode(Value.self, from: body)
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, describe(error))
        } catch {
            throw HTTPError(.badRequest, "The request body could not be read: \(error).")
        }
    }

    /// `value` as JSON with the store's conventions; an encoding failure is a server bug, answered as a 500.
    static func response<Value: Encodable>(_ value: Value, status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        do {
            var response = HTTPResponse(status: status, headers: headers, body: try StoreJSON.encoder().encode(value))
            response.headers.set("Content-Type", "application/json")
            return response
        } catch {
            return .problem(.internalServerError, detail: "The response could not be encoded.")
        }
    }

    /// Walks the document alongside the shape; only unknown members and out-of-list strings are errors here,
    /// types are the decoder's to check.
    private static func check(_ value: JSONValue, against shape: Shape, path: String) throws(HTTPError) {
        switch (shape, value) {
        case (.object(let members), .object(let object)):
            for name in object.keys.sorted() {
                let memberPath = path.isEmpty ? name : "\(path).\(name)"
                guard let memberShape = members[name] else {
                    let allowed = members.keys.sorted().joined(separator: ", ")
                    throw HTTPError(.badRequest, "\(memberPath): unknown field; allowed here: \(allowed).")
                }
                if let member = object[name] { try check(member, against: memberShape, path: memberPath) }
            }
        case (.oneOf(let choices), .string(let text)) where !choices.contains(text):
            throw HTTPError(.badRequest, "\(path): \(String(reflecting: text)) is not one of \(choices.joined(separator: ", ")).")
        default:
            return
        }
    }

    /// A decoding error in words, led by its JSON path.
    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type))."
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)): expected \(typeName(type)), found null."
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])): required."
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)."
        @unknown default:
            return "The request body could not be decoded: \(error)."
        }
    }

    /// A coding path as JSON path text: `target.instanceId`, `items[0]`; the root is `body`.
    private static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "body" : text
    }

    /// The JSON type a Swift type is read from.
    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type: "an integer"
        case is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "an object"
        }
    }

    /// The decoder's explanation of a JSON syntax error.
    private static func reason(_ error: any Error) -> String {
        guard case DecodingError.dataCorrupted(let context) = error else { return "\(error)" }
        return context.debugDescription
    }
}

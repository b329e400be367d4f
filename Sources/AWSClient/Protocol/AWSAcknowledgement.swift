/// The answer of an action whose only useful output is that it succeeded.
public struct AWSAcknowledgement: Sendable, Equatable {
    /// The AWS request ID.
    public var requestId: String

    /// Creates an acknowledgement.
    public init(requestId: String) {
        self.requestId = requestId
    }
}

extension AWSAction where Output == AWSAcknowledgement {
    /// An action whose answer carries nothing but the request ID (EC2 adds `<return>true</return>`).
    public static func acknowledged(_ service: AWSService, _ name: String, _ parameters: QueryParameters,
                                    idempotent: Bool = true) -> AWSAction {
        AWSAction(service: service, name: name, parameters: parameters, idempotent: idempotent) { result, requestId in
            if result.string("return") == "false" {
                throw AWSClientError(kind: .service, code: "ReturnedFalse", message: "\(name) returned false", requestId: requestId)
            }
            return AWSAcknowledgement(requestId: requestId)
        }
    }
}

import FoundationEssentials

/// One AWS call as a value: which service and action, its parameters, whether it is safe to repeat,
/// and how to decode its answer. `AWSClient.send` does the rest (sign, send, decode, retry).
public struct AWSAction<Output: Sendable>: Sendable {
    /// The service the action belongs to; fixes the endpoint, signing name, API version and protocol.
    public var service: AWSService
    /// The action name as AWS spells it, e.g. "DescribeInstances".
    public var name: String
    /// The action's parameters (without Action and Version).
    public var parameters: QueryParameters
    /// True when sending the call twice has the effect of sending it once (reads, set-state writes,
    /// writes carrying a ClientToken); only such calls are retried after a transport or server error.
    public var idempotent: Bool
    /// False for the few actions AWS accepts unsigned and that run before any credentials exist
    /// (STS AssumeRoleWithWebIdentity, whose proof is the web identity token).
    public var signed: Bool
    /// For a create without a usable ClientToken: looks up what an earlier, possibly lost attempt created
    /// (by a tag set at creation) so a retry returns it instead of creating a second one.
    public var recover: (@Sendable (AWSClient) async throws -> Output?)?
    /// Decodes the result element (EC2: the `…Response` root; Query: its `…Result` child) and the request ID.
    public var decode: @Sendable (_ result: XMLTree, _ requestId: String) throws -> Output

    /// Creates an action.
    public init(
        service: AWSService, name: String, parameters: QueryParameters = QueryParameters(), idempotent: Bool,
        signed: Bool = true, recover: (@Sendable (AWSClient) async throws -> Output?)? = nil,
        decode: @escaping @Sendable (_ result: XMLTree, _ requestId: String) throws -> Output
    ) {
        self.service = service
        self.name = name
        self.parameters = parameters
        self.idempotent = idempotent
        self.signed = signed
        self.recover = recover
        self.decode = decode
    }
}

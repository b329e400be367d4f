/// Who made a request: the token's name (recorded as the actor in incidents and the audit log) and its role.
struct Principal: Sendable, Equatable {
    /// The token's name from the tokens file, e.g. `splunk`.
    let name: String
    /// The token's role.
    let role: Role
}

extension Dictionary where Key == String, Value == String {
    /// The variable's value, or nil when it is unset or empty (the SDKs treat both alike).
    func nonEmpty(_ name: String) -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        return value
    }

    /// Whether the variable is set to `true`, case-insensitively (e.g. `AWS_EC2_METADATA_DISABLED`).
    func isTrue(_ name: String) -> Bool {
        self[name]?.lowercased() == "true"
    }
}

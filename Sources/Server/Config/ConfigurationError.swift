/// A bad command-line flag or environment value; `cordon` prints it and exits with status 2.
struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The message, naming the flag or variable.
    let description: String
}

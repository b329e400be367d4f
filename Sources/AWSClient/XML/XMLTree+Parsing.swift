import FoundationEssentials

extension XMLTree {
    /// Parses a UTF-8 XML 1.0 document into its root element, rejecting anything not well-formed.
    ///
    /// A small parser of Cordon's own (`XMLDocumentParser`) rather than FoundationXML, whose libxml2 and
    /// ICU cost about 1.1 MiB of idle RSS (issue #2). It accepts what AWS's Query and EC2 protocols send and
    /// refuses any DOCTYPE, so external entities (XXE) and entity expansion (billion laughs) cannot occur.
    public static func parse(_ data: Data) throws(AWSClientError) -> XMLTree {
        let result: Result<XMLTree, AWSClientError> = data.withUnsafeBytes { bytes in
            var parser = XMLDocumentParser(bytes)
            do throws(AWSClientError) {
                return .success(try parser.parseDocument())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}

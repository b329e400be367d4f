import FoundationEssentials

/// Splits an HTTP answer of the EC2 or AWS Query protocol into a result element or a service error.
enum AWSResponseDecoding {
    /// The result element and request ID of a successful (2xx) answer.
    static func result(of response: AWSHTTPResponse, action: String) throws(AWSClientError) -> (result: XMLTree, requestId: String) {
        let root = try XMLTree.parse(response.body)
        // Query protocol: <ActionResponse><ActionResult>…</ActionResult><ResponseMetadata><RequestId>;
        // EC2: <ActionResponse><requestId>…</requestId>… with the fields directly under the root.
        let result = root.child("\(action)Result") ?? root
        let requestId = response.headers["x-amzn-requestid"]
            ?? root.string("requestId") ?? root.string("ResponseMetadata", "RequestId") ?? ""
        return (result, requestId)
    }

    /// The service error of a non-2xx answer, from either error envelope.
    ///
    /// EC2: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`
    /// (EC2 API reference, "Error codes"); Query: `<ErrorResponse><Error><Type/><Code/><Message/></Error>
    /// <RequestId/></ErrorResponse>`. A body that is neither keeps the HTTP status as the code's basis.
    static func serviceError(of response: AWSHTTPResponse) -> AWSClientError {
        let headerId = response.headers["x-amzn-requestid"]
        do {
            let root = try XMLTree.parse(response.body)
            if let error = root.node("Errors", "Error") ?? root.child("Error"), let code = error.string("Code") {
                let requestId = headerId ?? root.string("RequestID") ?? root.string("RequestId")
                return AWSClientError(kind: .service, code: code, message: error.string("Message") ?? "",
                                      httpStatus: response.status, requestId: requestId)
            }
        } catch {
            // Not XML (a load balancer's HTML 503, an empty body): fall through to the status-based error.
        }
        let snippet = String(decoding: response.body.prefix(200), as: UTF8.self)
        return AWSClientError(kind: .service, code: "HTTP\(response.status)", message: snippet,
                              httpStatus: response.status, requestId: headerId)
    }
}

/// The HTTP engine's limits and timeouts (`HTTPConfiguration`); their defaults suit an internet-facing service.
extension ConfigurationSetting {
    /// The engine's settings, in the order the README lists them (after the others).
    static let httpEngine: [ConfigurationSetting] = [
        ConfigurationSetting(variable: "CORDON_HTTP_EVENT_LOOPS", fileKey: "http.eventLoops", flag: nil,
                             defaultValue: "half the cores, at least 1", meaning: "event-loop threads serving connections") { value, configuration, source throws(ConfigurationError) in
            configuration.http.eventLoopCount = try Validate.integer(value, in: 1...64, source)
        },
        ConfigurationSetting(variable: "CORDON_HTTP_MAX_CONNECTIONS", fileKey: "http.maxConnections", flag: nil,
                             defaultValue: "1024", meaning: "open connections; one more is answered 503 and closed") { value, configuration, source throws(ConfigurationError) in
            configuration.http.maxConnections = try Validate.integer(value, in: 1...100_000, source)
        },
        ConfigurationSetting(variable: "CORDON_HTTP_HEADER_TIMEOUT_SECONDS", fileKey: "http.headerTimeoutSeconds", flag: nil,
                             defaultValue: "10", meaning: "seconds from a request's first byte to the end of its head; then 408") { value, configuration, source throws(ConfigurationError) in
            configuration.http.headerTimeout = try Validate.seconds(value, in: 1...600, source)
        },
        ConfigurationSetting(variable: "CORDON_HTTP_BODY_TIMEOUT_SECONDS", fileKey: "http.bodyTimeoutSeconds", flag: nil,
                             defaultValue: "30", meaning: "seconds to receive a whole body after its head; then 408") { value, configuration, source throws(ConfigurationError) in
            configuration.http.bodyTimeout = try Validate.seconds(value, in: 1...3_600, source)
        },
        ConfigurationSetting(variable: "CORDON_HTTP_IDLE_TIMEOUT_SECONDS", fileKey: "http.idleTimeoutSeconds", flag: nil,
                             defaultValue: "75", meaning: "seconds a keep-alive connection may wait for its next request") { value, configuration, source throws(ConfigurationError) in
            configuration.http.idleTimeout = try Validate.seconds(value, in: 1...3_600, source)
        },
        ConfigurationSetting(variable: "CORDON_HTTP_WRITE_TIMEOUT_SECONDS", fileKey: "http.writeTimeoutSeconds", flag: nil,
                             defaultValue: "30", meaning: "seconds a response write may make no progress before the connection is dropped") { value, configuration, source throws(ConfigurationError) in
            configuration.http.writeTimeout = try Validate.seconds(value, in: 1...3_600, source)
        },
        ConfigurationSetting(variable: "CORDON_HTTP_SHUTDOWN_GRACE_SECONDS", fileKey: "http.shutdownGraceSeconds", flag: nil,
                             defaultValue: "10", meaning: "seconds shutdown waits for requests in flight") { value, configuration, source throws(ConfigurationError) in
            configuration.http.shutdownGracePeriod = try Validate.seconds(value, in: 0...3_600, source)
        },
        ConfigurationSetting(variable: "CORDON_HTTP_MAX_TARGET_BYTES", fileKey: "http.maxTargetBytes", flag: nil,
                             defaultValue: "8192", meaning: "longest request target; longer gets 414") { value, configuration, source throws(ConfigurationError) in
            configuration.http.maxTargetBytes = try Validate.integer(value, in: 256...65_536, source)
        },
        ConfigurationSetting(variable: "CORDON_HTTP_MAX_HEADER_BYTES", fileKey: "http.maxHeaderBytes", flag: nil,
                             defaultValue: "16384", meaning: "largest header section; larger gets 431") { value, configuration, source throws(ConfigurationError) in
            configuration.http.maxHeaderBytes = try Validate.integer(value, in: 1_024...1_048_576, source)
        },
        ConfigurationSetting(variable: "CORDON_HTTP_MAX_HEADER_COUNT", fileKey: "http.maxHeaderCount", flag: nil,
                             defaultValue: "100", meaning: "most header fields; more gets 431") { value, configuration, source throws(ConfigurationError) in
            configuration.http.maxHeaderCount = try Validate.integer(value, in: 16...1_000, source)
        },
        ConfigurationSetting(variable: "CORDON_HTTP_MAX_DECOMPRESSED_BODY_BYTES", fileKey: "http.maxDecompressedBodyBytes", flag: nil,
                             defaultValue: "33554432", meaning: "largest body after gzip inflation; larger gets 413") { value, configuration, source throws(ConfigurationError) in
            configuration.http.maxDecompressedBodyBytes = try Validate.integer(value, in: 1_048_576...1_073_741_824, source)
        },
    ]
}

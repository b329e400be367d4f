import Foundation

// The composition root: configuration, then the engine with its routes, then wait for a signal.
let command: CordonConfiguration.Command
do {
    command = try CordonConfiguration.parse(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment
    )
} catch {
    FileHandle.standardError.write(Data("cordon: \(error.description)\n".utf8))
    exit(2)
}
let configuration: CordonConfiguration
switch command {
case .run(let settings):
    configuration = settings
case .help:
    print(CordonConfiguration.usage, terminator: "")
    exit(0)
case .checkConfig(let path):
    do {
        _ = try CordonConfiguration.parse(arguments: ["--config", path], environment: [:])
        print("\(path): valid")
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("cordon: \(error.description)\n".utf8))
        exit(1)
    }
}

let logger = JSONLineLogger.standardError()
do {
    try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
} catch {
    FileHandle.standardError.write(Data("cordon: --data-dir/CORDON_DATA_DIR: cannot create '\(configuration.dataDirectory)': \(error.localizedDescription)\n".utf8))
    exit(2)
}

// Tokens before anything listens: on the very first start this creates the admin token and prints it once.
let tokens: [AccessToken]
do {
    tokens = try TokenProvisioner.live(dataDirectory: configuration.dataDirectory)
        .tokens(tokensFile: configuration.tokensFile, bootstrapTokenDigest: configuration.bootstrapTokenDigest)
} catch {
    FileHandle.standardError.write(Data("cordon: \(error.description)\n".utf8))
    exit(2)
}
// The incidents gauge reads the service's counts once it is wired (below); until then there are none.
let access = APIAccess(
    authenticator: Authenticator(tokens: tokens, rateLimiter: .live()),
    webhookSecrets: configuration.webhookSecrets,
    metrics: CordonMetrics { [:] }
)

// Integration: once the live service is wired here (the store and journal in `configuration.dataDirectory`,
// the workflow engine over the AWS adapter, `IncidentService`, and `recover()` run before `/readyz` says ready),
// the router becomes the whole API, guarded the same way:
//     let router = CordonAPI(operations: service, isReady: { await recovery.isDone }, logger: logger).router(access: access)
// Until then only the health routes and /metrics are served, and /readyz truthfully answers 503.
var router = Router()
HealthRoutes(isReady: { false }).register(on: &router)
access.guard(&router, now: { Date() })

var http = HTTPConfiguration()
http.host = configuration.host
http.port = configuration.port
// The engine's cap must admit the largest route limit; each route's own limit applies before its body is read.
http.maxBodyBytes = CordonAPI.maxBodyBytes
let server: HTTPServer
do {
    server = try HTTPServer(configuration: http, responder: router, logger: logger)
} catch {
    logger.error("cannot listen", ["error": .string(error.description)])
    exit(1)
}
server.start()
logger.info("started", ["host": .string(configuration.host), "port": .int(server.port), "data_dir": .string(configuration.dataDirectory)])
let received = ShutdownSignal.wait()
logger.info("stopping", ["signal": .string(received)])
server.shutdown()
server.waitUntilStopped()
logger.info("stopped")
exit(0)

import Domain
import FoundationEssentials
import Glibc
import Platform

// The composition root: configuration, then the live services recovered from disk, then the HTTP engine with
// the API's routes, then wait for SIGTERM/SIGINT and drain.
let environment = ProcessInfo.processInfo.environment
let command: CordonConfiguration.Command
do {
    command = try CordonConfiguration.parse(arguments: Array(CommandLine.arguments.dropFirst()), environment: environment)
} catch {
    StandardStream.error.write("cordon: \(error.description)\n")
    exit(2)
}

let configuration: CordonConfiguration
switch command {
case .run(let settings):
    configuration = settings
case .help:
    print(CordonConfiguration.usage, terminator: "")
    exit(0)
case .verifyAudit(let path):
    let (status, message) = AuditVerifyCommand(path: path).run()
    (status == 0 ? StandardStream.output : .error).write(message + "\n")
    exit(status)
case .checkConfig(let path):
    do {
        _ = try CordonConfiguration.parse(arguments: ["--config", path], environment: [:])
        print("\(path): valid")
        exit(0)
    } catch {
        StandardStream.error.write("cordon: \(error.description)\n")
        exit(1)
    }
}

let logger = JSONLineLogger.standardError()
// Before anything is opened: the connection cap, the journal and AWS calls all need descriptors.
let openFileLimit = OpenFileLimit.raiseToHardLimit()
do {
    // Durably, like every directory in it: a data directory whose own entry is lost in a crash loses everything
    // acknowledged in it (found by scripts/durability-order.sh).
    try AtomicFileWriter().createDirectory(configuration.dataDirectory)
} catch {
    StandardStream.error.write("cordon: --data-dir/CORDON_DATA_DIR: cannot create '\(configuration.dataDirectory)': \(error)\n")
    exit(2)
}
// Held until the process ends: a second cordon on this directory is refused before it reads or writes anything.
let dataDirectoryLock: DataDirectoryLock
do {
    dataDirectoryLock = try DataDirectoryLock(directory: configuration.dataDirectory)
} catch {
    StandardStream.error.write("cordon: \(error)\n")
    exit(2)
}

// Tokens before anything listens: on the very first start this creates the admin token and prints it once.
let tokens: [AccessToken]
do {
    tokens = try TokenProvisioner.live(dataDirectory: configuration.dataDirectory)
        .tokens(tokensFile: configuration.tokensFile, bootstrapTokenDigest: configuration.bootstrapTokenDigest)
} catch {
    StandardStream.error.write("cordon: \(error.description)\n")
    exit(2)
}

var http = configuration.http
// The engine's cap must admit the largest route limit; each route's own limit applies before its body is read.
http.maxBodyBytes = CordonAPI.maxBodyBytes

// Recovery runs before the port opens: a request served before the journal is replayed could be taken for new.
let services: LiveServices
do {
    services = try await LiveServices.assemble(configuration, environment: environment,
                                                maxDecompressedBytes: http.maxDecompressedBodyBytes, logger: logger)
} catch {
    StandardStream.error.write("cordon: \(error.description)\n")
    exit(1)
}
let recovery = services.recovery
logger.info("recovered", [
    "incidents": .int(recovery.incidentsLoaded), "journal_records": .int(recovery.journalRecords),
    "signals_reapplied": .int(recovery.signalsReapplied), "workflows_resumed": .int(recovery.workflowsResumed.count),
    "dropped_tail_bytes": .int(recovery.droppedTail?.bytes ?? 0), "region": .string(services.region),
    "replayed_from": .string(recovery.replayedFrom.description), "checkpoint_digests": .int(recovery.checkpointDigests),
])
if let reason = recovery.fullReplayReason, recovery.journalRecords > 0 {
    logger.warning("journal replayed in full", ["reason": .string(reason)])
}
if let failure = recovery.checkpointFailure {
    logger.warning("journal checkpoint failed", ["error": .string(failure)])
}
if let problem = recovery.summaryIndexProblem {
    logger.warning("incident summary index not used", ["reason": .string(problem)])
}

let router = services.router(tokens: tokens, webhookSecrets: configuration.webhookSecrets, logger: logger)
let server: HTTPServer
do {
    server = try HTTPServer(configuration: http, responder: router, logger: logger)
} catch {
    logger.error("cannot listen", ["error": .string(error.description)])
    exit(1)
}
do {
    try server.start()
} catch {
    logger.error("cannot start the event loops", ["error": .string(error.description)])
    exit(1)
}
logger.info("started", ["host": .string(http.host), "port": .int(server.port), "event_loops": .int(server.eventLoopCount),
                         "open_files": .int(openFileLimit),
                         "data_dir": .string(configuration.dataDirectory)])
let received = ShutdownSignal.wait()
logger.info("stopping", ["signal": .string(received)])
server.shutdown()
server.waitUntilStopped()
logger.info("stopped")
exit(0)

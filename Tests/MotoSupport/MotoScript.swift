import Foundation

/// The package root (this file is Tests/MotoSupport/MotoScript.swift); the name predates this module and is kept
/// so the tests that use it compile unchanged.
public let responderPackageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs `scripts/moto/<script>` with python3 and returns what it printed; fails with its stderr if it fails.
public func runMotoScript(_ script: String, _ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", responderPackageRoot.appendingPathComponent("scripts/moto/\(script)").path] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let failure = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw MotoSupportError("\(script) exited \(process.terminationStatus): \(String(decoding: failure, as: UTF8.self))")
    }
    return data
}

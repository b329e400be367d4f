import Foundation
import Testing
@testable import Domain

@Suite struct PersistenceAtomicFileWriterTests {
    @Test func createsThenReplacesAndLeavesNoTemporaryFile() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("incident.json").path
            try AtomicFileWriter().replace(path, with: Data("old".utf8))
            try AtomicFileWriter().replace(path, with: Data("new".utf8))
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("new".utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["incident.json"])
            let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(permissions == 0o640)
        }
    }

    /// A reader racing the writer sees the whole old content or the whole new content, never a mix or nothing.
    @Test func concurrentReaderSeesOldOrNewNeverPartial() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("state.json").path
            let versions = [Data(repeating: UInt8(ascii: "a"), count: 256 << 10), Data(repeating: UInt8(ascii: "b"), count: 300 << 10)]
            try AtomicFileWriter().replace(path, with: versions[0])
            let writer = Task.detached {
                for round in 1...40 { try AtomicFileWriter().replace(path, with: versions[round % 2]) }
            }
            let reader = Task.detached {
                var unexpected = 0
                for _ in 0..<400 {
                    let seen = try Data(contentsOf: URL(fileURLWithPath: path))
                    if seen != versions[0] && seen != versions[1] { unexpected += 1 }
                }
                return unexpected
            }
            try await writer.value
            #expect(try await reader.value == 0)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == versions[0])
        }
    }

    @Test func parentThatIsAFileFailsWithStorageFailureAndCreatesNothing() async throws {
        try await withTemporaryDirectory { directory in
            let blocker = directory.appendingPathComponent("blocker")
            try Data("x".utf8).write(to: blocker)
            let target = blocker.appendingPathComponent("incident.json").path
            let error = await domainError { try AtomicFileWriter().replace(target, with: Data("new".utf8)) }
            #expect(error?.code == .storageFailure)
            #expect(error?.message.hasPrefix(blocker.path) == true)
            #expect(error?.message.hasSuffix(": Not a directory") == true)
            #expect(!FileManager.default.fileExists(atPath: target))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["blocker"])
        }
    }

    /// rename(2) of a file over a non-empty directory fails: the directory stays and the temporary file is removed.
    @Test func failedRenameKeepsTheOldEntryAndRemovesTheTemporaryFile() async throws {
        try await withTemporaryDirectory { directory in
            let target = directory.appendingPathComponent("taken")
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
            try Data("keep".utf8).write(to: target.appendingPathComponent("inside"))
            let error = await domainError { try AtomicFileWriter().replace(target.path, with: Data("new".utf8)) }
            #expect(error?.code == .storageFailure)
            #expect(error?.message.hasPrefix(target.path + ": ") == true)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["taken"])
            #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["inside"])
        }
    }

    @Test func createsNestedDirectoriesAndFailsUnderAFile() async throws {
        try await withTemporaryDirectory { directory in
            let nested = directory.appendingPathComponent("data/incidents/open").path
            try AtomicFileWriter().createDirectory(nested)
            try AtomicFileWriter().createDirectory(nested)
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: nested, isDirectory: &isDirectory) && isDirectory.boolValue)

            let file = directory.appendingPathComponent("file")
            try Data().write(to: file)
            let error = await domainError { try AtomicFileWriter().createDirectory(file.appendingPathComponent("sub").path) }
            #expect(error?.code == .storageFailure)
        }
    }
}

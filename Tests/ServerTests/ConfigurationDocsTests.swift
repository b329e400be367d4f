import Foundation
import Testing
@testable import Server

/// The configuration table in README.md is written from `ConfigurationSetting.all`; this keeps them equal.
@Suite struct ConfigurationDocsTests {
    /// A row as Markdown shows it, without code spans (the docs mark values up; the table holds plain text).
    static func row(_ setting: ConfigurationSetting) -> String {
        "| \(setting.variable) | \(setting.fileKey ?? "") | \(setting.flag ?? "") | \(setting.defaultValue) | \(setting.meaning) |"
    }

    static func plain(_ line: some StringProtocol) -> String {
        line.replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "  ", with: " ")
    }

    @Test func everySettingHasItsRow() throws {
        let text = try String(contentsOf: AuthFixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `CORDON_") }.map(Self.plain)
        let expected = ConfigurationSetting.all.map { Self.plain(Self.row($0)) }
        #expect(rows == expected)
    }
}

// swift-tools-version:6.0
// libFuzzer target for the HTTP request parser. The parser lives in the `cordon` executable target,
// so this package compiles the same source files through symlinks (Sources/ParserFuzz/*.swift -> ../../../Sources/Server/HTTP/...),
// and the parser's `Platform` helpers through a symlink to the whole target (Sources/Platform -> ../../Sources/Platform).
// Build: swift build --sanitize=fuzzer -c debug   (see scripts/fuzz-parser.sh)
import PackageDescription

let package = Package(
    name: "ParserFuzz",
    targets: [
        .executableTarget(
            name: "ParserFuzz",
            dependencies: ["Platform"],
            path: "Sources/ParserFuzz",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        // The differential oracle (tests/hostile/differential.py): the same parser sources, verdicts on stdout.
        // Build: swift build -c release --product ParserVerdict   (see scripts/differential-http.sh)
        .executableTarget(
            name: "ParserVerdict",
            dependencies: ["Platform"],
            path: "Sources/ParserVerdict"
        ),
        .target(name: "Platform", path: "Sources/Platform"),
    ],
    swiftLanguageModes: [.v6]
)

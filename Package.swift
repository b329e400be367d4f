// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Cordon",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cordon", targets: ["Server"]),
    ],
    targets: [
        // OpenSSL's headers for the AWS transport's TLS; libssl itself is loaded at run time (LibSSL.swift).
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", providers: [.apt(["libssl-dev"])]),
        // zlib for gzip request bodies.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // epoll(7), which Swift's Glibc module does not import; part of libc, nothing to link.
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),
        // What Foundation would give (pthread locks and threads, ASCII text helpers) without linking it: linking any
        // class of full Foundation costs 3.5 MiB of idle memory (docs/PERFORMANCE.md, "Idle memory").
        .target(name: "Platform", path: "Sources/Platform"),
        .target(name: "Domain", dependencies: ["Platform"], path: "Sources/Domain"),
        .target(name: "AWSClient", dependencies: ["Domain", "Platform", "COpenSSL"], path: "Sources/AWSClient"),
        .executableTarget(
            name: "Server",
            dependencies: ["Platform", "Domain", "AWSClient", "CZlib", "CEpoll"],
            path: "Sources/Server",
            // Release builds link with lld and packed relative relocations (DT_RELR, glibc 2.36+): the relocation
            // table shrinks from 1 MB to 8 KB, which start-up no longer reads: 0.6-0.9 MiB less idle memory
            // (docs/PERFORMANCE.md, "Idle memory"). lld ships with the Swift toolchain.
            linkerSettings: [
                .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                             .when(platforms: [.linux], configuration: .release)),
            ]
        ),
        // What several test targets share (a seeded random number generator).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "PlatformTests", dependencies: ["Platform"], path: "Tests/PlatformTests"),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "TestSupport"], path: "Tests/DomainTests"),
        // The moto launcher, fixture and checker the moto-backed tests share (no dependency on Cordon's modules).
        .target(name: "MotoSupport", path: "Tests/MotoSupport"),
        // The tests call OpenSSL directly (the digest differential, LibSSL's signatures); `cordon` loads libssl with
        // dlopen on its first https call and links neither library.
        .testTarget(name: "AWSClientTests", dependencies: ["AWSClient", "Domain", "MotoSupport", "TestSupport"], path: "Tests/AWSClientTests",
                    linkerSettings: [.linkedLibrary("ssl"), .linkedLibrary("crypto")]),
        // The `cordon` binary end to end against moto; it needs the product built, not linked.
        .testTarget(name: "EndToEndTests", dependencies: ["MotoSupport"], path: "Tests/EndToEndTests"),
        .testTarget(name: "ServerTests", dependencies: ["Server", "Domain", "AWSClient", "TestSupport"], path: "Tests/ServerTests"),
    ],
    swiftLanguageModes: [.v6]
)

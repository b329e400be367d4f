// swift-tools-version:6.0
// A Hummingbird 2 hello-world used only as a peer in scripts/bench-healthz.sh; the main package never depends on it.
import PackageDescription

let package = Package(
    name: "HummingbirdHello",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdHello",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Sources/HummingbirdHello"
        ),
    ]
)

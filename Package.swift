// swift-tools-version:6.0
// Signaal: recognise criminal exploitation of minors and find the route.
// No package dependencies (design card): Foundation, Dispatch, XCTest and Swift Testing only.
import PackageDescription

let package = Package(
    name: "Signaal",
    products: [
        .executable(name: "signaal", targets: ["signaal"]),
        .library(name: "SignalModel", targets: ["SignalModel"]),
    ],
    targets: [
        // Turns the top-level Resources/ into Swift source, so a copied binary needs no bundle.
        // It decodes Resources/ with SignalModel's own decoders first (SignalModel's sources through
        // the Sources/EmbedResourcesTool/SignalModel symlink), so bad data fails the build.
        .executableTarget(
            name: "EmbedResourcesTool",
            path: "Sources/EmbedResourcesTool",
            exclude: ["SignalModel/Knowledge+Bundled.swift"]
        ),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["EmbedResourcesTool"],
            path: "Plugins/EmbedResources"
        ),
        .target(
            name: "SignalModel",
            path: "Sources/SignalModel",
            plugins: ["EmbedResources"]
        ),
        .target(
            name: "SignaalCLI",
            dependencies: ["SignalModel"],
            path: "Sources/SignaalCLI"
        ),
        .executableTarget(
            name: "signaal",
            dependencies: ["SignaalCLI"],
            path: "Sources/signaal"
        ),
        // A tiny client of the library through its public API only (README: Using SignalModel).
        .executableTarget(
            name: "SignalModelExample",
            dependencies: ["SignalModel"],
            path: "Sources/SignalModelExample"
        ),
        .testTarget(
            name: "SignalModelTests",
            dependencies: ["SignalModel"],
            path: "Tests/SignalModelTests"
        ),
        .testTarget(
            name: "SignaalCLITests",
            dependencies: ["SignaalCLI", "SignalModel"],
            path: "Tests/SignaalCLITests"
        ),
    ]
)

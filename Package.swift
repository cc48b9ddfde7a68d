// swift-tools-version:6.0
// Signaal: recognise criminal exploitation of minors and find the route.
// No package dependencies (design card): Foundation, Dispatch, XCTest and Swift Testing only.
import PackageDescription

let package = Package(
    name: "Signaal",
    products: [
        .executable(name: "signaal", targets: ["signaal"]),
        .library(name: "SignalModel", targets: ["SignalModel", "SignalKnowledge"]),
    ],
    targets: [
        // The library: decoders, engine, routing, renderers, the interview. No data of its own.
        .target(
            name: "SignalModel",
            path: "Sources/SignalModel"
        ),
        // The knowledge built into the binary: the EmbedResources plugin checks Resources/ with the
        // library's decoders (bad data fails the build, located) and embeds the text of each file
        // once; `Knowledge.bundled` decodes each part on first use. A copied binary needs no bundle.
        .target(
            name: "SignalKnowledge",
            dependencies: ["SignalModel"],
            path: "Sources/SignalKnowledge",
            plugins: ["EmbedResources"]
        ),
        // The plugin's tool: a client of the library like any other.
        .executableTarget(
            name: "EmbedResourcesTool",
            dependencies: ["SignalModel"],
            path: "Sources/EmbedResourcesTool"
        ),
        .plugin(
            name: "EmbedResources",
            capability: .buildTool(),
            dependencies: ["EmbedResourcesTool"],
            path: "Plugins/EmbedResources"
        ),
        .target(
            name: "SignaalCLI",
            dependencies: ["SignalModel", "SignalKnowledge"],
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
            dependencies: ["SignalModel", "SignalKnowledge"],
            path: "Sources/SignalModelExample"
        ),
        .testTarget(
            name: "SignalModelTests",
            dependencies: ["SignalModel", "SignalKnowledge"],
            path: "Tests/SignalModelTests"
        ),
        .testTarget(
            name: "SignaalCLITests",
            dependencies: ["SignaalCLI", "SignalModel", "SignalKnowledge"],
            path: "Tests/SignaalCLITests"
        ),
    ]
)

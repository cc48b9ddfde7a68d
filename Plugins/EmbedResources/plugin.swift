import Foundation
import PackagePlugin

/// Embeds every JSON file under the package's top-level `Resources/` into the target as Swift
/// source (`BundledResources.files`), so the built binary carries its catalogue with it.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let resources = context.package.directoryURL.appending(path: "Resources")
        let output = context.pluginWorkDirectoryURL.appending(path: "BundledResources.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: resources, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where url.pathExtension == "json" {
                inputs.append(url)
            }
        }
        inputs.sort { $0.path < $1.path }
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) resource files",
                executable: try context.tool(named: "EmbedResourcesTool").url,
                arguments: [resources.path, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}

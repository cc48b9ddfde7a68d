import Foundation
import PackagePlugin

/// Embeds every JSON file under the package's top-level `Resources/` into the target as Swift
/// source (`BundledResources.files`), so the built binary carries its catalogue with it.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let resources = context.package.directoryURL.appending(path: "Resources")
        let output = context.pluginWorkDirectoryURL.appending(path: "BundledResources.swift")
        // Files (for edits) and folders (for files added or removed) are both inputs. The tool
        // lists the folder itself when it runs, so a stale plugin evaluation cannot drop a file.
        var inputs: [URL] = [resources]
        if let walker = FileManager.default.enumerator(at: resources, includingPropertiesForKeys: [.isDirectoryKey]) {
            for case let url as URL in walker {
                let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
                if isDirectory || url.pathExtension == "json" { inputs.append(url) }
            }
        }
        inputs.sort { $0.path < $1.path }
        return [
            .buildCommand(
                displayName: "Embedding Resources/ into SignalModel",
                executable: try context.tool(named: "EmbedResourcesTool").url,
                arguments: [resources.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}

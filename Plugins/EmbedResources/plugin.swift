import Foundation
import PackagePlugin

/// Embeds every JSON file under the package's top-level `Resources/` into the SignalKnowledge
/// target as Swift source (`BundledResources`), so the built binary carries its knowledge with it.
/// The tool (a client of SignalModel) checks every file with the library's decoders first.
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
                displayName: "Checking and embedding Resources/ into SignalKnowledge",
                executable: try context.tool(named: "EmbedResourcesTool").url,
                arguments: [resources.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            )
        ]
    }
}

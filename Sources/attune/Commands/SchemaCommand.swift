import ArgumentParser
import AttuneCore

/// The evidence document's JSON Schema, made from the record definitions. docs/evidence.schema.json
/// is its output: `attune schema > docs/evidence.schema.json` after changing a definition.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the evidence document's JSON Schema (2020-12), as the record definitions make it.")

    func run() throws {
        print(EvidenceSchema.text(), terminator: "")
    }
}

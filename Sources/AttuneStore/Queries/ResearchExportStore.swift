import AttuneCore
import Crypto
import FluentKit
import Foundation

/// Makes and writes the research export (`ResearchExport`) of the centres in scope, with
/// mothers and babies pseudonymised by a key the caller holds (never the database).
public enum ResearchExportStore {
    /// The fewest bytes a key file may hold.
    public static let keyBytes = 32

    /// The export of `centres` (nil: every centre), recorded in the activity log as an export.
    public static func make(centres: Set<String>?, key: [UInt8], includingUnrecordedConsent: Bool = false,
                            on database: any Database) async throws -> ResearchExport {
        let document = try await EvidenceStore.load(includingMeasures: true, centres: centres, on: database)
        let summaries: [ProgrammeSummary]
        if let rubric = try await ProfileStore.rubricInUse(on: database) {
            summaries = try await ProfileStore.summaries(rubric: rubric, centres: centres, on: database) ?? []
        } else {
            summaries = []
        }
        let needs = try await MeasureStore.needLevels(on: database)
        let export = ResearchExport(document: document, summaries: summaries, needs: needs, includingUnrecordedConsent: includingUnrecordedConsent,
                                    pseudonym: { pseudonym(of: $0, key: key) })
        let rows = export.tables.map(\.rows.count).reduce(0, +)
        try await ActivityLog.record(.export, summary: "Research export of \(centres.map { "centres \($0.sorted().joined(separator: ", "))" } ?? "every centre"): "
                                         + "\(rows) rows in \(export.tables.count) tables", on: database)
        return export
    }

    /// A mother and baby's research pseudonym: "r-" and the first 16 hex digits of
    /// HMAC-SHA256(key, her working code). The same key gives the same pseudonym.
    public static func pseudonym(of code: String, key: [UInt8]) -> String {
        KeyedPseudonym.make(prefix: "r-", of: code, key: SymmetricKey(data: key))
    }

    /// The key in `file`: its bytes, at least `keyBytes` of them.
    public static func key(fromFile file: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ReachInputError("research export", field: "--key-file", "cannot read \(file)")
        }
        guard data.count >= keyBytes else {
            throw ReachInputError("research export", field: "--key-file", "\(file) holds \(data.count) bytes; a key needs at least \(keyBytes) (e.g. head -c 32 /dev/urandom > key)")
        }
        return Array(data)
    }

    /// A random key, for an export whose pseudonyms need match no other export's.
    public static func randomKey() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<keyBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// Writes every file of `export` into `folder`, which must not exist yet or be empty.
    public static func write(_ export: ResearchExport, to folder: URL) throws {
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: folder.path), !existing.isEmpty {
            throw ReachInputError("research export", field: "--output", "\(folder.path) is not empty; give a new folder")
        }
        try manager.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in export.files {
            try Data(file.text.utf8).write(to: folder.appendingPathComponent(file.name), options: .withoutOverwriting)
        }
    }
}

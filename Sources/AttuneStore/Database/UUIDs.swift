import Foundation
import Synchronization

/// Row ids, made and written without Foundation's slow paths: at national scale (two million
/// rows) they were a large part of reading and writing a database.
enum UUIDs {
    /// A new random (version 4) UUID from the system's secure source. Foundation's `UUID()` on
    /// Linux opens /dev/urandom for every id, one system call per row written; here the
    /// kernel's random bytes are read 4 KiB at a time from /dev/urandom, opened once.
    static func random() -> UUID {
        var bytes = randomBytes.withLock { $0.take16() }
        bytes.6 = (bytes.6 & 0x0F) | 0x40 // version 4
        bytes.8 = (bytes.8 & 0x3F) | 0x80 // RFC 4122 variant
        return UUID(uuid: bytes)
    }

    /// `count` new random ids in ascending order, for rows inserted together. Rows keyed by
    /// random UUIDs land all over a table's indexes, and a national load into SQLite spent
    /// much of its time reading and writing index pages; inserted in ascending order, each index
    /// grows at its right-hand edge. The ids are no less random, only handed out in order.
    static func ascending(_ count: Int) -> [UUID] {
        (0..<count).map { _ in random() }.sorted { UUIDs.precedes($0, $1) }
    }

    /// Byte order, which is the order of the upper-case text (SQLite) and of PostgreSQL's `uuid`.
    static func precedes(_ a: UUID, _ b: UUID) -> Bool {
        withUnsafeBytes(of: a.uuid) { a in
            withUnsafeBytes(of: b.uuid) { b in a.lexicographicallyPrecedes(b) }
        }
    }

    private static let randomBytes = Mutex(RandomBytes())

    private struct RandomBytes: ~Copyable {
        private var bytes = [UInt8](repeating: 0, count: 4096)
        private var next = 4096

        mutating func take16() -> uuid_t {
            if next + 16 > bytes.count {
                bytes.withUnsafeMutableBytes { Self.fill($0) }
                next = 0
            }
            defer { next += 16 }
            return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: next, as: uuid_t.self) }
        }

        /// The kernel's random source, opened once; without it, the standard generator.
        private static let source = FileHandle(forReadingAtPath: "/dev/urandom")

        private static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
            if let source, let data = try? source.read(upToCount: buffer.count), data.count == buffer.count {
                data.copyBytes(to: buffer)
                return
            }
            var generator = SystemRandomNumberGenerator()
            for offset in stride(from: 0, to: buffer.count, by: 8) {
                buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: offset, as: UInt64.self)
            }
        }
    }

    /// Upper-case text, as `UUID.uuidString` writes it and as Fluent stores ids in SQLite.
    /// Foundation formats each byte with `snprintf`: a sixth of reading a national database
    /// from PostgreSQL.
    static func upper(_ uuid: UUID) -> String {
        withUnsafeBytes(of: uuid.uuid) { format($0) }
    }

    /// The 16 bytes of a `uuid` (`RowKey`); nil if there are not 16.
    static func upper(_ bytes: UnsafeRawBufferPointer) -> String? {
        bytes.count == 16 ? format(bytes) : nil
    }

    private static let digits = Array("0123456789ABCDEF".utf8)

    private static func format(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                text[position] = digits[Int(bytes[index] >> 4)]
                text[position + 1] = digits[Int(bytes[index] & 0x0F)]
                position += 2
            }
            return position
        }
    }
}

import Foundation

/// Refuses a path that would make Attune overwrite or misread something that is not its database.
enum SQLiteFileCheck {
    /// Every SQLite 3 database file starts with these 16 bytes.
    static let header = Array("SQLite format 3\0".utf8)

    static func validate(path: String) throws(DatabaseLocationError) {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw .isADirectory(path: path) }
            guard let handle = FileHandle(forReadingAtPath: path) else { throw .notWritable(path: path) }
            defer { try? handle.close() }
            let start = (try? handle.read(upToCount: header.count)) ?? Data()
            // SQLite treats an empty file as a new, empty database.
            guard start.isEmpty || Array(start) == header else { throw .notAnSQLiteFile(path: path) }
            guard files.isWritableFile(atPath: path) else { throw .notWritable(path: path) }
        } else {
            let folder = (path as NSString).deletingLastPathComponent
            let folderPath = folder.isEmpty ? "." : folder
            guard files.fileExists(atPath: folderPath, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .folderMissing(path: path, folder: folderPath)
            }
            guard files.isWritableFile(atPath: folderPath) else { throw .notWritable(path: path) }
        }
    }
}

/// Free text people type: session notes, reasons for absence, actions taken on an alert,
/// follow-ups, override rationales. One limit for all of them, stated beside every such field and
/// checked on save: long enough for a proper account of what was done (a page of writing), short
/// enough that a form stays well inside the web server's body limit.
public enum FreeText {
    public static let maximumCharacters = 10_000

    /// The limit as a form states it.
    public static let limitHint = "Up to 10,000 characters."

    /// nil when `text` is within the limit; otherwise what to tell the person who typed it.
    public static func problem(_ text: String) -> String? {
        // Bytes first: no text of at most 10,000 bytes has more characters, and counting bytes
        // is cheap where a national load checks millions of reasons for absence.
        guard text.utf8.count > maximumCharacters else { return nil }
        let count = text.count
        guard count > maximumCharacters else { return nil }
        return "\(NumberText.grouped(count)) characters; at most 10,000. Shorten it by \(NumberText.grouped(count - maximumCharacters)) characters and save again."
    }
}

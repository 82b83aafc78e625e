/// The words of a reminder: warm, plain, in the name of the person who invited her, and
/// telling her that lateness is fine and her place is kept (what the paper's mothers valued).
public enum ReminderMessage {
    /// To a mother already reminded of a session that has since moved: its new day.
    public static func moved(motherName: String?, inviter: String, centreName: String, programmeName: String,
                             when: String, venue: String?) -> String {
        let firstName = motherName?.split(separator: " ").first.map(String.init)
        let greeting = firstName.map { "Hello \($0)" } ?? "Hello"
        let place = venue.map { " at \($0)" } ?? " at \(centreName)"
        return "\(greeting), it's \(inviter) from \(centreName): a change of day. \(programmeName) has moved to \(when)\(place). "
            + "We're looking forward to seeing you and your baby."
    }

    public static func compose(motherName: String?, inviter: String, centreName: String, programmeName: String,
                               isFirst: Bool, daysBefore: Int, when: String, venue: String?) -> String {
        let firstName = motherName?.split(separator: " ").first.map(String.init)
        let greeting = firstName.map { "Hello \($0)" } ?? "Hello"
        let place = venue.map { " at \($0)" } ?? " at \(centreName)"
        let opening = isFirst
            ? "your place on \(programmeName) is booked. We start on \(when)\(place)."
            : "just a reminder that \(programmeName) is on \(when)\(place)."
        let nearness = daysBefore <= 1 && isFirst ? " See you tomorrow!" : ""
        return "\(greeting), it's \(inviter) from \(centreName): \(opening)\(nearness) We're looking forward to seeing you and your baby. "
            + "Don't worry if you're running late, just come in: your place is kept for you."
    }
}

/// An error caused by what the user supplied (an argument, a file, a form field). Its
/// description names the field and what is allowed; the CLI exits with status 2 for it.
public protocol InputError: Error, CustomStringConvertible {}

extension EvidenceError: InputError {}
extension RubricError: InputError {}

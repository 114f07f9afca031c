/// A defect in a rules, signature or table file, located at `path:line` (STYLE.md §4: strict loaders).
///
/// `line` is 1-based; 0 means the file as a whole (for example, it cannot be read), and the description
/// then omits it.
public struct RulesError: Error, CustomStringConvertible, Equatable {
    /// The file, as the caller named it.
    public var path: String
    /// The 1-based line of the defect, or 0 for the whole file.
    public var line: Int
    /// What is wrong, in words an operator can act on.
    public var message: String

    /// Creates an error for `path:line`.
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`, the shape compilers and editors understand (`path: message` when line is 0).
    public var description: String {
        line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)"
    }
}

import NetVetRules

/// One fingerprint signature loaded from `Rules/fingerprints/*.yaml` (docs/FINGERPRINTS.md): when its
/// `match` holds over a device's evidence, it claims the `yields` with `confidence`.
public struct Signature: Sendable {
    /// Unique across all signature files (`[a-z0-9][a-z0-9._-]*`).
    public let id: String
    /// Free text; empty when the file gives none.
    public let description: String
    /// The condition over the device's evidence.
    public let match: Condition
    /// What a match claims about the device.
    public let yields: Yields
    /// How sure this signature alone makes us: 0 < confidence <= 1.
    public let confidence: Double
    /// Where the marker is documented or observed.
    public let provenance: String
    /// Where the signature starts, `path:line` (the `- id:` line), cited by every identity it supports.
    public let location: RuleLocation
    /// `match.requiredSources`, computed once at load.
    let requiredSources: [String]

    public init(
        id: String, description: String, match: Condition, yields: Yields, confidence: Double, provenance: String,
        location: RuleLocation
    ) {
        self.id = id
        self.description = description
        self.match = match
        self.yields = yields
        self.confidence = confidence
        self.provenance = provenance
        self.location = location
        self.requiredSources = match.requiredSources.sorted()
    }
}

/// What a signature claims. Each attribute is a template: literal text with `{name}` placeholders
/// that the named captures of the match fill in; `type` is literal.
public struct Yields: Sendable {
    public var vendor: Template?
    public var brand: Template?
    public var model: Template?
    public var type: DeviceType?
    public var os: Template?
    public var firmware: Template?
}

/// A yield value: text pieces and capture placeholders, parsed once at load.
public struct Template: Sendable, Equatable {
    /// One piece of a template.
    public enum Piece: Sendable, Equatable {
        case text(String)
        case capture(String)
    }

    /// The pieces in order.
    public let pieces: [Piece]

    /// The capture names the template uses.
    public var captureNames: [String] {
        pieces.compactMap { piece in
            if case .capture(let name) = piece { return name }
            return nil
        }
    }

    /// The template filled from `captures`; nil when the result, trimmed of whitespace, is empty
    /// (a capture that did not participate counts as empty).
    func render(_ captures: [String: String]) -> String? {
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text): result += text
            case .capture(let name): result += captures[name] ?? ""
            }
        }
        let trimmed = result.trimmingASCIIWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Parses `{name}` placeholders; returns nil with a reason when a brace is not part of one.
    static func parse(_ text: String) -> Result<Template, TemplateError> {
        var pieces: [Piece] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "}" { return .failure(TemplateError(text: "'}' without '{'")) }
            guard character == "{" else {
                literal.append(character)
                index = text.index(after: index)
                continue
            }
            guard let close = text[index...].firstIndex(of: "}") else {
                return .failure(TemplateError(text: "'{' without '}'"))
            }
            let name = String(text[text.index(after: index)..<close])
            guard Template.isCaptureName(name) else {
                return .failure(TemplateError(text: "'{\(name)}' is not a capture placeholder ({letters_digits})"))
            }
            if !literal.isEmpty { pieces.append(.text(literal)) }
            literal = ""
            pieces.append(.capture(name))
            index = text.index(after: close)
        }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        return .success(Template(pieces: pieces))
    }

    /// A regex capture name: a letter or underscore, then letters, digits or underscores.
    static func isCaptureName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetterOrUnderscore else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCIILetterOrUnderscore || ("0"..."9").contains($0) }
    }

    /// Why a template is invalid.
    struct TemplateError: Error {
        var text: String
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetterOrUnderscore: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || self == "_"
    }
}

extension String {
    /// The string without leading and trailing ASCII spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

/// A JSON document built in memory and printed canonically: keys sorted, two-space indentation,
/// integers and fixed two-decimal numbers only (no binary floating point in the text), so the same
/// report is byte-identical run to run.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number with exactly two decimals, given in hundredths: `.hundredths(95)` prints `0.95`.
    case hundredths(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A confidence or other ratio rounded to two decimals (half away from zero).
    public static func rounded(_ value: Double) -> JSONValue {
        .hundredths(Int((value * 100).rounded()))
    }

    /// `.string` of the value's description, or `.null`.
    public static func optional<T: CustomStringConvertible>(_ value: T?) -> JSONValue {
        value.map { .string($0.description) } ?? .null
    }

    /// The canonical text, ending with a newline.
    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out.append("\n")
        return out
    }

    /// Appends the canonical text of this value, nested `indent` spaces deep, without a final newline.
    func write(into out: inout String, indent: Int) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .int(let value): out.append(String(value))
        case .hundredths(let value):
            let magnitude = value.magnitude
            let fraction = magnitude % 100
            out.append(
                (value < 0 ? "-" : "") + String(magnitude / 100) + (fraction < 10 ? ".0" : ".") + String(fraction))
        case .string(let value): JSONValue.writeString(value, into: &out)
        case .array(let values):
            if values.isEmpty {
                out.append("[]")
                return
            }
            out.append("[\n")
            for (position, value) in values.enumerated() {
                out.append(JSONValue.spaces(indent + 2))
                value.write(into: &out, indent: indent + 2)
                out.append(position == values.count - 1 ? "\n" : ",\n")
            }
            out.append(JSONValue.spaces(indent))
            out.append("]")
        case .object(let members):
            if members.isEmpty {
                out.append("{}")
                return
            }
            out.append("{\n")
            let keys = members.keys.sorted()
            for (position, key) in keys.enumerated() {
                out.append(JSONValue.spaces(indent + 2))
                JSONValue.writeString(key, into: &out)
                out.append(": ")
                members[key]?.write(into: &out, indent: indent + 2)
                out.append(position == keys.count - 1 ? "\n" : ",\n")
            }
            out.append(JSONValue.spaces(indent))
            out.append("}")
        }
    }

    /// Indentation strings, made once (a report writes millions of lines).
    private static let indentation: [String] = (0..<32).map { String(repeating: " ", count: $0) }

    /// `count` spaces.
    static func spaces(_ count: Int) -> String {
        count < indentation.count ? indentation[count] : String(repeating: " ", count: count)
    }

    /// RFC 8259 §7 string escaping: quote, backslash and control characters; everything else as UTF-8.
    private static func writeString(_ value: String, into out: inout String) {
        out.append("\"")
        // Most strings (addresses, names, times) need no escaping: append them whole.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) {
            out.append(value)
            out.append("\"")
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case let control where control.value < 0x20 || control.value == 0x7F:
                let hex = String(control.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }
}

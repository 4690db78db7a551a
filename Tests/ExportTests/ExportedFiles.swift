import Foundation
import Testing

/// Reads exported files back, independently of the writers: an RFC 4180 parser, JSON Lines and
/// NGSI-LD through Foundation's JSON parser.
enum ExportedFiles {
    /// Rows of a CSV file as dictionaries keyed by header; fails on malformed quoting or ragged rows.
    static func csv(_ path: String) throws -> (header: [String], rows: [[String: String]]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var records: [[String]] = []
        var field = ""
        var record: [String] = []
        var quoted = false
        var afterQuote = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        func nextScalar() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        while let scalar = nextScalar() {
            if quoted {
                if scalar == "\"" {
                    if let following = nextScalar() {
                        if following == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            afterQuote = true
                            pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty, !afterQuote else { throw CSVError(message: "stray quote in \(path)") }
                quoted = true
            case ",":
                record.append(field)
                field = ""
                afterQuote = false
            case "\r":
                guard nextScalar() == "\n" else { throw CSVError(message: "CR without LF in \(path)") }
                record.append(field)
                records.append(record)
                record = []
                field = ""
                afterQuote = false
            case "\n":
                throw CSVError(message: "bare LF line end in \(path) (RFC 4180 wants CRLF)")
            default:
                guard !afterQuote else { throw CSVError(message: "text after closing quote in \(path)") }
                field.unicodeScalars.append(scalar)
            }
        }
        guard field.isEmpty, record.isEmpty, !quoted else { throw CSVError(message: "\(path) does not end with CRLF") }
        guard let header = records.first else { throw CSVError(message: "\(path) has no header") }
        let rows = try records.dropFirst().map { values -> [String: String] in
            guard values.count == header.count else {
                throw CSVError(message: "\(path): a row has \(values.count) fields, the header \(header.count)")
            }
            return Dictionary(uniqueKeysWithValues: zip(header, values))
        }
        return (header, rows)
    }

    struct CSVError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// Objects of a JSON Lines file.
    static func jsonLines(_ path: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try data.split(separator: 0x0A).map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        }
    }

    /// Entities of an NGSI-LD file (a JSON array).
    static func entities(_ path: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
    }

    /// Every file in a directory, recursively, with its bytes.
    static func allBytes(under directory: String) throws -> [(path: String, data: Data)] {
        let url = URL(fileURLWithPath: directory)
        let enumerator = try #require(FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil))
        var result: [(String, Data)] = []
        for case let file as URL in enumerator where !file.hasDirectoryPath {
            result.append((file.path, try Data(contentsOf: file)))
        }
        return result
    }
}

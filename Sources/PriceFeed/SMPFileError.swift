/// Why an SMP file was refused: the file, the line and the column at fault. Nothing of a refused
/// file is imported.
package struct SMPFileError: Error, Sendable, Hashable, CustomStringConvertible {
    package let file: String
    /// 1-based; nil for the file as a whole (unreadable, empty).
    package let line: Int?
    /// The column's header (`date`, `13h`), or its 1-based number when the header is the problem.
    package let column: String?
    package let message: String

    package init(file: String, line: Int? = nil, column: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    package var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += " column \(column)" }
        return "\(place): \(message)"
    }
}

import Foundation

extension LinearProgram {
    /// The model as JSON for an independent solver (the tests hand it to scipy's HiGHS):
    /// `{"c", "constant", "col_lower", "col_upper", "row_lower", "row_upper", "rows", "cols", "vals"}`
    /// with infinite bounds as `null`.
    public func jsonData() throws -> Data {
        func bounds(_ values: [Double]) -> [Double?] { values.map { $0.isFinite ? $0 : nil } }
        let document = ExportedProgram(
            c: objective, constant: objectiveConstant, col_lower: bounds(columnLower), col_upper: bounds(columnUpper),
            row_lower: bounds(rowLower), row_upper: bounds(rowUpper), rows: entryRows, cols: entryColumns,
            vals: entryValues
        )
        return try JSONEncoder().encode(document)
    }
}

/// Property names are the JSON keys the Python peer reads (nil arrays elements encode as `null`).
private struct ExportedProgram: Encodable {
    var c: [Double]
    var constant: Double
    // The Python peer's key names.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    var col_lower: [Double?]
    // swift-format-ignore: AlwaysUseLowerCamelCase
    var col_upper: [Double?]
    // swift-format-ignore: AlwaysUseLowerCamelCase
    var row_lower: [Double?]
    // swift-format-ignore: AlwaysUseLowerCamelCase
    var row_upper: [Double?]
    var rows: [Int32]
    var cols: [Int32]
    var vals: [Double]
}

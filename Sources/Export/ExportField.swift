/// One column of an exported table: its name (with the unit, as researchers read it), type and meaning.
///
/// The same descriptor drives the CSV header, the JSON Lines keys, the NGSI-LD attribute names and
/// the field entries of `datapackage.json`, so that the files and their dictionary cannot disagree.
package struct ExportField: Sendable, Hashable {
    /// Frictionless Table Schema field types used by the export.
    package enum FieldType: String, Sendable, Hashable, Codable {
        case integer, number, string, datetime
    }

    /// Column name, with the unit as a suffix where there is one (`energy_wh`, `gap_s`).
    package let name: String
    package let type: FieldType
    /// What the column means, for the data dictionary.
    package let description: String
    /// Unit symbol (`Wh`, `L`, `s`), if the column has one.
    package let unit: String?
    /// UN/CEFACT common code of the unit (`WHR`, `LTR`, `SEC`), used as NGSI-LD `unitCode`.
    package let unitCode: String?
    /// The only values the column may take, if it is an enumeration.
    package let allowedValues: [String]?
    /// Attribute name in NGSI-LD entities (camelCase, Smart Data Model name where one exists).
    package let ngsiName: String

    package init(
        _ name: String, _ type: FieldType, _ description: String, unit: String? = nil, unitCode: String? = nil,
        allowedValues: [String]? = nil, ngsiName: String? = nil
    ) {
        self.name = name
        self.type = type
        self.description = description
        self.unit = unit
        self.unitCode = unitCode
        self.allowedValues = allowedValues
        self.ngsiName = ngsiName ?? Self.camelCase(name)
    }

    static func camelCase(_ name: String) -> String {
        let words = name.split(separator: "_")
        guard let first = words.first else { return name }
        return String(first) + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

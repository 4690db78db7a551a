/// The columns of one exported file and how its rows map to NGSI-LD entities.
package struct TableSchema: Sendable, Hashable {
    package let table: ExportTable
    /// The file's name without extension and its resource name in `datapackage.json`: the table's
    /// name, unless the table is written as several files (`dispatch_plan_steps`, `dispatch_commands`).
    package let name: String
    /// A sentence for the data dictionary: what one row is.
    package let description: String
    package let fields: [ExportField]
    /// How rows become NGSI-LD entities.
    package let entity: EntityShape

    package init(
        table: ExportTable, name: String? = nil, description: String, fields: [ExportField], entity: EntityShape
    ) {
        self.table = table
        self.name = name ?? table.rawValue
        self.description = description
        self.fields = fields
        self.entity = entity
    }

    /// The position of a column by name.
    package func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }
}

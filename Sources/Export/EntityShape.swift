/// The NGSI-LD rendering of a table's rows.
///
/// Measurements follow the FIWARE Smart Data Model `DeviceMeasurement` (dataModel.Device):
/// `numValue` with a `unitCode`, `controlledProperty`, `dateObserved` (the end of the interval) and
/// `dateObservedFrom`/`dateObservedTo`. Tables without a fitting model use a type of their own.
package struct EntityShape: Sendable, Hashable {
    /// NGSI-LD entity type, e.g. `DeviceMeasurement`.
    package let type: String
    /// Columns whose values, joined by `:`, make the entity id unique within the site.
    package let idFields: [String]
    /// Columns of which the first non-null one is the entity's `numValue` (with its unit code).
    package let valueFields: [String]
    /// The column that is the entity's `controlledProperty`, if any.
    package let propertyField: String?
    /// The column whose time is the entity's `observedAt` and `dateObserved`.
    package let observedField: String
    /// Columns that are references to other entities (`refDevice`), as (column, entity type).
    package let relationships: [String: String]

    package init(
        type: String, idFields: [String], valueFields: [String] = [], propertyField: String? = nil,
        observedField: String, relationships: [String: String] = [:]
    ) {
        self.type = type
        self.idFields = idFields
        self.valueFields = valueFields
        self.propertyField = propertyField
        self.observedField = observedField
        self.relationships = relationships
    }
}

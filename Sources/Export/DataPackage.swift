import Foundation

/// The Frictionless Data Package descriptor (`datapackage.json`) of an export: every file, column,
/// type, unit and the meaning of the quality flags, so that the data explain themselves.
///
/// CSV and JSON Lines files are tabular data resources whose schema Frictionless validates row by
/// row; NGSI-LD files are plain data resources, described by the entity attributes they carry.
struct DataPackage {
    struct Resource {
        let schema: TableSchema
        let path: String
        let rows: Int
        let bytes: Int64
    }

    /// The site's id, or its `site-` pseudonym: never its name.
    let siteId: String
    let timeZone: String
    let from: String
    let to: String
    let resolution: ExportResolution
    let format: ExportFormat
    let pseudonymized: Bool
    let minimumGroupSize: Int?
    let householdLabels: [String]?
    let resources: [Resource]
    let skipped: [ExportSummary.Skipped]

    static let qualityFlags: [String: String] = [
        "measured":
            "Both boundaries of the 15-minute interval were bracketed by real readings close together (at most the collector's measured gap, default 120 s).",
        "estimated":
            "Linear share of a counter delta across a gap between readings shorter than the collector's maximum (default 3600 s).",
        "missing":
            "Not observed (gap too long, counter reset, first interval after the first reading, or not stored at all); the value is only what readings account for.",
    ]

    func json() throws(ExportError) -> Data {
        let tabular = format != .ngsiLD
        var village: [String: Any] = [
            "site": siteId, "timeZone": timeZone, "from": from, "to": to, "resolution": resolution.rawValue,
            "format": format.rawValue, "pseudonymized": pseudonymized, "qualityFlags": Self.qualityFlags,
            "rangeIsHalfOpen": true,
            "aggregation":
                "Periods longer than 15 minutes are sums of the stored 15-minute interval values, aligned to local hours/days of the site's time zone; never averages of counters.",
        ]
        if pseudonymized {
            village["pseudonymization"] =
                "Household, device and site ids are replaced by hh-/dev-/site- and the first 128 bits of HMAC-SHA256 under a secret key; unit numbers, names (the site's too), device serials and event details are left out."
        }
        if let minimumGroupSize { village["minimumGroupSize"] = minimumGroupSize }
        if let householdLabels { village["households"] = householdLabels }
        if !skipped.isEmpty {
            village["notExported"] = Dictionary(
                skipped.map { ($0.name, $0.reason) }, uniquingKeysWith: { first, _ in first })
        }
        var descriptor: [String: Any] = [
            "profile": tabular ? "tabular-data-package" : "data-package",
            "name": "village-export-"
                + siteId.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? String($0) : "-" }
                .joined(),
            "title": "Smart village living-lab export (\(siteId), \(from) to \(to))",
            "created": ISO8601DateFormatter().string(from: Date()),
            "x-village": village,
            "resources": resources.map(resourceDescriptor),
        ]
        descriptor["description"] =
            "Usage data of the \(siteId) living lab exported by `village export`. Times are ISO 8601 with the site's UTC offset (\(timeZone)); energies are integer watt-hours, volumes integer litres."
        do {
            return try JSONSerialization.data(
                withJSONObject: descriptor, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw ExportError(.fileAccess, "datapackage.json", "cannot encode: \(error)")
        }
    }

    private func resourceDescriptor(_ resource: Resource) -> [String: Any] {
        var descriptor: [String: Any] = [
            "name": resource.schema.name,
            "path": resource.path,
            "description": resource.schema.description,
            "encoding": "utf-8",
            "bytes": resource.bytes,
            "x-rows": resource.rows,
        ]
        let fields = resource.schema.fields.map(fieldDescriptor)
        switch format {
        case .csv:
            descriptor["profile"] = "tabular-data-resource"
            descriptor["format"] = "csv"
            descriptor["mediatype"] = "text/csv"
            descriptor["schema"] = ["fields": fields, "missingValues": [""]]
        case .jsonl:
            descriptor["profile"] = "tabular-data-resource"
            descriptor["format"] = "jsonl"
            descriptor["mediatype"] = "application/jsonl"
            descriptor["schema"] = ["fields": fields, "missingValues": [""]]
        case .ngsiLD:
            let shape = resource.schema.entity
            descriptor["profile"] = "data-resource"
            descriptor["format"] = "json"
            descriptor["mediatype"] = "application/ld+json"
            var attributes: [[String: Any]] = resource.schema.fields.map { field in
                var attribute = fieldDescriptor(field)
                let role: String
                if shape.valueFields.contains(field.name) {
                    role = "numValue"
                } else if shape.propertyField == field.name {
                    role = "controlledProperty"
                } else {
                    role = field.ngsiName
                }
                attribute["name"] = role
                attribute["column"] = field.name
                return attribute
            }
            attributes.append([
                "name": "dateObserved", "type": "datetime",
                "description":
                    "Same instant as the \(shape.observedField) column; numValue.observedAt carries it in UTC.",
            ])
            descriptor["x-ngsi-ld"] = [
                "entityType": shape.type,
                "idPattern": "urn:ngsi-ld:\(shape.type):<site>:"
                    + shape.idFields.map { "<\($0)>" }.joined(separator: ":"),
                "context": NGSILDRecordWriter.contexts,
                "dataModel": shape.type == "DeviceMeasurement"
                    ? "FIWARE Smart Data Models dataModel.Device/DeviceMeasurement"
                    : "none fits; a type of this platform",
                "attributes": attributes,
            ]
        }
        return descriptor
    }

    private func fieldDescriptor(_ field: ExportField) -> [String: Any] {
        var descriptor: [String: Any] = [
            "name": field.name, "type": field.type.rawValue, "description": field.description,
        ]
        if let unit = field.unit { descriptor["unit"] = unit }
        if let unitCode = field.unitCode { descriptor["unitCode"] = unitCode }
        if let allowed = field.allowedValues { descriptor["constraints"] = ["enum": allowed] }
        return descriptor
    }
}

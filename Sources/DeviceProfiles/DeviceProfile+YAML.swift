import ConfigFiles
import Foundation
import Modbus

extension DeviceProfile {
    /// Loads and validates a profile file. Every problem names the file, the key path and the line.
    public init(contentsOf url: URL) throws(ConfigError) {
        try self.init(root: ConfigNode.load(contentsOf: url))
    }

    /// Parses and validates profile text; `file` is used in error messages.
    public init(yaml: String, file: String) throws(ConfigError) {
        try self.init(root: ConfigNode.parse(yaml, file: file))
    }

    private init(root: ConfigNode) throws(ConfigError) {
        try root.rejectUnknownKeys(allowed: [
            "id", "manufacturer", "model", "description", "word_order", "table", "max_registers_per_request",
            "blocks", "fields", "controls", "sunspec",
        ])
        let defaults = FieldDefaults(
            table: try root.child("table")?.oneOf(Self.tables) ?? .holding,
            wordOrder: try root.child("word_order")?.oneOf(Self.wordOrders) ?? .abcd)
        let maxRegisters = try root.child("max_registers_per_request")?.int() ?? ModbusLimits.registersPerRead
        guard (1...ModbusLimits.registersPerRead).contains(maxRegisters) else {
            throw try root.required("max_registers_per_request").error(
                "must be between 1 and \(ModbusLimits.registersPerRead)")
        }
        let blocks =
            try root.child("blocks")?.elements().map { node throws(ConfigError) in
                try Self.block(node, defaults: defaults, maxRegisters: maxRegisters)
            } ?? []
        let sunSpec = try root.child("sunspec").map { node throws(ConfigError) in try Self.sunSpec(node) }
        let fieldNodes = try root.required("fields").elements()
        let fields = try fieldNodes.map { node throws(ConfigError) in
            try Self.field(node, defaults: defaults, extraKeys: [])
        }
        let controlNodes = try root.child("controls")?.elements() ?? []
        let controls = try controlNodes.map { node throws(ConfigError) in
            let field = try Self.field(node, defaults: defaults, extraKeys: ["min", "max"])
            let minimum = try node.required("min").double()
            let maximum = try node.required("max").double()
            guard minimum <= maximum else {
                throw try node.required("min").error("min \(minimum) is above max \(maximum)")
            }
            return Control(field: field, minimum: minimum, maximum: maximum)
        }
        self.init(
            id: try root.required("id").string(),
            manufacturer: try root.child("manufacturer")?.string() ?? "",
            model: try root.child("model")?.string() ?? "",
            description: try root.child("description")?.string() ?? "",
            maxRegistersPerRequest: maxRegisters,
            blocks: blocks, fields: fields, controls: controls, sunSpec: sunSpec)
        try validate(fieldNodes: fieldNodes + controlNodes, root: root)
    }

    private struct FieldDefaults {
        var table: RegisterTable
        var wordOrder: WordOrder
    }

    static let tables: [String: RegisterTable] = ["holding": .holding, "input": .input]
    static let wordOrders = Dictionary(uniqueKeysWithValues: WordOrder.allCases.map { ($0.rawValue, $0) })

    private static func block(_ node: ConfigNode, defaults: FieldDefaults, maxRegisters: Int) throws(ConfigError)
        -> RegisterBlock
    {
        try node.rejectUnknownKeys(allowed: ["table", "start", "count"])
        let count = try node.required("count").int()
        guard (1...maxRegisters).contains(count) else {
            throw try node.required("count").error(
                "a block holds 1 to \(maxRegisters) registers (the most one request can read), not \(count)")
        }
        let start = try node.required("start").int()
        guard start >= 0, start + count <= 65536 else { throw try node.required("start").error("outside 0...65535") }
        return RegisterBlock(
            table: try node.child("table")?.oneOf(tables) ?? defaults.table, start: start, count: count)
    }

    private static func sunSpec(_ node: ConfigNode) throws(ConfigError) -> SunSpecRequirements {
        try node.rejectUnknownKeys(allowed: ["base_addresses", "models"])
        let bases = try node.child("base_addresses")?.ints() ?? [40000, 0, 50000]
        var required: [[Int]] = []
        var served: [SunSpecModelHeader] = []
        for model in try node.required("models").elements() {
            try model.rejectUnknownKeys(allowed: ["id", "length", "alternatives"])
            let id = try model.required("id").int()
            let length = try model.required("length").int()
            guard length > 0, length < 65536 else { throw try model.required("length").error("must be positive") }
            required.append([id] + (try model.child("alternatives")?.ints() ?? []))
            served.append(SunSpecModelHeader(id: id, length: length))
        }
        guard served.first?.id == 1 else {
            throw try node.required("models").error("a SunSpec chain starts with the common model 1")
        }
        return SunSpecRequirements(baseAddresses: bases, requiredModels: required, servedModels: served)
    }

    private static func field(_ node: ConfigNode, defaults: FieldDefaults, extraKeys: Set<String>) throws(ConfigError)
        -> Field
    {
        try node.rejectUnknownKeys(
            allowed: Set([
                "name", "semantic", "table", "address", "model", "offset", "type", "length", "word_order", "scale",
                "scale_factor", "unit",
            ]).union(extraKeys))
        let typeNode = try node.required("type")
        let typeName = try typeNode.string()
        guard let type = RegisterType(name: typeName, stringRegisters: try node.child("length")?.int()) else {
            throw typeNode.error(
                "unknown type \"\(typeName)\" (expected u16, i16, u32, i32, u64, i64, float32, acc32, acc64, sunssf, "
                    + "enum16, bitfield16, bitfield32, or string with length)")
        }
        let location: FieldLocation
        switch (try node.child("address"), try node.child("model")) {
        case (let address?, nil):
            location = .address(table: try node.child("table")?.oneOf(tables) ?? defaults.table, try address.int())
        case (nil, let model?):
            location = .sunSpec(models: try model.ints(), offset: try node.required("offset").int())
        case (.some, .some):
            throw node.error("give either address or model with offset, not both")
        case (nil, nil):
            throw node.error("missing required key address (or model and offset for SunSpec)")
        }
        let scale = try node.child("scale")?.double() ?? 1
        guard scale != 0 else { throw try node.required("scale").error("a scale of 0 would erase every value") }
        return Field(
            name: try node.required("name").string(),
            semantic: try node.child("semantic")?.string(),
            location: location, type: type,
            wordOrder: try node.child("word_order")?.oneOf(wordOrders) ?? defaults.wordOrder,
            scale: scale,
            scaleFactorField: try node.child("scale_factor")?.string(),
            unit: try node.child("unit")?.string())
    }

    /// Checks across fields: unique names, scale factors that exist, no overlaps, every fixed field
    /// inside a block and every SunSpec field inside its model.
    private func validate(fieldNodes: [ConfigNode], root: ConfigNode) throws(ConfigError) {
        let all = fields + controls.map(\.field)
        var seen: Set<String> = []
        for (field, node) in zip(all, fieldNodes) {
            guard seen.insert(field.name).inserted else {
                throw try node.required("name").error("duplicate field name \(field.name)")
            }
        }
        for (field, node) in zip(all, fieldNodes) {
            if let factor = field.scaleFactorField, !seen.contains(factor) {
                throw try node.required("scale_factor").error("no field named \(factor)")
            }
            switch field.location {
            case .address(let table, let address):
                guard sunSpec == nil else {
                    throw node.error("a SunSpec profile locates fields by model and offset")
                }
                let span = address..<(address + field.type.registerCount)
                guard
                    blocks.contains(where: {
                        $0.table == table && $0.range.contains(span.lowerBound)
                            && span.upperBound <= $0.range.upperBound
                    })
                else {
                    throw try node.required("address").error(
                        "\(table) registers \(span.lowerBound)..<\(span.upperBound) are not inside any block")
                }
            case .sunSpec(let models, let offset):
                guard let sunSpec else { throw try node.required("model").error("the profile has no sunspec section") }
                guard offset >= 2 else {
                    throw try node.required("offset").error("offsets 0 and 1 are the model's id and length")
                }
                for model in models {
                    guard
                        let header = sunSpec.servedModels.first(where: { $0.id == model })
                            ?? sunSpec.requiredModels.first(where: { $0.contains(model) }).flatMap({ alternatives in
                                sunSpec.servedModels.first { alternatives.contains($0.id) }
                            })
                    else { throw try node.required("model").error("model \(model) is not listed under sunspec.models") }
                    guard offset + field.type.registerCount <= header.length + 2 else {
                        throw try node.required("offset").error(
                            "runs past the end of model \(model) (length \(header.length))")
                    }
                }
            }
        }
        for (index, field) in all.enumerated() {
            for other in all[(index + 1)...] where field.overlaps(other) {
                throw fieldNodes[all.firstIndex(of: other)!].error("overlaps field \(field.name)")
            }
        }
    }
}

extension Field {
    /// Whether two fields share a register (in the same table, or the same SunSpec model).
    func overlaps(_ other: Field) -> Bool {
        let count = type.registerCount
        let otherCount = other.type.registerCount
        switch (location, other.location) {
        case (.address(let table, let start), .address(let otherTable, let otherStart)):
            return table == otherTable && start < otherStart + otherCount && otherStart < start + count
        case (.sunSpec(let models, let start), .sunSpec(let otherModels, let otherStart)):
            return !Set(models).isDisjoint(with: otherModels) && start < otherStart + otherCount
                && otherStart < start + count
        default:
            return false
        }
    }
}

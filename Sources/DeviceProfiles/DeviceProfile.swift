import Modbus

/// What a device's registers mean: the blocks that can be read, the fields in them and the control
/// points that can be written. Loaded from a YAML file in `Meters/` (see `Meters/README.md`).
public struct DeviceProfile: Sendable, Hashable {
    /// The name a site file uses for this profile, for example `sdm630`.
    public var id: String
    public var manufacturer: String
    public var model: String
    public var description: String
    /// The largest read the device accepts; some meters refuse long reads.
    public var maxRegistersPerRequest: Int
    /// Register ranges that may be read, each at most `maxRegistersPerRequest` long. Empty for
    /// SunSpec devices, whose blocks are the models found by discovery.
    public var blocks: [RegisterBlock]
    public var fields: [Field]
    public var controls: [Control]
    /// Set for SunSpec devices: where to look for the marker and which models must be there.
    public var sunSpec: SunSpecRequirements?

    public init(
        id: String, manufacturer: String, model: String, description: String, maxRegistersPerRequest: Int = 125,
        blocks: [RegisterBlock], fields: [Field], controls: [Control], sunSpec: SunSpecRequirements?
    ) {
        self.id = id
        self.manufacturer = manufacturer
        self.model = model
        self.description = description
        self.maxRegistersPerRequest = maxRegistersPerRequest
        self.blocks = blocks
        self.fields = fields
        self.controls = controls
        self.sunSpec = sunSpec
    }

    /// The field carrying a semantic quantity, such as `energy.import`.
    public func field(semantic: String) -> Field? {
        fields.first { $0.semantic == semantic }
    }

    public func field(named name: String) -> Field? {
        fields.first { $0.name == name } ?? controls.first { $0.field.name == name }?.field
    }
}

/// The two register tables that hold numbers.
public enum RegisterTable: String, Sendable, Hashable, CaseIterable {
    case holding, input
}

/// A range of registers the device answers for in one request.
public struct RegisterBlock: Sendable, Hashable {
    public var table: RegisterTable
    public var start: Int
    public var count: Int

    public init(table: RegisterTable, start: Int, count: Int) {
        self.table = table
        self.start = start
        self.count = count
    }

    public var range: Range<Int> { start..<(start + count) }
}

/// Where a field lives: a fixed address, or an offset into a SunSpec model found at run time.
public enum FieldLocation: Sendable, Hashable {
    case address(table: RegisterTable, Int)
    /// Offset from the model's first register (its ID); `models` are alternatives, the first present wins.
    case sunSpec(models: [Int], offset: Int)
}

/// One value of a device.
public struct Field: Sendable, Hashable {
    public var name: String
    /// What the value means to the platform (`energy.import`, `battery.soc`...); nil for helpers
    /// such as scale-factor registers.
    public var semantic: String?
    public var location: FieldLocation
    public var type: RegisterType
    public var wordOrder: WordOrder
    /// A fixed multiplier from raw to `unit` (0.1 for tenths).
    public var scale: Double
    /// The name of another field holding a power of ten to apply (SunSpec `_SF`, M-Bus exponent).
    public var scaleFactorField: String?
    public var unit: String?

    public init(
        name: String, semantic: String? = nil, location: FieldLocation, type: RegisterType,
        wordOrder: WordOrder = .abcd, scale: Double = 1, scaleFactorField: String? = nil, unit: String? = nil
    ) {
        self.name = name
        self.semantic = semantic
        self.location = location
        self.type = type
        self.wordOrder = wordOrder
        self.scale = scale
        self.scaleFactorField = scaleFactorField
        self.unit = unit
    }
}

/// A writable point, with the limits the platform must never command past.
public struct Control: Sendable, Hashable {
    public var field: Field
    /// Lowest and highest value in the field's unit (after scaling).
    public var minimum: Double
    public var maximum: Double

    public init(field: Field, minimum: Double, maximum: Double) {
        self.field = field
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// What a SunSpec device must offer.
public struct SunSpecRequirements: Sendable, Hashable {
    /// Where the "SunS" marker may be, tried in order.
    public var baseAddresses: [Int]
    /// Models the device must have; each entry lists alternatives (an inverter has one of 101–103).
    public var requiredModels: [[Int]]
    /// The models a simulated device serves, with their lengths, in chain order.
    public var servedModels: [SunSpecModelHeader]

    public init(baseAddresses: [Int], requiredModels: [[Int]], servedModels: [SunSpecModelHeader]) {
        self.baseAddresses = baseAddresses
        self.requiredModels = requiredModels
        self.servedModels = servedModels
    }
}

/// A model's id and length as they appear in the chain.
public struct SunSpecModelHeader: Sendable, Hashable {
    public var id: Int
    public var length: Int

    public init(id: Int, length: Int) {
        self.id = id
        self.length = length
    }
}

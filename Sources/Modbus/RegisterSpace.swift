/// The address ranges a served unit answers for, per Modbus table. Requests outside them get
/// exception 2 (illegal data address), as from a real device.
public struct RegisterSpace: Sendable, Hashable {
    public var coils: Range<Int>
    public var discreteInputs: Range<Int>
    public var holdingRegisters: Range<Int>
    public var inputRegisters: Range<Int>

    public init(
        coils: Range<Int> = 0..<0, discreteInputs: Range<Int> = 0..<0,
        holdingRegisters: Range<Int> = 0..<0, inputRegisters: Range<Int> = 0..<0
    ) {
        self.coils = coils
        self.discreteInputs = discreteInputs
        self.holdingRegisters = holdingRegisters
        self.inputRegisters = inputRegisters
    }
}

extension RegisterSpace {
    /// Whether every address of the write lies in this space.
    func contains(_ write: RegisterWrite) -> Bool {
        let range = write.table == .coils ? coils : holdingRegisters
        return range.contains(write.address) && write.address + write.values.count <= range.upperBound
    }
}

/// A write that a client asked a served unit to make.
public struct RegisterWrite: Sendable, Hashable {
    public enum Table: Sendable, Hashable { case coils, holdingRegisters }

    public var unitID: UInt8
    public var table: Table
    public var address: Int
    /// Register values, or 0/1 for coils.
    public var values: [UInt16]
}

/// How a served unit misbehaves, to test clients against the faults real devices show.
public enum ServerFault: Sendable, Hashable {
    /// Answer every request with this exception.
    case exception(ModbusException)
    /// Answer correctly, but only after this long (a slow meter, or a late reply past the client's timeout).
    case delay(Duration)
    /// Read the request and never answer.
    case noReply
    /// Close the client's connection instead of answering.
    case dropConnection
}

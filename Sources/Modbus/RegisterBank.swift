import CModbus
import Synchronization

/// The registers of one served unit, safe to read and update from any thread while clients are
/// served.
///
/// Wraps a libmodbus `modbus_mapping_t`; every access, including libmodbus's own replies, happens
/// under one lock so a client never reads a value half updated (a float split across two registers).
public final class RegisterBank: @unchecked Sendable {
    /// Decides whether a client's write is accepted; return an exception to refuse it, as a device
    /// refuses an out-of-range setpoint.
    public typealias WriteValidator = @Sendable (RegisterWrite) -> ModbusException?
    /// Told about every write after it has been applied to the bank and before the client gets its
    /// reply.
    public typealias WriteObserver = @Sendable (RegisterWrite) -> Void

    public let unitID: UInt8
    public let space: RegisterSpace
    private let mapping: UnsafeMutablePointer<modbus_mapping_t>
    private let lock = Mutex(())
    private let hooks = Mutex<(validator: WriteValidator?, observer: WriteObserver?)>((nil, nil))

    init(unitID: UInt8, space: RegisterSpace) {
        self.unitID = unitID
        self.space = space
        guard
            let mapping = modbus_mapping_new_start_address(
                UInt32(space.coils.lowerBound), UInt32(space.coils.count),
                UInt32(space.discreteInputs.lowerBound), UInt32(space.discreteInputs.count),
                UInt32(space.holdingRegisters.lowerBound), UInt32(space.holdingRegisters.count),
                UInt32(space.inputRegisters.lowerBound), UInt32(space.inputRegisters.count))
        else {
            // Only fails when memory runs out.
            fatalError("modbus_mapping_new_start_address failed for unit \(unitID)")
        }
        self.mapping = mapping
    }

    deinit {
        modbus_mapping_free(mapping)
    }

    /// Sets the hook that may refuse writes.
    public func validateWrites(with validator: WriteValidator?) {
        hooks.withLock { $0.validator = validator }
    }

    /// Sets the hook told of accepted writes.
    public func observeWrites(with observer: WriteObserver?) {
        hooks.withLock { $0.observer = observer }
    }

    var writeHooks: (validator: WriteValidator?, observer: WriteObserver?) {
        hooks.withLock { $0 }
    }

    // MARK: Registers

    public func setHoldingRegisters(_ values: [UInt16], at address: Int) {
        lock.withLock { _ in unlocked.setHoldingRegisters(values, at: address) }
    }

    public func setInputRegisters(_ values: [UInt16], at address: Int) {
        lock.withLock { _ in unlocked.setInputRegisters(values, at: address) }
    }

    public func setCoils(_ values: [Bool], at address: Int) {
        lock.withLock { _ in unlocked.setCoils(values, at: address) }
    }

    public func holdingRegisters(at address: Int, count: Int) -> [UInt16] {
        lock.withLock { _ in unlocked.holdingRegisters(at: address, count: count) }
    }

    public func inputRegisters(at address: Int, count: Int) -> [UInt16] {
        lock.withLock { _ in unlocked.inputRegisters(at: address, count: count) }
    }

    public func coils(at address: Int, count: Int) -> [Bool] {
        lock.withLock { _ in unlocked.coils(at: address, count: count) }
    }

    /// Runs several reads and updates as one, so clients see all of the updates or none.
    public func withExclusiveAccess<T>(_ body: (Editor) throws -> T) rethrows -> T {
        try lock.withLock { _ in try body(unlocked) }
    }

    /// Runs libmodbus's reply under the bank's lock.
    func reply(_ body: (UnsafeMutablePointer<modbus_mapping_t>) -> Void) {
        lock.withLock { _ in body(mapping) }
    }

    private var unlocked: Editor { Editor(mapping: mapping, space: space, unitID: unitID) }

    /// Access to the registers for code that already holds the bank's lock.
    /// Only valid inside `withExclusiveAccess`; do not keep it.
    public struct Editor {
        let mapping: UnsafeMutablePointer<modbus_mapping_t>
        let space: RegisterSpace
        let unitID: UInt8

        public func setHoldingRegisters(_ values: [UInt16], at address: Int) {
            store(
                values, at: address, in: space.holdingRegisters, table: mapping.pointee.tab_registers, name: "holding")
        }

        public func setInputRegisters(_ values: [UInt16], at address: Int) {
            store(
                values, at: address, in: space.inputRegisters, table: mapping.pointee.tab_input_registers, name: "input"
            )
        }

        public func setCoils(_ values: [Bool], at address: Int) {
            store(
                values.map { $0 ? 1 : 0 }, at: address, in: space.coils, table: mapping.pointee.tab_bits, name: "coil")
        }

        public func holdingRegisters(at address: Int, count: Int) -> [UInt16] {
            load(
                at: address, count: count, in: space.holdingRegisters, table: mapping.pointee.tab_registers,
                name: "holding")
        }

        public func inputRegisters(at address: Int, count: Int) -> [UInt16] {
            load(
                at: address, count: count, in: space.inputRegisters, table: mapping.pointee.tab_input_registers,
                name: "input")
        }

        public func coils(at address: Int, count: Int) -> [Bool] {
            load(at: address, count: count, in: space.coils, table: mapping.pointee.tab_bits, name: "coil").map {
                $0 != 0
            }
        }

        private func store<Element: FixedWidthInteger>(
            _ values: [UInt16], at address: Int, in range: Range<Int>, table: UnsafeMutablePointer<Element>?,
            name: String
        ) {
            check(address, values.count, range, name)
            guard let table else { return }
            for (offset, value) in values.enumerated() {
                table[address - range.lowerBound + offset] = Element(truncatingIfNeeded: value)
            }
        }

        private func load<Element: FixedWidthInteger>(
            at address: Int, count: Int, in range: Range<Int>, table: UnsafeMutablePointer<Element>?, name: String
        ) -> [UInt16] {
            check(address, count, range, name)
            guard let table else { return [] }
            return (0..<count).map { UInt16(truncatingIfNeeded: table[address - range.lowerBound + $0]) }
        }

        /// Addresses come from the program that built the bank, not from clients: a wrong one is a bug.
        private func check(_ address: Int, _ count: Int, _ range: Range<Int>, _ name: String) {
            precondition(
                count == 0 || (range.contains(address) && address + count <= range.upperBound),
                "unit \(unitID): \(name) registers \(address)..<\(address + count) are outside \(range)")
        }
    }
}

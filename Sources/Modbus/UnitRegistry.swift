import CModbus
import Glibc
import Synchronization

/// The units a server answers for and how each misbehaves, shared by the TCP and RTU servers.
final class UnitRegistry: Sendable {
    private let state = Mutex<(banks: [UInt8: RegisterBank], faults: [UInt8: ServerFault])>(([:], [:]))

    func add(_ unitID: UInt8, space: RegisterSpace) -> RegisterBank {
        let bank = RegisterBank(unitID: unitID, space: space)
        state.withLock { $0.banks[unitID] = bank }
        return bank
    }

    func bank(_ unitID: UInt8) -> RegisterBank? { state.withLock { $0.banks[unitID] } }

    func setFault(_ fault: ServerFault?, unit unitID: UInt8) {
        state.withLock { $0.faults[unitID] = fault }
    }

    func fault(_ unitID: UInt8) -> ServerFault? { state.withLock { $0.faults[unitID] } }

    /// What a connection should do after a request.
    enum Outcome { case carryOn, closeConnection }

    /// Answers one request received on `context`: finds the unit by the id in the request (libmodbus's
    /// TCP server ignores it), applies the unit's fault, lets the write validator refuse writes, and
    /// has libmodbus build the reply from the unit's registers under the bank's lock.
    func answer(
        _ request: UnsafePointer<UInt8>, length: Int32, on context: OpaquePointer, unknownUnit: ModbusException?
    ) -> Outcome {
        let header = Int(modbus_get_header_length(context))
        let unitID = request[header - 1]
        guard let bank = bank(unitID) else {
            if let unknownUnit {
                modbus_reply_exception(context, request, UInt32(unknownUnit.rawValue))
            }
            return .carryOn
        }
        switch fault(unitID) {
        case .exception(let exception)?:
            modbus_reply_exception(context, request, UInt32(exception.rawValue))
            return .carryOn
        case .noReply?:
            return .carryOn
        case .dropConnection?:
            return .closeConnection
        case .delay(let duration)?:
            sleep(for: duration)
        case nil:
            break
        }
        let write = Self.write(in: request, header: header, length: Int(length), unitID: unitID)
        let hooks = bank.writeHooks
        if let write, bank.space.contains(write), let refusal = hooks.validator?(write) {
            modbus_reply_exception(context, request, UInt32(refusal.rawValue))
            return .carryOn
        }
        // An accepted write is applied and announced before the reply goes out, so a client that
        // has its answer can rely on the device having acted on it (as the simulator's physics does).
        if let write, bank.space.contains(write) {
            bank.withExclusiveAccess { editor in
                switch write.table {
                case .holdingRegisters: editor.setHoldingRegisters(write.values, at: write.address)
                case .coils: editor.setCoils(write.values.map { $0 != 0 }, at: write.address)
                }
            }
            hooks.observer?(write)
        }
        var sent: Int32 = 0
        bank.reply { mapping in sent = modbus_reply(context, request, length, mapping) }
        return sent < 0 && cmodbus_errno() != cmodbus_embmdata ? .closeConnection : .carryOn
    }

    /// Decodes a write request (functions 5, 6, 15, 16); nil for anything else.
    static func write(in request: UnsafePointer<UInt8>, header: Int, length: Int, unitID: UInt8) -> RegisterWrite? {
        func word(_ offset: Int) -> UInt16 {
            UInt16(request[header + offset]) << 8 | UInt16(request[header + offset + 1])
        }
        let function = request[header]
        let address = Int(word(1))
        switch function {
        case 0x05:
            return RegisterWrite(unitID: unitID, table: .coils, address: address, values: [word(3) == 0xFF00 ? 1 : 0])
        case 0x06:
            return RegisterWrite(unitID: unitID, table: .holdingRegisters, address: address, values: [word(3)])
        case 0x0F:
            let count = Int(word(3))
            guard header + 6 + (count + 7) / 8 <= length else { return nil }
            let values = (0..<count).map { index -> UInt16 in
                UInt16(request[header + 6 + index / 8] >> UInt8(index % 8) & 1)
            }
            return RegisterWrite(unitID: unitID, table: .coils, address: address, values: values)
        case 0x10:
            let count = Int(word(3))
            guard header + 6 + count * 2 <= length else { return nil }
            let values = (0..<count).map { word(6 + $0 * 2) }
            return RegisterWrite(unitID: unitID, table: .holdingRegisters, address: address, values: values)
        default:
            return nil
        }
    }
}

func sleep(for duration: Duration) {
    let (seconds, attoseconds) = duration.components
    var remaining = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    var left = timespec()
    while nanosleep(&remaining, &left) == -1 && errno == EINTR { remaining = left }
}

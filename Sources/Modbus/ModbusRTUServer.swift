import CModbus
import Foundation
import Glibc
import Synchronization

/// A Modbus RTU server for one unit on a serial line (a real RS-485 port or a pseudo-terminal).
///
/// libmodbus's RTU receiver drops frames addressed to other unit ids before the application sees
/// them, so one server answers one unit; put several servers on several lines for more.
package final class ModbusRTUServer: Sendable {
    package let device: String
    package let serial: SerialSettings
    package let unitID: UInt8
    /// The unit's registers.
    package let registers: RegisterBank
    private let registry = UnitRegistry()
    private let state = Mutex<(running: Bool, done: Bool)>((false, true))

    package init(device: String, serial: SerialSettings = SerialSettings(), unitID: UInt8, space: RegisterSpace) {
        self.device = device
        self.serial = serial
        self.unitID = unitID
        self.registers = registry.add(unitID, space: space)
    }

    deinit { stop() }

    package func setFault(_ fault: ServerFault?) { registry.setFault(fault, unit: unitID) }

    /// Opens the line and answers requests on a thread of its own until `stop()`.
    package func start() throws(ModbusError) {
        let label = "RTU server on \(device)"
        let parity = CChar(UInt8(ascii: serial.parity.rawValue.unicodeScalars.first!))
        guard
            let context = modbus_new_rtu(
                device, Int32(serial.baudRate), parity, Int32(serial.dataBits), Int32(serial.stopBits))
        else {
            throw ModbusError.fromErrno(cmodbus_errno(), device: label, operation: "create server")
        }
        modbus_set_slave(context, Int32(unitID))
        guard modbus_connect(context) == 0 else {
            let error = ModbusError.fromErrno(cmodbus_errno(), device: label, operation: "open \(device)")
            modbus_free(context)
            throw error
        }
        guard SelectLimit.moveBelow(context) else {
            modbus_close(context)
            modbus_free(context)
            throw ModbusError(
                code: .system(EMFILE), device: label, operation: "open \(device)", message: SelectLimit.message)
        }
        // Wake up regularly so stop() is noticed even when no request comes.
        modbus_set_indication_timeout(context, 0, 100_000)
        state.withLock { $0 = (true, false) }
        let box = ContextBox(context)
        Thread.detachNewThread { [self] in serve(box) }
    }

    package func stop() {
        guard
            state.withLock({ state -> Bool in
                defer { state.running = false }
                return state.running
            })
        else { return }
        while !state.withLock({ $0.done }) { sleep(for: .milliseconds(5)) }
    }

    private func serve(_ box: ContextBox) {
        let context = box.context
        defer {
            modbus_close(context)
            modbus_free(context)
            state.withLock { $0.done = true }
        }
        var request = [UInt8](repeating: 0, count: Int(MODBUS_RTU_MAX_ADU_LENGTH))
        while state.withLock({ $0.running }) {
            let length = request.withUnsafeMutableBufferPointer { modbus_receive(context, $0.baseAddress) }
            if length <= 0 {
                if length < 0 { modbus_flush(context) }
                continue
            }
            _ = request.withUnsafeBufferPointer {
                registry.answer($0.baseAddress!, length: length, on: context, unknownUnit: nil)
            }
        }
    }
}

/// Hands a libmodbus context to the one thread that will own it from then on.
private struct ContextBox: @unchecked Sendable {
    let context: OpaquePointer
    init(_ context: OpaquePointer) { self.context = context }
}

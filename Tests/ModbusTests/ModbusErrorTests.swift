import CModbus
import Testing

@testable import Modbus

@Suite struct ModbusErrorTests {
    @Test(arguments: ModbusException.allCases)
    func exceptionErrnoDecodesToItsName(exception: ModbusException) {
        let error = ModbusError.fromErrno(
            cmodbus_enobase + Int32(exception.rawValue), device: "meter-1", operation: "read")
        #expect(error.code == .exception(exception))
        #expect(error.description.contains(exception.name))
        #expect(error.description.hasPrefix("meter-1: read failed"))
    }

    @Test func timeoutIsTyped() {
        let error = ModbusError.fromErrno(ETIMEDOUT, device: "d", operation: "read")
        #expect(error.code == .timeout)
        #expect(error.needsReconnect)
    }
}

import Foundation
import Modbus
import RawModbusLoop

// Read throughput on loopback against our own server: our Swift client next to a plain C loop over
// libmodbus, alternating rounds in one run so machine noise hits both alike. Reports the ratio.
//
// usage: modbus-bench [iterations per round] [rounds]

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let iterations = arguments.first ?? 20_000
let rounds = arguments.dropFirst().first ?? 5

let server = ModbusTCPServer()
let bank = server.addUnit(1, space: RegisterSpace(inputRegisters: 0..<125))
bank.setInputRegisters((0..<125).map { UInt16($0) }, at: 0)
try server.start()
let port = server.port

func ours(count: Int) throws -> Double {
    let client = try ModbusClient(configuration: .init(transport: .tcp(host: "127.0.0.1", port: port)))
    try client.connect()
    let start = ContinuousClock.now
    for _ in 0..<iterations { _ = try client.readInputRegisters(at: 0, count: count) }
    return Double(iterations) / (ContinuousClock.now - start).seconds
}

func raw(count: Int) -> Double {
    let start = ContinuousClock.now
    let done = raw_modbus_read_loop("127.0.0.1", Int32(port), Int32(count), iterations)
    precondition(done == iterations, "raw loop failed after \(done) reads")
    return Double(iterations) / (ContinuousClock.now - start).seconds
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

print("Modbus TCP read throughput on loopback, \(iterations) reads × \(rounds) rounds, one connection")
for count in [2, 125] {
    var ourRates: [Double] = []
    var rawRates: [Double] = []
    for _ in 0..<rounds {
        rawRates.append(raw(count: count))
        ourRates.append(try ours(count: count))
    }
    let ratio = median(ourRates) / median(rawRates)
    print(
        String(
            format: "%3d registers: raw C libmodbus %8.0f reads/s, village Modbus client %8.0f reads/s, ratio %.1f %%",
            count, median(rawRates), median(ourRates), ratio * 100))
}
server.stop()

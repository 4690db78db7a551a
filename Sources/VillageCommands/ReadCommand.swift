import ArgumentParser
import DeviceProfiles
import Foundation
import Modbus

/// `village read`: reads one device once and prints what its registers mean. The first thing a field
/// engineer runs after installing a meter.
struct ReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read one Modbus device once and print its decoded values with units.",
        discussion: """
            Connects over Modbus TCP (--host/--port) or RTU (--serial), reads every register block of the \
            device profile in as few requests as the device allows, and prints each field. SunSpec \
            devices are discovered by walking their model chain.

            Examples:
              village read --host 192.0.2.10 --profile sdm630
              village read --host 127.0.0.1 --port 1502 --unit 3 --profile sunspec-inverter --json
              village read --serial /dev/ttyUSB0 --baud 9600 --parity none --unit 1 --profile sdm120
            """
    )

    @Option(help: "Host name or address of a Modbus TCP device or gateway.")
    var host: String?

    @Option(help: "TCP port.")
    var port = 502

    @Option(help: "Serial device of a Modbus RTU line (instead of --host).")
    var serial: String?

    @Option(help: "Baud rate of the RTU line.")
    var baud = 9600

    @Option(help: "Parity of the RTU line.")
    var parity = SerialSettings.Parity.none

    @Option(help: "Modbus unit (slave) id, 1-247.")
    var unit = 1

    @Option(help: "Device profile id: a file in the profiles directory (sdm630, sunspec-inverter, ...).")
    var profile: String

    @OptionGroup var meters: MetersOptions

    @Option(help: "Response timeout in milliseconds.")
    var timeout = 1000

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        guard (host == nil) != (serial == nil) else {
            throw ValidationError("give exactly one of --host (Modbus TCP) or --serial (Modbus RTU)")
        }
        guard (1...247).contains(unit) else { throw ValidationError("--unit must be 1-247, not \(unit)") }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1-65535, not \(port)") }
        guard (1...60_000).contains(timeout) else { throw ValidationError("--timeout must be 1-60000 ms") }
    }

    func run() async throws {
        let profile = try meters.loadProfiles().profile(self.profile)
        let transport: ModbusTransport =
            if let host {
                .tcp(host: host, port: port)
            } else {
                .rtu(device: serial!, serial: SerialSettings(baudRate: baud, parity: parity))
            }
        let configuration = ModbusClientConfiguration(
            transport: transport, unitID: unit, responseTimeout: .milliseconds(timeout), name: profile.id)
        let reading = try DeviceReader(profile: profile, client: ModbusClient(configuration: configuration)).read()
        if json {
            try printJSON(DeviceReadingReport(device: configuration.deviceLabel, profile: profile, reading: reading))
        } else {
            printTable(profile: profile, device: configuration.deviceLabel, reading: reading)
        }
    }

    private func printTable(profile: DeviceProfile, device: String, reading: DeviceReading) {
        print("\(device): \(profile.manufacturer) \(profile.model)")
        if let map = reading.sunSpec {
            let models = map.models.map { "\($0.id) (L=\($0.length)) at \($0.start)" }.joined(separator: ", ")
            print("SunSpec models: \(models)")
        }
        let rows = reading.fields.filter { !$0.name.hasSuffix("_SF") && !$0.name.hasSuffix("_exponent") }
        let nameWidth = rows.map(\.name.count).max() ?? 4
        let semanticWidth = rows.map { ($0.semantic ?? "").count }.max() ?? 8
        for field in rows {
            let shown = field.text ?? field.value.map { Quantity.format($0, unit: field.unit) } ?? "not implemented"
            print(
                "  " + field.name.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                    + (field.semantic ?? "").padding(toLength: semanticWidth + 2, withPad: " ", startingAt: 0) + shown)
        }
    }
}

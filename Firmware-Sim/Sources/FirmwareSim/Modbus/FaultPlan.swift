import Foundation
import Site
import Yams

/// Device faults to inject, loaded from a faults file. Each fault is active in a time window and,
/// within it, in a seeded share of 15-minute slots, so a run with the same seed fails the same way.
///
/// ```yaml
/// seed: 11
/// faults:
///   - {device: meter-101, kind: slowReply, delayMs: 400}
///   - {device: pv-102, kind: exception, code: 6, probability: 0.2}
///   - {device: meter-103, kind: meterReplacement, atSeconds: 7200}
///   - {device: ess, kind: reboot, atSeconds: 3600, durationSeconds: 120}
/// ```
public struct FaultPlan: Sendable, Hashable {
    public var seed: UInt64
    public var faults: [Fault]

    public init(seed: UInt64, faults: [Fault]) {
        self.seed = seed
        self.faults = faults
    }

    public struct Fault: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            /// Answers, but only after `delayMs` (default 300 ms, inside a usual timeout).
            case slowReply
            /// Answers after `delayMs` (default 1,500 ms, past a usual timeout): the reply arrives late.
            case lateReply
            /// Reads requests and never answers.
            case noReply
            /// Answers every request with exception `code` (2, 4 or 6).
            case exception
            /// Closes the connection instead of answering.
            case dropConnection
            /// The device's port accepts one client at a time.
            case singleClient
            /// At `atSeconds` the meter is replaced: its counters restart from zero.
            case meterReplacement
            /// Values read as "not implemented" sentinels.
            case notImplemented
            /// At `atSeconds` the device goes offline for `durationSeconds`, then comes back with its
            /// control registers reset.
            case reboot
        }

        public var device: String
        public var kind: Kind
        public var delayMs: Int?
        public var code: Int?
        public var probability: Double
        public var fromSeconds: Int64?
        public var untilSeconds: Int64?
        public var atSeconds: Int64?
        public var durationSeconds: Int64

        public init(
            device: String, kind: Kind, delayMs: Int? = nil, code: Int? = nil, probability: Double = 1,
            fromSeconds: Int64? = nil, untilSeconds: Int64? = nil, atSeconds: Int64? = nil,
            durationSeconds: Int64 = 60
        ) {
            self.device = device
            self.kind = kind
            self.delayMs = delayMs
            self.code = code
            self.probability = probability
            self.fromSeconds = fromSeconds
            self.untilSeconds = untilSeconds
            self.atSeconds = atSeconds
            self.durationSeconds = durationSeconds
        }
    }
}

/// Why a faults file was refused: the file, the field path, and what is wrong.
public struct FaultPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let field: String
    public let message: String

    public var description: String { field.isEmpty ? "\(file): \(message)" : "\(file): \(field): \(message)" }
}

extension FaultPlan {
    /// Loads and checks a faults file against the site it will run on.
    public static func load(path: String, site: Site) throws(FaultPlanError) -> FaultPlan {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw FaultPlanError(file: path, field: "", message: "cannot read file")
        }
        return try FaultPlan(yaml: text, file: path, site: site)
    }

    public init(yaml: String, file: String = "<string>", site: Site) throws(FaultPlanError) {
        func fail(_ field: String, _ message: String) -> FaultPlanError {
            FaultPlanError(file: file, field: field, message: message)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw fail("", "not valid YAML: \(error)")
        }
        guard let mapping = root?.mapping else { throw fail("", "expected a mapping with 'faults'") }
        for key in mapping.keys.compactMap(\.string) where !["seed", "faults"].contains(key) {
            throw fail(key, "unknown key '\(key)' (allowed: faults, seed)")
        }
        var seed = site.seed
        if let node = mapping["seed"] {
            guard let value = node.string.flatMap(UInt64.init) else {
                throw fail("seed", "expected a non-negative integer")
            }
            seed = value
        }
        guard let list = mapping["faults"]?.sequence else { throw fail("faults", "expected a list") }
        let deviceIds = Set(site.devices.map(\.id))
        let allowed = [
            "device", "kind", "delayMs", "code", "probability", "fromSeconds", "untilSeconds", "atSeconds",
            "durationSeconds",
        ]
        var faults: [Fault] = []
        for (index, node) in list.enumerated() {
            let path = "faults[\(index)]"
            guard let entry = node.mapping else { throw fail(path, "expected a mapping") }
            for key in entry.keys.compactMap(\.string) where !allowed.contains(key) {
                throw fail(
                    "\(path).\(key)", "unknown key '\(key)' (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            func integer(_ key: String) throws(FaultPlanError) -> Int64? {
                guard let value = entry[key] else { return nil }
                guard let number = value.string.flatMap({ Int64($0) }), number >= 0 else {
                    throw fail("\(path).\(key)", "expected a non-negative integer")
                }
                return number
            }
            guard let device = entry["device"]?.string else {
                throw fail("\(path).device", "required field 'device' is missing")
            }
            guard deviceIds.contains(device) else {
                throw fail("\(path).device", "device '\(device)' is not defined in the site")
            }
            guard let kindName = entry["kind"]?.string else {
                throw fail("\(path).kind", "required field 'kind' is missing")
            }
            guard let kind = Fault.Kind(rawValue: kindName) else {
                throw fail(
                    "\(path).kind",
                    "unknown kind '\(kindName)' (allowed: \(Fault.Kind.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            var fault = Fault(device: device, kind: kind)
            fault.delayMs = try integer("delayMs").map(Int.init)
            fault.code = try integer("code").map(Int.init)
            fault.fromSeconds = try integer("fromSeconds")
            fault.untilSeconds = try integer("untilSeconds")
            fault.atSeconds = try integer("atSeconds")
            fault.durationSeconds = try integer("durationSeconds") ?? 60
            if let node = entry["probability"] {
                guard let value = node.string.flatMap(Double.init), (0...1).contains(value) else {
                    throw fail("\(path).probability", "expected a number in 0...1")
                }
                fault.probability = value
            }
            if kind == .exception {
                guard let code = fault.code, [2, 4, 6].contains(code) else {
                    throw fail("\(path).code", "exception faults need code 2, 4 or 6")
                }
            }
            if kind == .meterReplacement || kind == .reboot, fault.atSeconds == nil {
                throw fail("\(path).atSeconds", "\(kind.rawValue) needs atSeconds")
            }
            faults.append(fault)
        }
        self.init(seed: seed, faults: faults)
    }
}

import ArgumentParser
import Foundation
import Logging
import VillageEdge
import VillageStore

/// `village uplink push`: drains the outbox once and exits.
struct UplinkPushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send everything the city backend has not acknowledged, then exit.",
        discussion: """
            Sends the batch left in flight by an earlier run first (unchanged, under its number), then \
            new batches from the outbox until nothing is pending: intervals written or rewritten, device \
            events, ledger transactions and signed checkpoints. The first push (or `village run \
            --upstream`) enables the uplink and queues the village's whole history. Stops with an error \
            at the first batch that gets no acknowledgement; what was acknowledged stays acknowledged, \
            and the next push continues from there. `village status` shows what is pending.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var upstream: UpstreamOptions

    @Option(name: .customLong("batch-intervals"), help: "Most intervals (and events) per batch.")
    var batchIntervals = UplinkLimits.standard.intervals

    @Option(name: .customLong("batch-ledger"), help: "Most ledger transactions (and checkpoints) per batch.")
    var batchLedger = UplinkLimits.standard.ledgerTransactions

    @Option(name: .customLong("max-batches"), help: "Stop after this many batches even if more is pending.")
    var maxBatches: Int?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        guard upstream.upstream != nil else { throw ValidationError("--upstream URL is required") }
        guard (1...100_000).contains(batchIntervals) else {
            throw ValidationError("--batch-intervals must be 1-100000, is \(batchIntervals)")
        }
        if let maxBatches, maxBatches < 1 {
            throw ValidationError("--max-batches must be at least 1, is \(maxBatches)")
        }
        guard (1...10_000).contains(batchLedger) else {
            throw ValidationError("--batch-ledger must be 1-10000, is \(batchLedger)")
        }
    }

    struct Report: Encodable {
        var village: String
        var batches: [Batch]
        var pending: UplinkReport?
    }

    struct Batch: Encodable {
        var batch: Int64?
        var duplicate: Bool?
        var intervals: Int?
        var events: Int?
        var ledger: Int?
        var checkpoints: Int?
        var resumedFromLedgerSize: Int64?
        var renumberedFromBatch: Int64?
    }

    func run() async throws {
        guard FileManager.default.fileExists(atPath: database.db) else {
            throw CommandError("--db \(database.db): no such village database")
        }
        guard let client = try upstream.client() else { return }
        let store = try VillageStore(path: database.db)
        let uplink = Uplink(
            store: store, client: client,
            limits: UplinkLimits(
                intervals: batchIntervals, events: batchIntervals, ledgerTransactions: batchLedger,
                checkpoints: batchLedger),
            logger: Logger(label: "village.uplink"))
        do {
            let village = try await uplink.enable()
            var batches: [Batch] = []
            let steps = try await uplink.drain(maximumSteps: maxBatches ?? .max) { step in
                guard !json else { return }
                switch step {
                case .acknowledged(let number, let duplicate, let intervals, let events, let ledger, let checkpoints):
                    print(
                        "batch \(number) acknowledged\(duplicate ? " (already applied)" : ""): \(intervals) intervals, "
                            + "\(events) events, \(ledger) ledger transactions, \(checkpoints) checkpoints")
                case .resumed(let size):
                    print("the backend holds \(size) ledger transactions; continuing from there")
                case .renumbered(let next, let size):
                    print(
                        "the backend holds other batches under these numbers (re-installed village); "
                            + "continuing from batch \(next) and \(size) ledger transactions")
                case .idle: break
                }
                fflush(nil)
            }
            for step in steps {
                switch step {
                case .acknowledged(let number, let duplicate, let intervals, let events, let ledger, let checkpoints):
                    batches.append(
                        Batch(
                            batch: number, duplicate: duplicate, intervals: intervals, events: events, ledger: ledger,
                            checkpoints: checkpoints))
                case .resumed(let size): batches.append(Batch(resumedFromLedgerSize: size))
                case .renumbered(let next, let size):
                    batches.append(Batch(resumedFromLedgerSize: size, renumberedFromBatch: next))
                case .idle: break
                }
            }
            await client.shutdown()
            let pending = try await uplink.outbox.report()
            if json {
                try printJSON(Report(village: village, batches: batches, pending: pending))
            } else {
                let left =
                    (pending?.pendingIntervals ?? 0) + (pending?.pendingEvents ?? 0)
                    + (pending?.pendingLedgerTransactions ?? 0) + (pending?.pendingCheckpoints ?? 0)
                print(
                    "village \(village): \(batches.count) batches sent to \(client.endpoint); "
                        + (left == 0 ? "nothing pending" : "\(left) items still pending (--max-batches)"))
            }
        } catch {
            await client.shutdown()
            throw CommandError("village uplink push: \(error)")
        }
    }
}

/// The requests that read every field of a profile: its blocks, with adjacent blocks of the same
/// table merged while the device's request limit allows, so a poll costs as few round trips as
/// the device permits.
public struct ReadPlan: Sendable, Hashable {
    public var requests: [RegisterBlock]

    public init(blocks: [RegisterBlock], maxRegistersPerRequest: Int) {
        var merged: [RegisterBlock] = []
        for block in blocks.sorted(by: { ($0.table.rawValue, $0.start) < ($1.table.rawValue, $1.start) }) {
            if let last = merged.last, last.table == block.table, block.start <= last.range.upperBound {
                let end = max(last.range.upperBound, block.range.upperBound)
                if end - last.start <= maxRegistersPerRequest {
                    merged[merged.count - 1].count = end - last.start
                    continue
                }
            }
            merged.append(block)
        }
        requests = merged
    }

    /// Blocks covering SunSpec models, each split into pieces no longer than the request limit.
    public static func covering(models: [SunSpecMap.Model], maxRegistersPerRequest: Int) -> [RegisterBlock] {
        models.flatMap { model -> [RegisterBlock] in
            let end = model.start + 2 + model.length
            return stride(from: model.start, to: end, by: maxRegistersPerRequest).map { start in
                RegisterBlock(table: .holding, start: start, count: min(maxRegistersPerRequest, end - start))
            }
        }
    }
}

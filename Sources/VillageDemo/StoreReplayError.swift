/// Why a recorded period cannot be replayed; the message names the database and the intervals.
package struct StoreReplayError: Error, CustomStringConvertible, Equatable {
    package enum Code: Sendable, Equatable {
        /// The period holds no recorded interval of the grid meter.
        case noData
        /// Some intervals of the period lack an input of the replay.
        case gaps
        /// The database could not be read.
        case database
    }

    package var code: Code
    /// The database file.
    package var path: String
    package var message: String
    /// The interval starts (UTC Unix seconds) that are missing, for `gaps`.
    package var missingIntervals: [Int64]

    package init(_ code: Code, path: String, _ message: String, missingIntervals: [Int64] = []) {
        self.code = code
        self.path = path
        self.message = message
        self.missingIntervals = missingIntervals
    }

    package var description: String { "\(path): \(message)" }
}

import Foundation

/// The SELECT that the interval export runs (per local day), with the whole range bound, so that
/// `export-bench` can give the very same query to the `sqlite3` shell.
public enum IntervalSourceQuery {
    public static func sql(from: Int64, to: Int64) -> String {
        IntervalSource.selectSQL.replacingOccurrences(of: "?1", with: String(from)).replacingOccurrences(
            of: "?2", with: String(to))
    }
}

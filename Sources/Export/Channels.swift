/// What the store's channel names imply about units.
enum Channels {
    /// Volume channels (`water.volume`, `hotwater.volume`) are litres; every other interval channel is Wh.
    static func isVolume(_ channel: String) -> Bool { channel.hasSuffix(".volume") }

    static func qualityName(rank: Int32) -> String? {
        switch rank {
        case 0: "missing"
        case 1: "estimated"
        case 2: "measured"
        default: nil
        }
    }
}

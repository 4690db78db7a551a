import ArgumentParser
import VillageEdge

/// `--upstream URL --upstream-token FILE`: the city backend that the village sends its data to.
struct UpstreamOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The city backend's base URL (http:// or https://); batches go to <URL>/api/v1/uplink/batches.",
            valueName: "URL"))
    var upstream: String?

    @Option(
        name: .customLong("upstream-token"),
        help: ArgumentHelp(
            "File holding the village's upload token, one line, mode 0600 or stricter.", valueName: "FILE"))
    var upstreamToken: String?

    /// Both flags or neither.
    func validate() throws {
        if (upstream == nil) != (upstreamToken == nil) {
            throw ValidationError("--upstream and --upstream-token go together: give both or neither")
        }
    }

    /// The client for the backend, or nil without `--upstream`; bad flags or a token file that
    /// others may read fail with an error naming them.
    func client() throws -> UplinkClient? {
        guard let upstream, let upstreamToken else { return nil }
        do {
            return UplinkClient(endpoint: try UplinkEndpoint(upstream), token: try UplinkToken(file: upstreamToken))
        } catch {
            throw CommandError("\(error)")
        }
    }
}

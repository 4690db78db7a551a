import Foundation
import VillageUplink

/// The backend's address as given with `--upstream`, and the URL batches are posted to.
package struct UplinkEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// The base URL as given, without a trailing slash.
    package let base: String

    /// Checks `text` (an `http` or `https` URL with a host, no credentials, query or fragment),
    /// given on the command line as `flag`.
    package init(_ text: String, flag: String = "--upstream") throws(UplinkError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else {
            throw UplinkError.configuration("\(flag) \(text): not an http:// or https:// URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw UplinkError.configuration("\(flag) \(text): the URL has no host")
        }
        guard components.user == nil, components.password == nil else {
            throw UplinkError.configuration(
                "\(flag): the URL carries credentials; pass the token with --upstream-token FILE instead")
        }
        guard components.query == nil, components.fragment == nil else {
            throw UplinkError.configuration("\(flag) \(text): the URL must not have a query or fragment")
        }
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        base = trimmed
    }

    /// Where batches go: `<base>/api/v1/uplink/batches`.
    package var batchesURL: String { base + UplinkProtocol.batchesPath }

    package var description: String { base }
}

import Foundation

/// The language of the pages: Korean or English, from the visitor's choice (a `lang` cookie set by
/// the toggle) or else the browser's `Accept-Language`, English when neither names Korean.
package enum WebLanguage: String, Sendable, CaseIterable {
    case en, ko

    package static func preferred(choice: String?, acceptLanguage: String?) -> WebLanguage {
        if let choice, let language = WebLanguage(rawValue: choice) { return language }
        guard let acceptLanguage else { return .en }
        // The first listed language we have wins; q-values in browsers' headers follow list order.
        for entry in acceptLanguage.split(separator: ",") {
            let tag = entry.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            if tag.hasPrefix("ko") { return .ko }
            if tag.hasPrefix("en") { return .en }
        }
        return .en
    }

    /// The other language, for the toggle link.
    package var other: WebLanguage { self == .en ? .ko : .en }
}

import Mustache

/// A fixed text held by its key in a view model, translated when the page is rendered into the
/// language the renderer binds (``WebLanguage/current``); Mustache escapes the result as any value.
package struct Label: Sendable, Hashable, MustacheCustomRenderable, ExpressibleByStringLiteral {
    package var key: String

    package init(_ key: String) { self.key = key }
    package init(stringLiteral key: String) { self.key = key }

    package var renderText: String { WebLabels.table(WebLanguage.current)[key] ?? key }
    package var isNull: Bool { false }
}

extension WebLanguage {
    /// The language of the page being rendered.
    @TaskLocal package static var current: WebLanguage = .en
}

import Mustache

/// Renders the pages: a pure function of the frame and the page's view model. The templates are
/// Swift string constants (``PageTemplates``), parsed once; every `{{value}}` is HTML-escaped by
/// Mustache, and only the charts, which escape their own text, are inserted as markup.
package struct PageRenderer: Sendable {
    private let library: MustacheLibrary

    package init() {
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.all {
            // The templates are constants of this module, checked by its tests: a parse error is a bug.
            do { try library.register(text, named: name) } catch { preconditionFailure("template \(name): \(error)") }
        }
        self.library = library
    }

    package func login(_ page: LoginPage, frame: PageFrame) -> String { render("login", page, frame) }
    package func household(_ page: HouseholdPage, frame: PageFrame) -> String { render("household", page, frame) }
    package func manager(_ page: ManagerPage, frame: PageFrame) -> String { render("manager", page, frame) }
    package func researcher(_ page: ResearcherPage, frame: PageFrame) -> String { render("researcher", page, frame) }
    package func message(_ page: MessagePage, frame: PageFrame) -> String { render("message", page, frame) }

    private func render(_ template: String, _ page: Any, _ frame: PageFrame) -> String {
        let language = WebLanguage(rawValue: frame.language) ?? .en
        let context: [String: Any] = ["frame": frame, "page": page, "t": WebLabels.table(language)]
        return WebLanguage.$current.withValue(language) {
            library.render(context, withTemplate: template) ?? ""
        }
    }
}

/// The Mustache templates by name.
package enum PageTemplates {
    static let all: [(String, String)] = [
        ("layout", layout), ("login", login), ("message", message), ("household", household), ("manager", manager),
        ("researcher", researcher),
    ]
}

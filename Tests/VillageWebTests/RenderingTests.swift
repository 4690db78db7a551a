import Foundation
import Site
import Testing

@testable import VillageWeb

/// The templates escape whatever a view model carries, every label exists in both languages, and
/// the settings and export forms refuse bad fields one by one, next to the field.
@Suite struct RenderingTests {
    static let hostile = "\"><script>alert(1)</script>&'"

    @Test func everyValueIsEscaped() {
        let frame = PageFrame(language: .en, title: "login", account: Self.hostile, csrf: Self.hostile, path: "/login")
        let html = PageRenderer().login(LoginPage(username: Self.hostile, failed: true), frame: frame)
        #expect(!html.contains("<script>"))
        #expect(html.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;"))
        #expect(html.contains("id=\"login-error\""))
        #expect(!html.contains("<script"))
    }

    @Test func everyLabelHasBothLanguagesAndTemplatesUseOnlyKnownLabels() throws {
        #expect(WebLabels.english.count == WebLabels.entries.count)
        #expect(Set(WebLabels.english.keys) == Set(WebLabels.korean.keys))
        for entry in WebLabels.entries { #expect(!entry.1.isEmpty && !entry.2.isEmpty, "\(entry.0)") }
        let regex = try Regex("\\{\\{t\\.([A-Za-z]+)\\}\\}")
        for (name, text) in PageTemplates.all {
            for match in text.matches(of: regex) {
                let key = String(text[match.range].dropFirst(4).dropLast(2))
                #expect(WebLabels.english[key] != nil, "template \(name) uses unknown label \(key)")
            }
        }
    }

    @Test func languageFollowsTheChoiceThenTheBrowser() {
        #expect(WebLanguage.preferred(choice: nil, acceptLanguage: "ko-KR,ko;q=0.9,en;q=0.8") == .ko)
        #expect(WebLanguage.preferred(choice: nil, acceptLanguage: "en-US,ko;q=0.5") == .en)
        #expect(WebLanguage.preferred(choice: "en", acceptLanguage: "ko-KR") == .en)
        #expect(WebLanguage.preferred(choice: "xx", acceptLanguage: nil) == .en)
        #expect(WebLanguage.preferred(choice: nil, acceptLanguage: "fr-FR, ko") == .ko)
    }

    @Test func settingsFormRefusesEachBadFieldAndChangesNothing() throws {
        var current = DispatchSettings()
        current.socReserve = SoCReserveSetting(socPct: 30, byLocalTime: "18:00")
        let bad = [
            "strategy": "greedy", "horizonHours": "12", "reservePct": "150", "reserveBy": "18:00",
            "wearCost": "abc", "demandCharge": "0",
        ]
        guard case .refused(let form) = DispatchSettingsForm.read(bad, over: current, socRange: 10...90) else {
            Issue.record("bad form accepted")
            return
        }
        let errors = Dictionary(uniqueKeysWithValues: form.fields.map { ($0.name, $0.error) })
        #expect(errors["strategy"]??.contains("greedy") == true)
        #expect(errors["horizonHours"]??.contains("24–48") == true)
        #expect(errors["reservePct"]??.contains("10–90") == true)
        #expect(errors["wearCost"]??.contains("abc") == true)
        #expect(errors["demandCharge"] == .some(nil))
        #expect(form.fields.first { $0.name == "wearCost" }?.value == "abc")
        // Rendered: the message sits in the field's own block, tied to the input.
        let page = ManagerPage(form: form, saved: false, audit: [])
        let html = PageRenderer().manager(
            page, frame: PageFrame(language: .en, title: "manager", account: "m", csrf: "c", path: "/manager"))
        #expect(html.contains("id=\"settings-refused\""))
        let block = try #require(
            html.components(separatedBy: "<div class=\"field invalid\">").dropFirst().first {
                $0.contains("id=\"wearCost\"")
            })
        #expect(block.contains("id=\"wearCost-error\""))
        #expect(block.contains("aria-describedby=\"wearCost-error\""))

        let good = [
            "strategy": "tou-rules", "horizonHours": "36", "reservePct": "80", "reserveBy": "19:15", "wearCost": "12.5",
            "demandCharge": "0",
        ]
        guard case .accepted(let settings) = DispatchSettingsForm.read(good, over: current, socRange: 10...90) else {
            Issue.record("good form refused")
            return
        }
        #expect(settings.strategy == "tou-rules")
        #expect(settings.horizonHours == 36)
        #expect(settings.socReserve == SoCReserveSetting(socPct: 80, byLocalTime: "19:15"))
        #expect(settings.wearCostWonPerKWh == 12.5)
        var noReserve = good
        noReserve["reservePct"] = ""
        guard case .accepted(let cleared) = DispatchSettingsForm.read(noReserve, over: current, socRange: 10...90)
        else {
            Issue.record("empty reserve refused")
            return
        }
        #expect(cleared.socReserve == nil)
        guard
            case .refused(let timeForm) = DispatchSettingsForm.read(
                good.merging(["reserveBy": "19:10"]) { $1 }, over: current, socRange: 10...90)
        else {
            Issue.record("off-grid reserve time accepted")
            return
        }
        #expect(timeForm.fields.first { $0.name == "reserveBy" }?.error != nil)
    }

    @Test func exportFormIsReadOrRefusedByField() {
        guard
            case .accepted(let choice) = ExportChoice.read([
                "table": "intervals", "format": "jsonl", "resolution": "1h", "from": "2025-06-16", "to": "2025-06-17",
            ])
        else {
            Issue.record("good export form refused")
            return
        }
        #expect(choice.fileName == "village-2025-06-16-intervals.jsonl")
        guard
            case .refused(let page) = ExportChoice.read([
                "table": "../../etc/passwd", "format": "xml", "resolution": "1h", "from": "2025-06-17",
                "to": "2025-06-16",
            ])
        else {
            Issue.record("bad export form accepted")
            return
        }
        #expect(page.tableError != nil)
        #expect(page.formatError != nil)
        #expect(page.toError != nil)
        #expect(page.fromError == nil)
        let html = PageRenderer().researcher(
            page, frame: PageFrame(language: .ko, title: "researcher", account: "r", csrf: "c", path: "/researcher"))
        #expect(html.contains("id=\"table-error\""))
        #expect(!html.contains("../../etc/passwd\" selected"))
    }
}

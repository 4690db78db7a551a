import Foundation
import Hummingbird
import Logging
import Site
import Tariffs
import VillageAccounts
import VillageServer
import VillageStore
import VillageWeb

/// `/manager`: the plant, the next plan, the dispatch settings form and its audit log, the strategy
/// comparison. The manager and the operator only.
extension WebApp {
    func managerPage(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        switch require([.manager, .operator], request, context) {
        case .failure(let answer): return answer.response
        case .success: break
        }
        let settings = try await effectiveSettings()
        return try await renderManager(
            form: DispatchSettingsForm(showing: settings), settings: settings,
            saved: request.uri.queryParameters.get("saved") == "1", status: .ok, request, context)
    }

    /// A posted settings form: saved as the override with an audit entry (as `PUT
    /// /api/v1/dispatch/settings` does), or shown again with a message next to each refused field.
    func saveSettings(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let account: Account
        switch require([.manager, .operator], request, context) {
        case .success(let found): account = found
        case .failure(let answer): return answer.response
        }
        guard let session = sessionToken(request), let form = try await form(request, context),
            csrf.isValid(form["csrf"], forSession: session)
        else { return refusal(.forbidden, "badRequest", request, context) }
        let previous = try await effectiveSettings()
        let ess = api.site.ess
        switch DispatchSettingsForm.read(form.fields, over: previous, socRange: ess.socMinPct...ess.socMaxPct) {
        case .refused(let refused):
            return try await renderManager(
                form: refused, settings: previous, saved: false, status: .unprocessableContent, request, context)
        case .accepted(let settings):
            var checked = api.site
            checked.dispatch = settings
            do {
                try checked.validate(file: "settings form")
            } catch {
                var refused = DispatchSettingsForm(showing: settings)
                refused.failed = true
                if let index = refused.fields.indices.first {
                    refused.fields[index].error = error.message
                }
                return try await renderManager(
                    form: refused, settings: previous, saved: false, status: .unprocessableContent, request, context)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let newJSON = String(decoding: try encoder.encode(settings), as: UTF8.self)
            let oldJSON = String(decoding: try encoder.encode(previous), as: UTF8.self)
            if newJSON != oldJSON {
                try await api.store.replaceDispatchSettingsOverride(
                    json: newJSON, previousJSON: oldJSON, accountID: account.id, at: api.now())
                api.logger.notice(
                    "dispatch settings changed on the web",
                    metadata: ["account.username": "\(account.username)", "settings": "\(newJSON)"])
            }
            return redirect("/manager?saved=1")
        }
    }

    /// The override if a manager set one, else the site file's.
    func effectiveSettings() async throws -> DispatchSettings {
        guard let json = try await api.store.dispatchSettingsOverrideJSON() else { return api.site.dispatch }
        return try JSONDecoder().decode(DispatchSettings.self, from: Data(json.utf8))
    }

    private func renderManager(
        form: DispatchSettingsForm, settings: DispatchSettings, saved: Bool, status: HTTPResponse.Status,
        _ request: Request, _ context: VillageRequestContext
    ) async throws -> Response {
        let audit = try await api.accounts.dispatchSettingsChanges(limit: 50).flatMap(Self.auditEntries)
        var page: ManagerPage
        if let planning {
            let source = ManagerPageSource(
                store: api.store, site: api.site, profiles: planning.profiles, importTariff: planning.importTariff,
                exportTariff: planning.exportTariff)
            page = try await source.page(settings: settings, form: form, saved: saved, audit: audit)
        } else {
            page = ManagerPage(
                form: form, saved: saved, audit: audit,
                planError: "the server was started without device profiles and plant tariffs")
        }
        return html(
            renderer.manager(page, frame: frame(request, context, title: "manager")), status: status, request: request)
    }

    /// One row per setting that changed, `socReserve.socPct` style, old and new as JSON text.
    static func auditEntries(_ change: DispatchSettingsChange) -> [ManagerPage.AuditEntry] {
        func flatten(_ json: String) -> [String: String] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
                return [:]
            }
            var result: [String: String] = [:]
            func walk(_ value: Any, _ path: String) {
                if let nested = value as? [String: Any] {
                    for (key, inner) in nested { walk(inner, path.isEmpty ? key : path + "." + key) }
                } else if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed]) {
                    result[path] = String(decoding: data, as: UTF8.self)
                }
            }
            walk(object, "")
            return result
        }
        let old = flatten(change.oldSettingsJSON)
        let new = flatten(change.newSettingsJSON)
        let time = WebFormatting.localTime(change.at)
        return Set(old.keys).union(new.keys).sorted().compactMap { key in
            guard old[key] != new[key] else { return nil }
            return ManagerPage.AuditEntry(
                time: time, account: change.username, field: key, oldValue: old[key] ?? "—", newValue: new[key] ?? "—")
        }
    }
}

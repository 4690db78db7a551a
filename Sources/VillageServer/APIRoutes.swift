import Hummingbird
import MarketStore
import Site
import VillageAccounts

/// The route table of the JSON API. The router, the authorisation of every request, the OpenAPI
/// document and the role × route test are all generated from this one list, so a route cannot be
/// added without saying who may call it.
package enum APIRoutes {
    package static let prefix = "/api/v1"

    private static let householdID = APIRoute.Parameter(
        name: "id", location: .path, required: true, schema: .string(pattern: "^[A-Za-z0-9_-]{1,32}$"),
        description: "The household's unit number, e.g. 101.", example: "101")
    private static let managers: Set<Role> = [.manager, .operator]
    private static let households: Set<Role> = [.household, .operator]

    package static let all: [APIRoute] = [
        APIRoute(
            method: .post, path: prefix + "/tokens", access: .anyone, householdScoped: false,
            summary: "Log in: exchange a user name and password for a bearer token.", parameters: [],
            requestBody: VillageAPI.credentialsSchema, responseType: "application/json",
            responseSchema: VillageAPI.TokenAnswer.schema, successStatus: 201
        ) { try await $2.createToken($0, $1) },
        APIRoute(
            method: .delete, path: prefix + "/tokens/current", access: .roles(Set(Role.allCases)),
            householdScoped: false, summary: "Log out: revoke the bearer token of this request.", parameters: [],
            requestBody: nil, responseType: "application/json", responseSchema: .any, successStatus: 204
        ) { try await $2.deleteCurrentToken($0, $1) },
        APIRoute(
            method: .post, path: prefix + "/setup", access: .anyone, householdScoped: false,
            summary: "Set the first password of an account with its one-time setup code.", parameters: [],
            requestBody: VillageAPI.setupSchema, responseType: "application/json",
            responseSchema: VillageAPI.AccountAnswer.schema
        ) { try await $2.redeemSetupCode($0, $1) },
        APIRoute(
            method: .get, path: prefix + "/me", access: .roles(Set(Role.allCases)), householdScoped: false,
            summary: "The account of this token.", parameters: [], requestBody: nil, responseType: "application/json",
            responseSchema: VillageAPI.AccountAnswer.schema
        ) { try await $2.me($0, $1) },
        APIRoute(
            method: .get, path: prefix + "/households/{id}/balance", access: .roles(households), householdScoped: true,
            summary: "A household's energy and money per month, as `village balance --json` prints it.",
            parameters: [
                householdID,
                .init(
                    name: "month", location: .query, required: false, schema: .string(pattern: "^[0-9]{4}-[0-9]{2}$"),
                    description: "One month, YYYY-MM (site local time); default: every month."),
            ], requestBody: nil, responseType: "application/json", responseSchema: HouseholdBalanceReport.schema
        ) { try await $2.balance($0, $1) },
        APIRoute(
            method: .get, path: prefix + "/households/{id}/trades", access: .roles(households), householdScoped: true,
            summary:
                "A household's delivered trades of one interval, one day or a period, the other side anonymised.",
            parameters: [
                householdID,
                .init(
                    name: "day", location: .query, required: false, schema: .string(format: "date"),
                    description:
                        "Local day, YYYY-MM-DD; default (without interval, from or to): the day of the newest settlement."
                ),
                .init(
                    name: "interval", location: .query, required: false, schema: .string(),
                    description: "One 15-minute interval by its start, local time (2026-01-15T12:00) or Unix seconds."),
                .init(
                    name: "from", location: .query, required: false, schema: .string(),
                    description:
                        "Intervals starting at or after this local date or time (2026-01-01 or 2026-01-01T09:00); default: the first."
                ),
                .init(
                    name: "to", location: .query, required: false, schema: .string(),
                    description:
                        "Intervals starting before this local date or time (exclusive), as from; default: the last."),
            ], requestBody: nil, responseType: "application/json", responseSchema: HouseholdTradesReport.schema
        ) { try await $2.trades($0, $1) },
        APIRoute(
            method: .get, path: prefix + "/households/{id}/bill", access: .roles(households), householdScoped: true,
            summary: "A household's bill for one month, as `village bill --json` prints it.",
            parameters: [
                householdID,
                .init(
                    name: "month", location: .query, required: true, schema: .string(pattern: "^[0-9]{4}-[0-9]{2}$"),
                    description: "The month, YYYY-MM (site local time)."),
            ], requestBody: nil, responseType: "application/json", responseSchema: .openObject
        ) { try await $2.bill($0, $1) },
        APIRoute(
            method: .get, path: prefix + "/households/{id}/intervals", access: .roles(households),
            householdScoped: true, summary: "A household's 15-minute energies and volumes.",
            parameters: [
                householdID,
                .init(
                    name: "from", location: .query, required: true, schema: .string(format: "date"),
                    description: "First local day, YYYY-MM-DD."),
                .init(
                    name: "to", location: .query, required: false, schema: .string(format: "date"),
                    description: "Local day after the last (default: from + 1 day; at most 31 days)."),
            ], requestBody: nil, responseType: "application/json", responseSchema: VillageAPI.IntervalsReport.schema
        ) { try await $2.intervals($0, $1) },
        APIRoute(
            method: .get, path: prefix + "/plant", access: .roles(managers), householdScoped: false,
            summary: "Plant state, service status and the last dispatch plan.", parameters: [], requestBody: nil,
            responseType: "application/json", responseSchema: VillageAPI.PlantAnswer.schema
        ) { try await $2.plant($0, $1) },
        APIRoute(
            method: .get, path: prefix + "/dispatch/settings", access: .roles(managers), householdScoped: false,
            summary: "The dispatch settings in force (the site file's, or a manager's override).", parameters: [],
            requestBody: nil, responseType: "application/json", responseSchema: DispatchSettingsReport.schema
        ) { try await $2.getDispatchSettings($0, $1) },
        APIRoute(
            method: .put, path: prefix + "/dispatch/settings", access: .roles(managers), householdScoped: false,
            summary: "Replace the dispatch settings (fields of the site file's dispatch section); audited.",
            parameters: [], requestBody: .openObject, responseType: "application/json",
            responseSchema: DispatchSettingsReport.schema
        ) { try await $2.putDispatchSettings($0, $1) },
        APIRoute(
            method: .get, path: prefix + "/dispatch/settings/audit", access: .roles(managers), householdScoped: false,
            summary: "Every change to the dispatch settings: who, when, before and after.", parameters: [],
            requestBody: nil, responseType: "application/json",
            responseSchema: .array(of: VillageAPI.AuditEntry.schema)
        ) { try await $2.dispatchSettingsAudit($0, $1) },
        APIRoute(
            method: .get, path: prefix + "/exports", access: .roles([.researcher, .operator]), householdScoped: false,
            summary: "One table of research data, streamed; pseudonymised unless raw access is granted and asked.",
            parameters: VillageAPI.tableExportParameters, requestBody: nil, responseType: "text/csv",
            responseSchema: .string()
        ) { try await $2.export($0, $1) },
        APIRoute(
            method: .get, path: prefix + "/exports/package", access: .roles([.researcher, .operator]),
            householdScoped: false,
            summary:
                "What an export writes: its files with rows and bytes, the tables skipped, and its datapackage.json.",
            parameters: VillageAPI.packageParameters, requestBody: nil, responseType: "application/json",
            responseSchema: VillageAPI.ExportPackage.schema
        ) { try await $2.exportPackage($0, $1) },
        APIRoute(
            method: .get, path: prefix + "/openapi.json", access: .anyone, householdScoped: false,
            summary: "This document.", parameters: [], requestBody: nil, responseType: "application/json",
            responseSchema: .openObject
        ) { _, _, _ in try OpenAPIDocument.response() },
        APIRoute(
            method: .get, path: "/metrics", access: .roles(managers), householdScoped: false,
            summary: "Prometheus metrics: polls, failed reads, settlement lag, plan time, request latency.",
            parameters: [], requestBody: nil, responseType: "text/plain", responseSchema: .string()
        ) { try await $2.metricsText($0, $1) },
        APIRoute(
            method: .get, path: "/healthz", access: .anyone, householdScoped: false,
            summary: "Liveness: the server answers and the database can be read.", parameters: [], requestBody: nil,
            responseType: "application/json",
            responseSchema: .record(["status": .string(values: ["ok"])])
        ) { try await $2.healthz($0, $1) },
    ]
}

import Hummingbird
import Logging
import VillageAccounts
import VillageServer
import VillageStore
import VillageWeb

/// `/household`: a household account sees its own unit only; the operator any unit by `?household=`.
extension WebApp {
    func householdPage(_ request: Request, _ context: VillageRequestContext) async throws -> Response {
        let account: Account
        switch require([.household, .operator], request, context) {
        case .success(let found): account = found
        case .failure(let answer): return answer.response
        }
        let asked = request.uri.queryParameters.get("household").map { String($0) }
        let household: String
        if account.role == .household {
            guard let own = account.household, asked == nil || asked == own else {
                api.logger.notice(
                    "web: household page of another unit refused",
                    metadata: ["account.username": "\(account.username)", "household": "\(asked ?? "")"])
                return refusal(.forbidden, "forbidden", request, context)
            }
            household = own
        } else {
            guard let asked else { return refusal(.badRequest, "badRequest", request, context) }
            household = asked
        }
        let source = HouseholdPageSource(store: api.store, ledger: api.ledger, tariff: api.tariff)
        do {
            let page = try await source.page(
                household: household, month: request.uri.queryParameters.get("month").map { String($0) })
            return html(
                renderer.household(page, frame: frame(request, context, title: "household")), request: request)
        } catch let error as StoreError where error.code == .unknownHousehold {
            return refusal(.notFound, "notFound", request, context)
        } catch let error as StoreError where error.code == .invalidArgument {
            return refusal(.badRequest, "badRequest", request, context)
        }
    }
}

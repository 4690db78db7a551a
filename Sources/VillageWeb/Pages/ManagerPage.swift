import Mustache

/// What the facility manager's page shows: the plant's last stored state, the next plan as a chart
/// and its steps, the dispatch settings form (with an error next to each refused field), the audit
/// log of settings changes, and every strategy's cost on the same next plan. No household's money.
package struct ManagerPage: Sendable {
    package struct Figure: Sendable, Hashable {
        package var key: String
        package var label: Label
        package var text: String
    }

    /// One step of the plan, for the table under the chart.
    package struct PlanStep: Sendable, Hashable {
        package var time: String
        package var socPct: String
        package var batteryKW: String
        package var importKWh: String
        package var exportKWh: String
    }

    package struct Comparison: Sendable, Hashable {
        package var strategy: String
        package var cost: String
        package var importKWh: String
        package var exportKWh: String
        package var current: Bool
    }

    package struct AuditEntry: Sendable, Hashable {
        package var time: String
        package var account: String
        package var field: String
        package var oldValue: String
        package var newValue: String

        package init(time: String, account: String, field: String, oldValue: String, newValue: String) {
            self.time = time
            self.account = account
            self.field = field
            self.oldValue = oldValue
            self.newValue = newValue
        }
    }

    /// The plan drawn by EnergyDispatch's `PlanChart`, inlined without its XML declaration.
    package struct Chart: Sendable, MustacheCustomRenderable {
        package var svg: String
        package var renderText: String { svg }
        package var isNull: Bool { false }
    }

    package var plantTime: String?
    package var plant: [Figure]
    package var planStart: String?
    package var planStrategy: String?
    package var planCost: String?
    /// Why there is no plan (an infeasible setting, missing data), when there is none.
    package var planError: String?
    package var chart: Chart?
    package var steps: [PlanStep]
    package var reserve: String?
    package var comparison: [Comparison]
    package var form: DispatchSettingsForm
    /// Set after a successful save.
    package var saved: Bool
    package var audit: [AuditEntry]

    /// A page without plant data or plan yet: `planError` says why.
    package init(form: DispatchSettingsForm, saved: Bool, audit: [AuditEntry], planError: String? = nil) {
        plant = []
        steps = []
        comparison = []
        self.form = form
        self.saved = saved
        self.audit = audit
        self.planError = planError
    }
}

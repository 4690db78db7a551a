extension PageTemplates {
    static let manager = """
        {{<layout}}{{$body}}
        <h1>{{t.manager}}</h1>
        <section class="card" id="plant">
        <h2>{{t.plant}}{{#page.plantTime}} · {{t.measuredAt}} {{page.plantTime}}{{/page.plantTime}}</h2>
        {{^empty(page.plant)}}<dl class="figures">{{#page.plant}}<div><dt>{{label}}</dt><dd data-plant="{{key}}">{{text}}</dd></div>{{/page.plant}}</dl>{{/empty(page.plant)}}
        {{#empty(page.plant)}}<p>{{t.noPlantData}}</p>{{/empty(page.plant)}}
        </section>
        <section class="card" id="plan">
        <h2>{{t.plan}}{{#page.planStart}} · <span id="plan-start">{{page.planStart}}</span>{{/page.planStart}}</h2>
        {{#page.planError}}<p class="error" id="plan-error">{{t.planFailed}}: {{page.planError}}</p>{{/page.planError}}
        {{#page.chart}}
        <p>{{t.strategy}}: <span id="plan-strategy">{{page.planStrategy}}</span> · {{t.cost}}: <span id="plan-cost">{{page.planCost}}</span>{{#page.reserve}} · <span id="plan-reserve">{{page.reserve}}</span>{{/page.reserve}}</p>
        <div class="chart-box wide">{{{page.chart}}}</div>
        <details><summary>{{t.planSteps}}</summary>
        <div class="scroll"><table id="plan-steps">
        <thead><tr><th>{{t.time}}</th><th class="num">SoC %</th><th class="num">kW</th><th class="num">{{t.importKWh}}</th><th class="num">{{t.exportKWh}}</th></tr></thead>
        <tbody>{{#page.steps}}<tr data-time="{{time}}" data-soc="{{socPct}}"><td>{{time}}</td><td class="num">{{socPct}}</td><td class="num">{{batteryKW}}</td><td class="num">{{importKWh}}</td><td class="num">{{exportKWh}}</td></tr>
        {{/page.steps}}</tbody></table></div>
        </details>
        {{/page.chart}}
        </section>
        <section class="card" id="settings">
        <h2>{{t.settings}}</h2>
        {{#page.saved}}<p class="ok" id="settings-saved">{{t.settingsSaved}}</p>{{/page.saved}}
        {{#page.form.failed}}<p class="error" id="settings-refused">{{t.fixErrors}}</p>{{/page.form.failed}}
        <form method="post" action="/manager" novalidate>
        <input type="hidden" name="csrf" value="{{frame.csrf}}">
        {{#page.form.fields}}
        <div class="field{{#error}} invalid{{/error}}">
        <label for="{{name}}">{{label}}</label>
        {{#select}}<select id="{{name}}" name="{{name}}">{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/options}}</select>{{/select}}
        {{^select}}<input id="{{name}}" name="{{name}}" value="{{value}}"{{#number}} inputmode="decimal"{{/number}}{{#error}} aria-invalid="true" aria-describedby="{{name}}-error"{{/error}}>{{/select}}
        {{#error}}<span class="field-error" id="{{name}}-error">{{error}}</span>{{/error}}
        {{#hint}}<span class="hint">{{hint}}</span>{{/hint}}
        </div>
        {{/page.form.fields}}
        <button type="submit" id="save-settings">{{t.save}}</button>
        </form>
        </section>
        <section class="card" id="audit">
        <h2>{{t.audit}}</h2>
        {{^empty(page.audit)}}<div class="scroll"><table>
        <thead><tr><th>{{t.time}}</th><th>{{t.who}}</th><th>{{t.field}}</th><th>{{t.oldValue}}</th><th>{{t.newValue}}</th></tr></thead>
        <tbody>{{#page.audit}}<tr class="audit-entry"><td>{{time}}</td><td>{{account}}</td><td>{{field}}</td><td>{{oldValue}}</td><td>{{newValue}}</td></tr>
        {{/page.audit}}</tbody></table></div>{{/empty(page.audit)}}
        {{#empty(page.audit)}}<p>{{t.noAudit}}</p>{{/empty(page.audit)}}
        </section>
        <section class="card" id="comparison">
        <h2>{{t.comparison}}</h2>
        {{^empty(page.comparison)}}<div class="scroll"><table>
        <thead><tr><th>{{t.strategy}}</th><th class="num">{{t.cost}}</th><th class="num">{{t.importKWh}}</th><th class="num">{{t.exportKWh}}</th></tr></thead>
        <tbody>{{#page.comparison}}<tr data-strategy="{{strategy}}"{{#current}} class="current"{{/current}}><td>{{strategy}}</td><td class="num">{{cost}}</td><td class="num">{{importKWh}}</td><td class="num">{{exportKWh}}</td></tr>
        {{/page.comparison}}</tbody></table></div>{{/empty(page.comparison)}}
        </section>
        {{/body}}{{/layout}}
        """
}

extension PageTemplates {
    static let household = """
        {{<layout}}{{$body}}
        <h1>{{t.household}} <span id="household">{{page.household}}</span></h1>
        <section class="card" id="flows">
        <h2>{{t.today}}{{#page.day}} · <span id="flow-day">{{page.day}}</span>{{/page.day}}</h2>
        {{#page.day}}
        <dl class="figures">
        {{#page.flows}}<div><dt>{{label}}</dt><dd data-flow="{{key}}">{{text}} kWh</dd></div>{{/page.flows}}
        </dl>
        <div class="chart-box">{{{page.flowChart}}}</div>
        {{/page.day}}
        {{^page.day}}<p>{{t.noDataToday}}</p>{{/page.day}}
        </section>
        <section class="card" id="balance">
        <h2>{{t.monthBalance}}{{#page.month}} · <span id="month">{{page.month}}</span>{{/page.month}}</h2>
        <p class="months">{{#page.months}}{{#selected}}<strong>{{month}}</strong>{{/selected}}{{^selected}}<a href="/household?month={{month}}">{{month}}</a>{{/selected}} {{/page.months}}</p>
        {{^empty(page.balance)}}
        <dl class="figures">
        {{#page.balance}}<div><dt>{{label}}</dt><dd data-figure="{{key}}">{{text}}</dd></div>{{/page.balance}}
        </dl>
        <p class="savings">{{t.savings}}: <strong id="savings">{{page.savings}}</strong>{{#page.selfSufficiency}} · {{t.selfSufficiency}}: <span id="self-sufficiency">{{page.selfSufficiency}}</span>{{/page.selfSufficiency}}</p>
        <p class="unit">kWh · ₩</p>
        {{/empty(page.balance)}}
        {{#empty(page.balance)}}<p>{{t.nothingSettled}}</p>{{/empty(page.balance)}}
        </section>
        <section class="card" id="trades">
        <h2>{{t.trades}}{{#page.tradesDay}} · {{page.tradesDay}}{{/page.tradesDay}}</h2>
        {{^empty(page.trades)}}
        <div class="scroll"><table>
        <thead><tr><th>{{t.interval}}</th><th></th><th>{{t.with}}</th><th class="num">kWh</th><th class="num">{{t.pricePerKWh}}</th><th class="num">{{t.amount}}</th></tr></thead>
        <tbody>
        {{#page.trades}}<tr class="trade"><td>{{time}}</td><td>{{direction}}</td><td class="counterparty">{{counterparty}}</td><td class="num">{{kWh}}</td><td class="num">{{price}}</td><td class="num">{{amount}}</td></tr>
        {{/page.trades}}
        </tbody></table></div>
        {{/empty(page.trades)}}
        {{#empty(page.trades)}}<p>{{t.noTrades}}</p>{{/empty(page.trades)}}
        </section>
        <section class="card" id="bill">
        <h2>{{t.bill}}{{#page.month}} · {{page.month}}{{/page.month}}</h2>
        {{#page.bill}}
        <p>{{t.tariff}}: {{tariff}} · {{t.meteredImport}}: {{meteredImportKWh}} kWh</p>
        <div class="scroll"><table>
        <tbody>
        {{#lines}}<tr{{#detail}} class="detail"{{/detail}}><td>{{label}}</td><td class="num">{{kWh}}</td><td class="num">{{rate}}</td><td class="num">{{amount}}</td></tr>
        {{/lines}}
        <tr class="total"><td>{{t.tariffTotal}}</td><td></td><td></td><td class="num" data-bill="tariffTotal">{{tariffTotal}}</td></tr>
        <tr><td>{{t.marketNet}}</td><td></td><td></td><td class="num" data-bill="marketNet">{{marketNet}}</td></tr>
        <tr><td>{{t.gridOnlyBill}}</td><td></td><td></td><td class="num" data-bill="gridOnly">{{gridOnly}}</td></tr>
        <tr class="total"><td>{{t.saved}}</td><td></td><td></td><td class="num" data-bill="saved">{{saved}}</td></tr>
        </tbody></table></div>
        {{/page.bill}}
        {{^page.bill}}<p>{{t.noBill}}</p>{{/page.bill}}
        </section>
        {{/body}}{{/layout}}
        """
}

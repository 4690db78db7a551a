extension PageTemplates {
    static let researcher = """
        {{<layout}}{{$body}}
        <h1>{{t.researcher}}</h1>
        <section class="card narrow" id="export">
        <p>{{#page.raw}}{{t.rawIdentifiers}}{{/page.raw}}{{^page.raw}}{{t.pseudonymised}}{{/page.raw}}</p>
        {{#page.failed}}<p class="error" id="export-refused">{{t.badRequest}}</p>{{/page.failed}}
        <form method="get" action="/researcher/export" novalidate>
        <div class="field{{#page.tableError}} invalid{{/page.tableError}}"><label for="table">{{t.exportTable}}</label>
        <select id="table" name="table">{{#page.tables}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/page.tables}}</select>
        {{#page.tableError}}<span class="field-error" id="table-error">{{page.tableError}}</span>{{/page.tableError}}</div>
        <div class="field{{#page.formatError}} invalid{{/page.formatError}}"><label for="format">{{t.format}}</label>
        <select id="format" name="format">{{#page.formats}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/page.formats}}</select>
        {{#page.formatError}}<span class="field-error" id="format-error">{{page.formatError}}</span>{{/page.formatError}}</div>
        <div class="field{{#page.resolutionError}} invalid{{/page.resolutionError}}"><label for="resolution">{{t.resolution}}</label>
        <select id="resolution" name="resolution">{{#page.resolutions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/page.resolutions}}</select>
        {{#page.resolutionError}}<span class="field-error" id="resolution-error">{{page.resolutionError}}</span>{{/page.resolutionError}}</div>
        <div class="field{{#page.fromError}} invalid{{/page.fromError}}"><label for="from">{{t.from}}</label>
        <input id="from" name="from" value="{{page.from}}" placeholder="2025-06-16">
        {{#page.fromError}}<span class="field-error" id="from-error">{{page.fromError}}</span>{{/page.fromError}}</div>
        <div class="field{{#page.toError}} invalid{{/page.toError}}"><label for="to">{{t.to}}</label>
        <input id="to" name="to" value="{{page.to}}" placeholder="2025-06-17">
        {{#page.toError}}<span class="field-error" id="to-error">{{page.toError}}</span>{{/page.toError}}</div>
        <button type="submit" id="download">{{t.download}}</button>
        </form>
        </section>
        {{/body}}{{/layout}}
        """
}

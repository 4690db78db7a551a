extension PageTemplates {
    /// Every page's frame: header with the account and the language toggle, the page's body, no script.
    static let layout = """
        <!DOCTYPE html>
        <html lang="{{frame.language}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{frame.title}} · {{t.village}}</title>
        <link rel="stylesheet" href="/static/village.css">
        </head>
        <body>
        <header class="top">
        <a class="brand" href="/">{{t.village}}</a>
        <nav>
        <a class="lang" href="{{frame.path}}?lang={{frame.otherLanguage}}" hreflang="{{frame.otherLanguage}}">{{t.otherLanguage}}</a>
        {{#frame.account}}
        <span class="account" data-account="{{frame.account}}">{{frame.account}}</span>
        <form class="inline" method="post" action="/logout">
        <input type="hidden" name="csrf" value="{{frame.csrf}}">
        <button type="submit" id="logout">{{t.logout}}</button>
        </form>
        {{/frame.account}}
        </nav>
        </header>
        <main>
        {{$body}}{{/body}}
        </main>
        </body>
        </html>
        """
}

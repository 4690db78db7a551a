extension PageTemplates {
    static let login = """
        {{<layout}}{{$body}}
        <section class="card narrow">
        <h1>{{t.login}}</h1>
        {{#page.failed}}<p class="error" id="login-error">{{t.loginFailed}}</p>{{/page.failed}}
        {{#page.throttled}}<p class="error" id="login-error">{{t.loginThrottled}}</p>{{/page.throttled}}
        <form method="post" action="/login">
        <input type="hidden" name="csrf" value="{{frame.csrf}}">
        <label for="username">{{t.username}}</label>
        <input id="username" name="username" autocomplete="username" autocapitalize="none" required value="{{page.username}}">
        <label for="password">{{t.password}}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit" id="login">{{t.login}}</button>
        </form>
        </section>
        {{/body}}{{/layout}}
        """
}

extension PageTemplates {
    /// A refusal or an error: a label key and a link home.
    static let message = """
        {{<layout}}{{$body}}
        <section class="card narrow">
        <h1 id="message" data-status="{{page.status}}">{{page.text}}</h1>
        <p><a href="/">{{t.home}}</a></p>
        </section>
        {{/body}}{{/layout}}
        """
}

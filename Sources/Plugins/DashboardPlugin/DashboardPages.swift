import BotCore
import Foundation
import Mustache

/// The dashboard's HTML: Mustache templates (swift-mustache), which escape every `{{value}}`, so no text from a
/// user, a file or the store can become markup; only `{{{content}}}`, itself rendered by these templates, is put
/// in unescaped. Pages work without JavaScript (there is none) and fit a phone: one column, tables that scroll
/// sideways, bar charts as inline SVG.
enum DashboardPages {
    /// The templates, parsed once. A template that does not parse is a bug the tests catch
    /// (`DashboardPageTests`); the pages then say the page could not be shown, never trap.
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in templates { try? library.register(text, named: name) }
        return library
    }()

    /// The names of templates that do not parse: none, or a test fails.
    static var unparsed: [String] {
        templates.compactMap { name, text in (try? MustacheTemplate(string: text)) == nil ? name : nil }.sorted()
    }

    static let templates: [String: String] = [
        "layout": layout, "notice": notice, "signin": signIn, "overview": overview, "section": section,
        "posts": DashboardPosts.template,
    ]

    /// A whole page: `content` (rendered by one of the other templates) inside the layout.
    static func page(
        title: String, workshop: String, language: Language, content: String, root: String, viewer: String? = nil,
        navigation: [(id: String, title: String)] = [], current: String? = nil,
        logout: (csrf: String, label: String)? = nil, texts: Texts
    ) -> String {
        var context: [String: Any] = [
            "title": title, "workshop": workshop, "lang": language.code, "content": content,
            "skip": texts("dashboard.skip").plainText,
        ]
        if let viewer { context["viewer"] = viewer }
        if !navigation.isEmpty {
            context["nav"] = [
                "label": texts("dashboard.navigation").plainText,
                "items": navigation.map { item -> [String: Any] in
                    ["id": item.id, "title": item.title, "current": item.id == current]
                },
            ]
        }
        if let logout { context["logout"] = ["csrf": logout.csrf, "label": logout.label] }
        return render(context, "layout", root: root)
    }

    /// `template` with `context` and `root`, the dashboard's absolute path (`/dashboard`, or `/bot/dashboard` when
    /// `public_url` has a path), which every link and form starts with; a plain sentence when the template is
    /// missing.
    static func render(_ context: [String: Any], _ template: String, root: String) -> String {
        var context = context
        context["root"] = root
        return library.render(context, withTemplate: template) ?? "<p>This page could not be shown.</p>"
    }

    /// A section's blocks as HTML.
    static func blocks(_ blocks: [DashboardBlock], section: String, root: String) -> String {
        render(["blocks": blocks.map { blockContext($0, section: section) }], "section", root: root)
    }

    private static func blockContext(_ block: DashboardBlock, section: String) -> [String: Any] {
        switch block {
        case .download(let name, let title):
            return ["download": ["path": "\(section)/\(name)", "title": title] as [String: Any]]
        case .heading(let text): return ["heading": text]
        case .paragraph(let text): return ["paragraph": text]
        case .table(let table):
            return [
                "table": [
                    "columns": table.columns,
                    "rows": table.rows.map { ["cells": $0] },
                ] as [String: Any]
            ]
        case .bars(let bars): return ["bars": barsContext(bars)]
        }
    }

    /// The geometry of a bar chart: one row per bar, the label above its bar, bars scaled to the largest count.
    static func barsContext(_ bars: DashboardBars) -> [String: Any] {
        let width = 320, row = 38, barHeight = 14, room = 260
        let largest = max(bars.bars.map(\.count).max() ?? 0, 1)
        let items = bars.bars.enumerated().map { index, bar -> [String: Any] in
            let top = index * row
            let length = bar.count <= 0 ? 0 : max(2, room * bar.count / largest)
            return [
                "label": bar.label, "count": bar.count, "textY": top + 13, "barY": top + 18, "barWidth": length,
                "barHeight": barHeight, "countX": length + 6, "countY": top + 30,
            ]
        }
        return ["title": bars.title, "items": items, "width": width, "height": max(bars.bars.count * row, row)]
    }

    static let layout = """
        <!doctype html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>{{title}} · {{workshop}}</title>
        <style>
        body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
        header{background:#1f3a5f;color:#fff;padding:.7em 1em;display:flex;flex-wrap:wrap;gap:.3em 1em;align-items:baseline}
        header a{color:#fff;font-weight:600;text-decoration:none}
        header span{opacity:.85;font-size:.9em}
        nav{display:flex;flex-wrap:wrap;gap:.4em;padding:.6em 1em;background:#e4e9f0}
        nav a{padding:.25em .6em;border-radius:.3em;color:#1f3a5f;text-decoration:none;background:#fff}
        nav a[aria-current=page]{background:#1f3a5f;color:#fff}
        main{max-width:60em;margin:0 auto;padding:1em}
        h1{font-size:1.4em;margin:.3em 0 .6em}
        h2{font-size:1.1em;margin:1.4em 0 .4em}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;background:#fff}
        th,td{text-align:left;padding:.4em .6em;border-bottom:1px solid #dde2e8;vertical-align:top}
        th{background:#eef1f5;font-weight:600}
        ul.sections{list-style:none;padding:0}
        ul.sections li{background:#fff;margin:.5em 0;padding:.7em 1em;border-radius:.4em}
        figure{margin:.5em 0 1em;background:#fff;padding:.6em;border-radius:.4em}
        svg text{font-size:12px;fill:#1d2430}
        button{font:inherit;padding:.5em 1.2em;border-radius:.3em;border:1px solid #1f3a5f;background:#1f3a5f;color:#fff}
        footer{max-width:60em;margin:0 auto;padding:1em}
        .skip{position:absolute;left:-999px}
        .skip:focus{left:1em}
        </style>
        </head>
        <body>
        <a class="skip" href="#main">{{skip}}</a>
        <header><a href="{{root}}">{{workshop}}</a>{{#viewer}}<span>{{viewer}}</span>{{/viewer}}</header>
        {{#nav}}<nav aria-label="{{label}}">{{#items}}<a href="{{root}}/{{id}}"{{#current}} aria-current="page"{{/current}}>{{title}}</a>{{/items}}</nav>{{/nav}}
        <main id="main">
        <h1>{{title}}</h1>
        {{{content}}}
        </main>
        {{#logout}}<footer><form method="post" action="{{root}}/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button type="submit">{{label}}</button></form></footer>{{/logout}}
        </body>
        </html>
        """

    static let notice = """
        {{#paragraphs}}<p>{{.}}</p>{{/paragraphs}}
        {{#link}}<p><a href="{{href}}">{{text}}</a></p>{{/link}}
        """

    static let signIn = """
        <p>{{intro}}</p>
        <form method="post" action="{{root}}/signin/{{token}}"><input type="hidden" name="confirm" value="{{confirm}}"><button type="submit">{{button}}</button></form>
        <p>{{note}}</p>
        """

    static let overview = """
        <ul class="sections">
        {{#sections}}<li><a href="{{root}}/{{id}}">{{title}}</a><br>{{summary}}</li>{{/sections}}
        </ul>
        {{#empty}}<p>{{.}}</p>{{/empty}}
        """

    static let section = """
        {{#blocks}}
        {{#heading}}<h2>{{.}}</h2>{{/heading}}
        {{#paragraph}}<p>{{.}}</p>{{/paragraph}}
        {{#download}}<p><a href="{{root}}/{{path}}" download>{{title}}</a></p>{{/download}}
        {{#table}}<div class="scroll"><table><thead><tr>{{#columns}}<th scope="col">{{.}}</th>{{/columns}}</tr></thead><tbody>{{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/rows}}</tbody></table></div>{{/table}}
        {{#bars}}<figure><svg role="img" aria-label="{{title}}" viewBox="0 0 {{width}} {{height}}" width="100%" style="max-width:{{width}}px">{{#items}}<text x="0" y="{{textY}}">{{label}}</text><rect x="0" y="{{barY}}" width="{{barWidth}}" height="{{barHeight}}" fill="#3b6ea8"></rect><text x="{{countX}}" y="{{countY}}">{{count}}</text>{{/items}}</svg><figcaption>{{title}}</figcaption></figure>{{/bars}}
        {{/blocks}}
        """
}

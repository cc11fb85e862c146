import BotCore

/// `/lang`: the language the bot answers a person in. `/lang` lists the languages and says which one the caller
/// reads and why; `/lang <code>` chooses one (stored, for every chat); `/lang reset` forgets the choice. The
/// runtime reads the choice through the "user-language" lookup for every reply to that person, from memory.
public struct LangPlugin: Plugin, ShipsMessages {
    public static let name = "lang"
    public static let summary = "Chooses the language the bot answers you in"
    public static var messages: [MessageTable] { BuiltinMessages.tables }

    /// The most people whose choice is kept in memory (the workshop has about 60).
    static let peopleKept = 10_000
    let choices = StoreCache<String, String?>(name: "lang.choice", capacity: LangPlugin.peopleKept)

    public init(configuration: NoConfiguration) {}

    public var commands: [Command] {
        [
            Command(
                "lang", usage: "lang [<language> | reset]", summary: "Choose your language, or list the languages",
                help:
                    "Without an argument, lists the languages and the one you read. /lang <language> chooses one for you, in every chat; /lang reset goes back to your app's language, else your team's."
            ) { invocation, context in
                // One language, or none: `/lang fr ru` is a mistake, not a choice of the first.
                guard invocation.arguments.count <= 1 else { throw CommandError.usage() }
                if let word = invocation.argument(0), word.allSatisfy(\.isWhitespace) { throw CommandError.usage() }
                switch invocation.argument(0)?.lowercased() {
                case nil: return try await list(invocation, context)
                case "reset": return try await reset(invocation, context)
                case let code?: return try await choose(code, context)
                }
            }
        ]
    }

    fileprivate func stored(_ user: String, _ storage: PluginStorage) async throws -> String? {
        try await choices.value(for: user) {
            try await storage.transaction { tx in try tx.get(String.self, "choices", user) }
        }
    }

    /// A language's name in its own catalogue; its code when its catalogue does not name it.
    static func name(of language: Language, _ localization: Localization) -> String {
        let own = localization.texts(language).plain("language.name")
        guard language != .english, own == localization.texts(.english).plain("language.name") else { return own }
        return language.code
    }

    private func list(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let localization = context.localization
        let chosen = try await stored(context.caller.user.description, context.storage).flatMap { Language($0) }
        let (current, reason) = localization.choice(
            chosen: chosen, hint: invocation.message.languageHint, team: context.caller.team)
        let texts = context.texts
        var lines: [RichText] = [texts("lang.list")]
        for language in localization.languages {
            lines.append(
                texts(
                    language == current ? "lang.entry-yours" : "lang.entry",
                    ["code": .text(language.code), "name": .text(Self.name(of: language, localization))]))
        }
        switch reason {
        case .chosen: lines.append(texts("lang.why-chosen"))
        case .app: lines.append(texts("lang.why-app"))
        case .team: lines.append(texts("lang.why-team"))
        case .workshop: lines.append(texts("lang.why-workshop"))
        }
        return Reply(lines: lines)
    }

    private func choose(_ typed: String, _ context: CommandContext) async throws -> Reply {
        let localization = context.localization
        guard let wanted = Language(typed), let language = localization.nearest(to: wanted) else {
            throw CommandError.rejected(
                context.texts(
                    "lang.unknown",
                    [
                        "code": .text(String(typed.prefix(20))),
                        "codes": .text(localization.languages.map(\.code).joined(separator: ", ")),
                    ]))
        }
        let user = context.caller.user.description
        try await context.storage.transaction { tx in try tx.put(language.code, "choices", user) }
        choices.invalidate(user)
        // The answer is already in the language chosen.
        return Reply(
            localization.texts(language)(
                "lang.set", ["name": .text(Self.name(of: language, localization)), "code": .text(language.code)]))
    }

    private func reset(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let user = context.caller.user.description
        _ = try await context.storage.transaction { tx in try tx.delete("choices", user) }
        choices.invalidate(user)
        let localization = context.localization
        let language = localization.language(
            chosen: nil, hint: invocation.message.languageHint, team: context.caller.team)
        return Reply(
            localization.texts(language)(
                "lang.reset", ["name": .text(Self.name(of: language, localization)), "code": .text(language.code)]))
    }
}

extension LangPlugin: AnswersLookups {
    /// "user-language": the language a person chose with `/lang` (its code), for the runtime.
    public var lookups: [Lookup] {
        [Lookup("user-language") { user, storage in try await stored(user, storage).map { [RichText($0)] } ?? [] }]
    }
}

import Synchronization

/// An option a command accepts: `--team lao` (takes a value) or `--anonymous` (a flag).
public struct CommandOption: Sendable, Hashable {
    public var name: String
    public var takesValue: Bool
    public var help: String

    public init(_ name: String, takesValue: Bool, help: String = "") {
        self.name = name
        self.takesValue = takesValue
        self.help = help
    }

    /// `--name <value>`.
    public static func value(_ name: String, help: String = "") -> CommandOption {
        CommandOption(name, takesValue: true, help: help)
    }

    /// `--name`.
    public static func flag(_ name: String, help: String = "") -> CommandOption {
        CommandOption(name, takesValue: false, help: help)
    }
}

/// Runs a command. Throws `CommandError` for answers the user should read; the runtime handles the rest.
public typealias CommandHandler = @Sendable (CommandInvocation, CommandContext) async throws -> Reply

/// A command as data: what `/help` shows, who may run it, and the handler. The runtime checks the role,
/// binds options and shows `usage` on a syntax error, so handlers hold only their own logic.
public struct Command: Sendable {
    /// The name typed after `/`, lower case (`agenda`).
    public var name: String
    /// Other names for the same command (`next` for `whatsnext`).
    public var aliases: [String]
    /// One line with the arguments, without the prefix: `agenda [today|tomorrow|week|YYYY-MM-DD]`.
    public var usage: String {
        didSet { forms = Self.forms(of: usage) }
    }
    /// `usage` split into its forms (at ` | `), each with its subcommand (the second word, lower case): split
    /// once, since `/help` filters them for every command it lists.
    private var forms: [(form: String, subcommand: String?)]
    /// One line saying what it does, shown in `/help`.
    public var summary: String
    /// Longer help shown by `/help <command>`; may be empty.
    public var help: String
    /// The least role needed to run it.
    public var requiredRole: Role
    /// The `--options` it accepts; any other `--word` is a usage error.
    public var options: [CommandOption]
    /// Subcommands (the first argument, lower-cased) that need more than `requiredRole`, such as `add` in
    /// `/resource add`; the runtime checks them with the command's role, before the handler runs.
    public var subcommandRoles: [String: Role]
    public var handler: CommandHandler

    public init(
        _ name: String, aliases: [String] = [], usage: String? = nil, summary: String, help: String = "",
        role: Role = .participant, options: [CommandOption] = [], subcommandRoles: [String: Role] = [:],
        handler: @escaping CommandHandler
    ) {
        self.subcommandRoles = subcommandRoles
        self.name = name.lowercased()
        self.aliases = aliases.map { $0.lowercased() }
        self.usage = usage ?? name
        self.forms = Self.forms(of: usage ?? name)
        self.summary = summary
        self.help = help
        self.requiredRole = role
        self.options = options
        self.handler = handler
    }

    /// All names this command answers to.
    public var names: [String] { [name] + aliases }

    /// The forms of `usage` (separated by ` | `) that `role` may use: a form whose second word is a subcommand
    /// needing more than `role` (`poll new` for a participant) is left out, so `/help` lists only what the
    /// caller can run.
    public func usageForms(for role: Role) -> [String] {
        forms.compactMap { entry in
            guard let subcommand = entry.subcommand, let needed = subcommandRoles[subcommand] else { return entry.form }
            return needed <= role ? entry.form : nil
        }
    }

    /// The options `role` may use: those written in a usage form it may use, and those no form names (which
    /// belong to the command as a whole). A participant's `/help poll` then lists none of `/poll new`'s.
    public func options(for role: Role) -> [CommandOption] {
        let usable = usageForms(for: role)
        return options.filter { option in
            let token = "--" + option.name
            guard forms.contains(where: { Self.form($0.form, mentions: token) }) else { return true }
            return usable.contains { Self.form($0, mentions: token) }
        }
    }

    /// Whether `form` names the option `token` (`--max`, not as part of `--maximum`).
    private static func form(_ form: String, mentions token: String) -> Bool {
        var rest = form[...]
        while let range = rest.range(of: token) {
            let after = rest[range.upperBound...].first
            if after.map({ !$0.isLetter && !$0.isNumber && $0 != "-" }) ?? true { return true }
            rest = rest[range.upperBound...]
        }
        return false
    }

    /// The forms of a usage line: split at ` | ` outside brackets, so `tz [zone | reset]` is one form.
    static func forms(of usage: String) -> [(form: String, subcommand: String?)] {
        var forms: [String] = []
        var current = ""
        var depth = 0
        var index = usage.startIndex
        while index < usage.endIndex {
            let character = usage[index]
            if "[<({".contains(character) {
                depth += 1
            } else if "]>)}".contains(character) {
                depth = max(0, depth - 1)
            }
            if depth == 0, usage[index...].hasPrefix(" | ") {
                forms.append(current)
                current = ""
                index = usage.index(index, offsetBy: 3)
                continue
            }
            current.append(character)
            index = usage.index(after: index)
        }
        forms.append(current)
        return forms.map { form in
            let words = form.split(separator: " ", maxSplits: 2)
            return (form, words.count > 1 ? words[1].lowercased() : nil)
        }
    }
}

/// A parsed command bound to its definition: positional arguments and options separated.
public struct CommandInvocation: Sendable {
    /// The name as typed (may be an alias), lower case.
    public var name: String
    /// Positional arguments, in order.
    public var arguments: [String]
    /// The positional arguments as typed, with whether each was quoted (`arguments` holds their text), for a
    /// command that reads a quoted phrase differently from loose words.
    public var argumentTokens: [CommandToken]
    /// Values of `--option value` options.
    public var options: [String: String]
    /// `--flag` options present.
    public var flags: Set<String>
    /// The untouched text after the command.
    public var rawArguments: String
    /// The message that carried the command.
    public var message: IncomingMessage

    public init(
        name: String, arguments: [String], options: [String: String] = [:], flags: Set<String> = [],
        rawArguments: String, message: IncomingMessage, argumentTokens: [CommandToken]? = nil
    ) {
        self.name = name
        self.arguments = arguments
        self.argumentTokens = argumentTokens ?? arguments.map { CommandToken($0) }
        self.options = options
        self.flags = flags
        self.rawArguments = rawArguments
        self.message = message
    }

    /// The positional argument at `index`, if present.
    public func argument(_ index: Int) -> String? { arguments.indices.contains(index) ? arguments[index] : nil }

    /// The value of `--name`, if given.
    public func option(_ name: String) -> String? { options[name] }

    /// Whether `--name` was given.
    public func has(_ name: String) -> Bool { flags.contains(name) || options[name] != nil }

    /// Binds parsed tokens to a command's declared options.
    ///
    /// `--name value`, `--name=value` and `--flag` are recognised; phones often turn `--` into an em or en
    /// dash, so `—team` counts as `--team`. A lone `--` ends options. Quoted words are never options.
    /// Complaints are in `texts`' language (the core's English by default).
    public static func bind(
        _ parsed: ParsedCommand, to command: Command, message: IncomingMessage, texts: Texts = .keysOnly
    ) throws(CommandError) -> CommandInvocation {
        var arguments: [CommandToken] = []
        var options: [String: String] = [:]
        var flags: Set<String> = []
        var optionsEnded = false
        var index = 0
        let tokens = parsed.tokens
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            guard !optionsEnded, !token.isQuoted, let optionText = optionName(token.text) else {
                arguments.append(token)
                continue
            }
            if optionText.isEmpty {
                optionsEnded = true
                continue
            }
            var name = optionText
            var inlineValue: String?
            if let equals = optionText.firstIndex(of: "=") {
                name = String(optionText[..<equals])
                inlineValue = String(optionText[optionText.index(after: equals)...])
            }
            name = name.lowercased()
            guard let spec = command.options.first(where: { $0.name == name }) else {
                throw .usage(texts.plain("core.option-unknown", ["option": .text(name)]))
            }
            if spec.takesValue {
                if let inlineValue {
                    options[name] = inlineValue
                } else if index < tokens.count {
                    options[name] = tokens[index].text
                    index += 1
                } else {
                    throw .usage(texts.plain("core.option-needs-value", ["option": .text(name)]))
                }
            } else {
                if inlineValue != nil {
                    throw .usage(texts.plain("core.option-takes-no-value", ["option": .text(name)]))
                }
                flags.insert(name)
            }
        }
        return CommandInvocation(
            name: parsed.name, arguments: arguments.map(\.text), options: options, flags: flags,
            rawArguments: parsed.rawArguments, message: message, argumentTokens: arguments)
    }

    /// The option name in `--name`, `—name` or `–name`; empty for a lone `--`; nil when not an option.
    private static func optionName(_ text: String) -> String? {
        let body: Substring
        if text.hasPrefix("--") {
            body = text.dropFirst(2)
        } else if text.hasPrefix("—") || text.hasPrefix("–") {
            body = text.dropFirst(1)
        } else {
            return nil
        }
        if body.isEmpty { return text == "--" ? "" : nil }
        guard let first = body.unicodeScalars.first, CommandParser.isNameScalar(first) else { return nil }
        return String(body)
    }
}

extension Command {
    /// The usage line in `texts`' language (`commands.<name>.usage`: the same forms, separated by ` | ` in the
    /// same order, with the argument words translated, `agenda [aujourd’hui|demain|semaine|AAAA-MM-JJ]`), else as
    /// written. A translation with another number of forms is not used: the forms are filtered by role by their
    /// place in the line.
    public func usage(in texts: Texts) -> String {
        let key = "commands.\(name).usage"
        guard texts.has(key) else { return usage }
        let translated = texts.plain(key)
        guard translated != usage else { return usage }
        return Self.cachedForms(of: translated).count == forms.count ? translated : usage
    }

    /// The usage line `role` reads in `texts`' language: the forms it may use, joined by ` | `; the whole line for
    /// one who may use none (so a refusal that follows makes sense).
    public func usage(for role: Role, in texts: Texts) -> String {
        let forms = usageForms(for: role, in: texts)
        return forms.isEmpty ? usage(in: texts) : forms.joined(separator: " | ")
    }

    /// `usageForms(for:)` in `texts`' language: the translated forms at the places of the forms `role` may use.
    public func usageForms(for role: Role, in texts: Texts) -> [String] {
        let line = usage(in: texts)
        guard line != usage else { return usageForms(for: role) }
        let translated = Self.cachedForms(of: line)
        return forms.indices.compactMap { index in
            let entry = forms[index]
            guard let subcommand = entry.subcommand, let needed = subcommandRoles[subcommand] else {
                return translated[index].form
            }
            return needed <= role ? translated[index].form : nil
        }
    }

    /// `forms(of:)` of a translated usage line, kept: `/help` lists every command for every reader, and
    /// splitting a line costs far more than looking it up. A few lines per command and language; past 4,096
    /// (a facilitator's catalogue changed many times by reloads) the kept ones are dropped.
    private static func cachedForms(of line: String) -> [(form: String, subcommand: String?)] {
        if let kept = translatedForms.withLock({ $0[line] }) { return kept }
        let split = forms(of: line)
        translatedForms.withLock { kept in
            if kept.count >= 4_096 { kept.removeAll() }
            kept[line] = split
        }
        return split
    }

    private static let translatedForms = Mutex<[String: [(form: String, subcommand: String?)]]>([:])

    /// An option's help line in `texts`' language (`commands.<name>.options.<option>`), else as written.
    public func help(of option: CommandOption, in texts: Texts) -> String {
        let key = "commands.\(name).options.\(option.name)"
        return texts.has(key) ? texts.plain(key) : option.help
    }

    /// The one-line summary in `texts`' language (`commands.<name>.summary` of a catalogue), else as written:
    /// what `/help` and the platforms' command menus show.
    public func summary(in texts: Texts) -> String {
        let key = "commands.\(name).summary"
        return texts.has(key) ? texts.plain(key) : summary
    }
}

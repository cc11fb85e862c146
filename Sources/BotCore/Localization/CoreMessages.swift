/// The texts of the core itself: role names, who a role is for, the command binder's and parser's complaints,
/// and each catalogue's own name. Every `Localization` includes them.
public enum CoreMessages {
    public static let tables: [MessageTable] = [
        MessageTable(
            .english,
            [
                "language.name": "English",
                "role.participant": "participant",
                "role.chat_facilitator": "facilitator of this chat",
                "role.facilitator": "workshop facilitator",
                "audience.participant": "participants",
                "audience.chat_facilitator": "facilitators",
                "audience.facilitator": "the workshop's facilitators",
                "core.option-unknown": "unknown option --{option}",
                "core.option-needs-value": "--{option} needs a value",
                "core.option-takes-no-value": "--{option} takes no value",
                "core.quote-not-closed": "a quote {quote} is not closed",
                "time.days": [.one: "{count} day", .other: "{count} days"],
                "time.hours": "{count} h",
                "time.minutes": "{count} min",
                "time.in": "in {span}",
                "time.now": "now",
                "channel.greeting": "Hello! I am the workshop bot. Type /help to see what I can do.",
                "channel.encrypted":
                    "This room is end-to-end encrypted, and I cannot read encrypted messages, so I will not answer here. Ask a facilitator to add me to a room without encryption.",
                "channel.react-hint": "React with a number to choose, or type <code>{command}</code>",
            ]),
        MessageTable(
            .french,
            [
                "language.name": "Français",
                "role.participant": "participant",
                "role.chat_facilitator": "animateur de ce groupe",
                "role.facilitator": "animateur de l’atelier",
                "audience.participant": "les participants",
                "audience.chat_facilitator": "les animateurs",
                "audience.facilitator": "les animateurs de l’atelier",
                "core.option-unknown": "option inconnue --{option}",
                "core.option-needs-value": "--{option} demande une valeur",
                "core.option-takes-no-value": "--{option} ne prend pas de valeur",
                "core.quote-not-closed": "un guillemet {quote} n’est pas fermé",
                "time.days": [.one: "{count} jour", .other: "{count} jours"],
                "time.hours": "{count} h",
                "time.minutes": "{count} min",
                "time.in": "dans {span}",
                "time.now": "maintenant",
                "channel.greeting":
                    "Bonjour ! Je suis le bot de l’atelier. Tapez /help pour voir ce que je sais faire.",
                "channel.encrypted":
                    "Ce salon est chiffré de bout en bout et je ne peux pas lire les messages chiffrés : je ne répondrai donc pas ici. Demandez à un animateur de m’ajouter à un salon sans chiffrement.",
                "channel.react-hint": "Réagissez avec un numéro pour choisir, ou tapez <code>{command}</code>",
            ]),
        MessageTable(
            .russian,
            [
                "language.name": "Русский",
                "role.participant": "участник",
                "role.chat_facilitator": "ведущий этого чата",
                "role.facilitator": "ведущий семинара",
                "audience.participant": "участники",
                "audience.chat_facilitator": "ведущие",
                "audience.facilitator": "ведущие семинара",
                "core.option-unknown": "неизвестный параметр --{option}",
                "core.option-needs-value": "параметру --{option} нужно значение",
                "core.option-takes-no-value": "параметр --{option} не принимает значения",
                "core.quote-not-closed": "кавычка {quote} не закрыта",
                "time.days": [.one: "{count} день", .few: "{count} дня", .many: "{count} дней", .other: "{count} дня"],
                "time.hours": "{count} ч",
                "time.minutes": "{count} мин",
                "time.in": "через {span}",
                "time.now": "сейчас",
                "channel.greeting": "Здравствуйте! Я бот семинара. Наберите /help, чтобы увидеть, что я умею.",
                "channel.encrypted":
                    "Эта комната защищена сквозным шифрованием, а я не могу читать зашифрованные сообщения, поэтому здесь отвечать не буду. Попросите ведущего добавить меня в комнату без шифрования.",
                "channel.react-hint": "Чтобы выбрать, поставьте реакцию с номером или наберите <code>{command}</code>",
            ]),
        MessageTable(
            .chinese,
            [
                "language.name": "简体中文",
                "role.participant": "参与者",
                "role.chat_facilitator": "本群组织者",
                "role.facilitator": "研讨会组织者",
                "audience.participant": "参与者",
                "audience.chat_facilitator": "组织者",
                "audience.facilitator": "研讨会组织者",
                "core.option-unknown": "未知选项 --{option}",
                "core.option-needs-value": "--{option} 需要一个值",
                "core.option-takes-no-value": "--{option} 不接受值",
                "core.quote-not-closed": "引号 {quote} 没有闭合",
                "time.days": [.other: "{count} 天"],
                "time.hours": "{count} 小时",
                "time.minutes": "{count} 分钟",
                "time.in": "{span}后",
                "time.now": "现在",
                "channel.greeting": "大家好！我是研讨会机器人。输入 /help 查看我能做什么。",
                "channel.encrypted":
                    "此房间启用了端到端加密，我无法读取加密消息，因此不会在这里回复。请让主持人把我加入一个未加密的房间。",
                "channel.react-hint": "用数字表情回应来选择，或输入 <code>{command}</code>",
            ]),
    ]
}

extension Role {
    /// The role as `texts` names it (`participant`, `участник`).
    public func name(in texts: Texts) -> String { texts.plain("role.\(rawValue)") }

    /// Who may use what needs this role, as `texts` says it.
    public func audience(in texts: Texts) -> String { texts.plain("audience.\(rawValue)") }
}

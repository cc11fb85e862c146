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
                "zone.abbreviation": "'{name}' is an abbreviation, not a zone: write the IANA name it means ({zones})",
                "zone.abbreviation-many":
                    "'{name}' is an abbreviation, not a zone: write the IANA name it means (it may mean {zones})",
                "zone.unknown": "unknown time zone '{name}' (use an IANA name such as Asia/Vientiane)",
                "zone.unknown-suggestion": "unknown time zone '{name}' (did you mean {zone}?)",
                "role-source.default": "default",
                "role-source.bot-yaml": "{setting} in bot.yaml",
                "role-source.group-admin": "{platform} group administrator",
                "role-source.group-admin-anonymous": "{platform} group administrator, posting anonymously",
                "role-source.room-creator": "{platform} room creator",
                "role-source.power-level": "{platform} power level {level}",
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
                "zone.abbreviation":
                    "« {name} » est une abréviation, pas un fuseau : écrivez le nom IANA voulu ({zones})",
                "zone.abbreviation-many":
                    "« {name} » est une abréviation, pas un fuseau : écrivez le nom IANA voulu (peut-être {zones})",
                "zone.unknown": "fuseau horaire inconnu « {name} » (utilisez un nom IANA comme Asia/Vientiane)",
                "zone.unknown-suggestion": "fuseau horaire inconnu « {name} » (vouliez-vous dire {zone} ?)",
                "role-source.default": "par défaut",
                "role-source.bot-yaml": "{setting} dans bot.yaml",
                "role-source.group-admin": "administrateur du groupe {platform}",
                "role-source.group-admin-anonymous": "administrateur du groupe {platform}, publiant anonymement",
                "role-source.room-creator": "créateur du salon {platform}",
                "role-source.power-level": "niveau de pouvoir {platform} {level}",
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
                "zone.abbreviation":
                    "«{name}» — это сокращение, а не часовой пояс: напишите его название IANA ({zones})",
                "zone.abbreviation-many":
                    "«{name}» — это сокращение, а не часовой пояс: напишите его название IANA (возможно, {zones})",
                "zone.unknown":
                    "неизвестный часовой пояс «{name}» (используйте название IANA, например Asia/Vientiane)",
                "zone.unknown-suggestion": "неизвестный часовой пояс «{name}» (может быть, {zone}?)",
                "role-source.default": "по умолчанию",
                "role-source.bot-yaml": "{setting} в bot.yaml",
                "role-source.group-admin": "администратор группы {platform}",
                "role-source.group-admin-anonymous": "администратор группы {platform}, пишущий анонимно",
                "role-source.room-creator": "создатель комнаты {platform}",
                "role-source.power-level": "уровень прав {platform} {level}",
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
                "zone.abbreviation": "“{name}”是缩写，不是时区：请写出它对应的 IANA 名称（{zones}）",
                "zone.abbreviation-many": "“{name}”是缩写，不是时区：请写出它对应的 IANA 名称（可能是 {zones}）",
                "zone.unknown": "未知时区“{name}”（请使用 IANA 名称，例如 Asia/Vientiane）",
                "zone.unknown-suggestion": "未知时区“{name}”（您是指 {zone} 吗？）",
                "role-source.default": "默认",
                "role-source.bot-yaml": "bot.yaml 中的 {setting}",
                "role-source.group-admin": "{platform} 群组管理员",
                "role-source.group-admin-anonymous": "{platform} 群组管理员（匿名发言）",
                "role-source.room-creator": "{platform} 房间创建者",
                "role-source.power-level": "{platform} 权限等级 {level}",
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

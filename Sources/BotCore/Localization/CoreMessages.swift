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
            ]),
    ]
}

extension Role {
    /// The role as `texts` names it (`participant`, `участник`).
    public func name(in texts: Texts) -> String { texts.plain("role.\(rawValue)") }

    /// Who may use what needs this role, as `texts` says it.
    public func audience(in texts: Texts) -> String { texts.plain("audience.\(rawValue)") }
}

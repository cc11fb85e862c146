import BotCore

/// The texts of the deadlines plugin (deadlines, their reminders and notices, and people's reminders), in the
/// shipped languages. English names every key; `commands.<name>.summary`, `.help` and
/// `plugins.deadlines.summary` are what `/help` shows (English's equal the commands' own).
///
/// What people type stays English whatever they read: the forms of `<when>` (`in 2h`, `at 3pm`, `tomorrow 9am`,
/// `every weekday 09:00`, `10m before <session id>`) and `YYYY-MM-DD HH:MM` are what `ReminderTime` reads, so
/// the translations quote them as they are.
public enum DeadlinesMessages {
    public static let tables: [MessageTable] = [english, french, russian, chinese]

    /// The English messages alone, for texts rendered outside a reply (`ReminderTimeError.message`).
    static let englishTexts = Localization.built(shipped: tables).texts(.english)

    static let english = MessageTable(
        .english,
        [
            "plugins.deadlines.summary": "Deadlines, and reminders for you or your team",
            "commands.remind.summary":
                "Set a reminder: in 2 hours, at 3pm, tomorrow 9am, monday 09:00, 16 Nov 10:00, every weekday 09:00",
            "commands.remind.help":
                "Times are in your zone (/tz). Also 10m before <session id> and at the start of <session id>. Team reminders go to this chat for your whole team.",
            "commands.reminders.summary": "Your and your team's pending reminders",
            "commands.reminder.summary": "Cancel a reminder you set (facilitators: any reminder)",
            "commands.deadlines.summary": "Upcoming deadlines for your team, in your time zone",
            "commands.deadline.summary":
                "One deadline and its reminders; done for your team; facilitators add, move, cancel",

            // People's reminders.
            "deadlines.reminders-none": "You have no pending reminders. Set one with /remind me in 2h stretch.",
            "deadlines.reminders-header": "Pending reminders (times in {zone}):",
            "deadlines.reminders-mine": "<code>{id}</code> {when} for you: {text}",
            "deadlines.reminders-team": "<code>{id}</code> {when} for team {team}, set by {owner}: {text}",
            "deadlines.reminders-private": "(in our direct chat)",
            "deadlines.reminder-cancelled": "Cancelled reminder <code>{id}</code>: {text}, {when}.",
            "deadlines.reminder-cancelled-other":
                "Cancelled reminder <code>{id}</code>: a personal reminder of {owner}, {when}.",
            "deadlines.reminder-unknown": "You have no reminder <code>{id}</code>. /reminders lists yours.",
            "deadlines.reminder-not-yours":
                "Reminder <code>{id}</code> for team {team} was set by {owner}: only they or a facilitator can cancel it.",
            "deadlines.fired-team": "Reminder for <b>team {team}</b>{late}: {text}",
            "deadlines.fired-direct": "Reminder{late}: {text}",
            "deadlines.fired-mention": "Reminder for {owner}{late}: {text}",
            "deadlines.fired-late": " (late)",
            "deadlines.remind-who": "say me or team first",
            "deadlines.remind-no-team": "You are not in a team here; use /remind me instead.",
            "deadlines.remind-what": "say what to remind of",
            "deadlines.remind-too-long": [
                .one: "Keep the reminder under {count} character.",
                .other: "Keep the reminder under {count} characters.",
            ],
            "deadlines.remind-too-often": "Recurring reminders must be at least {span} apart.",
            "deadlines.remind-too-many": [
                .one: "You have {count} pending reminder, the most allowed; cancel one first.",
                .other: "You have {count} pending reminders, the most allowed; cancel one first.",
            ],
            "deadlines.remind-set": "Reminder <code>{id}</code> set: {when}, {countdown}: {text}",
            "deadlines.remind-set-direct":
                "Reminder <code>{id}</code> set: {when}, {countdown}: {text} I will send it to our direct chat.",
            "deadlines.no-session":
                "There is no session <code>{session}</code> in the agenda. /agenda week lists the sessions with their ids.",
            "deadlines.schedule-once": "at {time} ({zone})",
            "deadlines.schedule-daily": "every day at {clock}, next {time} ({zone})",
            "deadlines.schedule-weekdays": "every weekday at {clock}, next {time} ({zone})",
            "deadlines.schedule-interval": "every {span}, next {time} ({zone})",

            // Why a <when> was refused.
            "deadlines.when-past": "that time is in the past",
            "deadlines.when-too-far": "reminders can be at most a year ahead",
            "deadlines.when-too-far-bound": "Reminders can be at most a year ahead.",
            "deadlines.when-how-long": "say how long, such as in 2h, in 90m or in 2 hours",
            "deadlines.when-clock": "say the time as HH:MM or 3pm, such as at 17:00 or at 2:50pm",
            "deadlines.when-day-clock": "say the time as HH:MM or 9am, such as {day} 09:00",
            "deadlines.when-repeat-too-long":
                "A recurring reminder must repeat at least once a year: give every 365d or less.",
            "deadlines.when-every": "say every day HH:MM, every weekday HH:MM or every 2h",
            "deadlines.when-after-day": "say the time after the day, such as {day} 09:00",
            "deadlines.when-date-time": "say the date and time as YYYY-MM-DD HH:MM",
            "deadlines.when-not-a-date": "{date} is not a date",
            "deadlines.when-after-date": "say the time after the date, such as {date} 10:00",
            "deadlines.when-unknown":
                "say when: in 2 hours, at 3pm, tomorrow 9am, monday 09:00, 16 Nov 10:00, every weekday 09:00",
            "deadlines.when-session-sooner": "that time is in the past: {title} starts sooner",
            "deadlines.when-session-earlier": "that time is in the past: {title} starts earlier",

            // Deadlines.
            "deadlines.none": "No upcoming deadlines.",
            "deadlines.header": "Deadlines (times in {zone}):",
            "deadlines.entry": "<code>{id}</code> {title}: {time}, {state}",
            "deadlines.entry-teams": "<code>{id}</code> {title} (for {teams}): {time}, {state}",
            "deadlines.submitted-by": "submitted by {name}",
            "deadlines.overdue": "<b>overdue</b>",
            "deadlines.which": "which deadline? /deadlines lists them",
            "deadlines.done-not-yours": "Only a team this deadline is for can mark it done.",
            "deadlines.done": "Marked <b>{title}</b> as submitted for {team}. Its reminders stop.",
            "deadlines.detail": "<b>{title}</b> (<code>{id}</code>): due {due}",
            "deadlines.for-teams": "For: {teams}",
            "deadlines.for-everyone": "For: every team",
            "deadlines.time-in-zone": "{time} ({zone})",
            "deadlines.due-ahead": "{time} ({zone}), {countdown}",
            "deadlines.due-overdue": "{time} ({zone}), overdue",
            "deadlines.plan": "Reminders: {times}",
            "deadlines.plan-none": "Reminders: none",
            "deadlines.plan-team": "Reminders for your team: {times}",
            "deadlines.plan-team-none": "Reminders for your team: none",
            "deadlines.not-for-team": "Not for your team ({team}).",
            "deadlines.submitted": "Submitted for {team} by {name}, {time} ({zone}).",
            "deadlines.reminder": "<b>{title}</b> is due {countdown}: {time} ({zone}).",
            "deadlines.reminder-done": "Done? Type /deadline done {id}.",

            // Facilitators' changes.
            "deadlines.add-usage": "give a title, a date and a time",
            "deadlines.title-too-long": [
                .one: "Keep the title under {count} character. Nothing was changed.",
                .other: "Keep the title under {count} characters. Nothing was changed.",
            ],
            "deadlines.unknown-zone":
                "<code>{zone}</code> is not a time zone I know. Try Asia/Ulaanbaatar or Africa/Kampala.",
            "deadlines.date-usage": "give the date and time as YYYY-MM-DD HH:MM",
            "deadlines.new-date-usage": "give the new date and time as YYYY-MM-DD HH:MM",
            "deadlines.remind-usage": "--remind takes durations such as 48h,2h",
            "deadlines.too-many-offsets": [
                .one: "A deadline can have at most {count} reminder time. Nothing was changed.",
                .other: "A deadline can have at most {count} reminder times. Nothing was changed.",
            ],
            "deadlines.offset-too-early":
                "A reminder can come at most 365 days before its deadline (--remind 365d). Nothing was changed.",
            "deadlines.unknown-team": "There is no team <code>{team}</code> in the roster.",
            "deadlines.added": "Added deadline <code>{id}</code>: {title}, due {due}.",
            "deadlines.added-teams": "Added deadline <code>{id}</code> for {teams}: {title}, due {due}.",
            "deadlines.moved": "Moved: {title}, {from} → {to} ({zone})",
            "deadlines.moved-reply": "Moved: {title}, {from} → {to} ({zone}), {countdown}.",
            "deadlines.cancelled": "Cancelled: {title}",
            "deadlines.cancelled-reply": "Cancelled: {title}. Its reminders are cancelled.",
            "deadlines.due-past": "{time} ({zone}) is in the past. Nothing was changed.",
            "deadlines.due-too-far": "A deadline can be at most a year ahead. Nothing was changed.",
        ])

    static let french = MessageTable(
        .french,
        [
            "plugins.deadlines.summary": "Échéances, et rappels pour vous ou votre équipe",
            "commands.remind.summary":
                "Programmer un rappel : in 2 hours, at 3pm, tomorrow 9am, monday 09:00, 16 Nov 10:00, every weekday 09:00",
            "commands.remind.help":
                "Les heures sont dans votre fuseau (/tz). Aussi 10m before <id de séance> et at the start of <id de séance>. Les rappels d’équipe arrivent dans ce groupe, pour toute votre équipe.",
            "commands.reminders.summary": "Vos rappels en attente et ceux de votre équipe",
            "commands.reminder.summary": "Annuler un rappel que vous avez programmé (animateurs : n’importe lequel)",
            "commands.deadlines.summary": "Les prochaines échéances de votre équipe, dans votre fuseau horaire",
            "commands.deadline.summary":
                "Une échéance et ses rappels ; done pour votre équipe ; les animateurs ajoutent, déplacent, annulent",

            "deadlines.reminders-none":
                "Vous n’avez aucun rappel en attente. Programmez-en un avec /remind me in 2h pause.",
            "deadlines.reminders-header": "Rappels en attente (heures en {zone}) :",
            "deadlines.reminders-mine": "<code>{id}</code> {when} pour vous : {text}",
            "deadlines.reminders-team": "<code>{id}</code> {when} pour l’équipe {team}, programmé par {owner} : {text}",
            "deadlines.reminders-private": "(dans notre conversation privée)",
            "deadlines.reminder-cancelled": "Rappel <code>{id}</code> annulé : {text}, {when}.",
            "deadlines.reminder-cancelled-other":
                "Rappel <code>{id}</code> annulé : un rappel personnel de {owner}, {when}.",
            "deadlines.reminder-unknown": "Vous n’avez pas de rappel <code>{id}</code>. /reminders liste les vôtres.",
            "deadlines.reminder-not-yours":
                "Le rappel <code>{id}</code> de l’équipe {team} a été programmé par {owner} : seule cette personne ou un animateur peut l’annuler.",
            "deadlines.fired-team": "Rappel pour <b>l’équipe {team}</b>{late} : {text}",
            "deadlines.fired-direct": "Rappel{late} : {text}",
            "deadlines.fired-mention": "Rappel pour {owner}{late} : {text}",
            "deadlines.fired-late": " (en retard)",
            "deadlines.remind-who": "indiquez d’abord me ou team",
            "deadlines.remind-no-team": "Vous n’êtes pas dans une équipe ici ; utilisez plutôt /remind me.",
            "deadlines.remind-what": "dites de quoi il faut vous rappeler",
            "deadlines.remind-too-long": [
                .one: "Le rappel doit faire moins de {count} caractère.",
                .other: "Le rappel doit faire moins de {count} caractères.",
            ],
            "deadlines.remind-too-often": "Les rappels récurrents doivent être espacés d’au moins {span}.",
            "deadlines.remind-too-many": [
                .one: "Vous avez {count} rappel en attente, le maximum permis ; annulez-en un d’abord.",
                .other: "Vous avez {count} rappels en attente, le maximum permis ; annulez-en un d’abord.",
            ],
            "deadlines.remind-set": "Rappel <code>{id}</code> programmé : {when}, {countdown} : {text}",
            "deadlines.remind-set-direct":
                "Rappel <code>{id}</code> programmé : {when}, {countdown} : {text} Je l’enverrai dans notre conversation privée.",
            "deadlines.no-session":
                "Il n’y a pas de séance <code>{session}</code> au programme. /agenda week liste les séances avec leurs identifiants.",
            "deadlines.schedule-once": "le {time} ({zone})",
            "deadlines.schedule-daily": "chaque jour à {clock}, prochain le {time} ({zone})",
            "deadlines.schedule-weekdays": "chaque jour de semaine à {clock}, prochain le {time} ({zone})",
            "deadlines.schedule-interval": "à {span} d’intervalle, prochain le {time} ({zone})",

            "deadlines.when-past": "ce moment est déjà passé",
            "deadlines.when-too-far": "un rappel peut être au plus à un an",
            "deadlines.when-too-far-bound": "Un rappel peut être au plus à un an.",
            "deadlines.when-how-long": "dites dans combien de temps, par exemple in 2h, in 90m ou in 2 hours",
            "deadlines.when-clock": "donnez l’heure en HH:MM ou 3pm, par exemple at 17:00 ou at 2:50pm",
            "deadlines.when-day-clock": "donnez l’heure en HH:MM ou 9am, par exemple {day} 09:00",
            "deadlines.when-repeat-too-long":
                "Un rappel récurrent doit se répéter au moins une fois par an : indiquez every 365d ou moins.",
            "deadlines.when-every": "indiquez every day HH:MM, every weekday HH:MM ou every 2h",
            "deadlines.when-after-day": "donnez l’heure après le jour, par exemple {day} 09:00",
            "deadlines.when-date-time": "donnez la date et l’heure en YYYY-MM-DD HH:MM",
            "deadlines.when-not-a-date": "{date} n’est pas une date",
            "deadlines.when-after-date": "donnez l’heure après la date, par exemple {date} 10:00",
            "deadlines.when-unknown":
                "dites quand : in 2 hours, at 3pm, tomorrow 9am, monday 09:00, 16 Nov 10:00, every weekday 09:00",
            "deadlines.when-session-sooner": "ce moment est déjà passé : {title} commence plus tôt",
            "deadlines.when-session-earlier": "ce moment est déjà passé : {title} a commencé plus tôt",

            "deadlines.none": "Aucune échéance à venir.",
            "deadlines.header": "Échéances (heures en {zone}) :",
            "deadlines.entry": "<code>{id}</code> {title} : {time}, {state}",
            "deadlines.entry-teams": "<code>{id}</code> {title} (pour {teams}) : {time}, {state}",
            "deadlines.submitted-by": "rendu par {name}",
            "deadlines.overdue": "<b>en retard</b>",
            "deadlines.which": "quelle échéance ? /deadlines les liste",
            "deadlines.done-not-yours": "Seule une équipe concernée par cette échéance peut la marquer comme rendue.",
            "deadlines.done": "<b>{title}</b> est marqué comme rendu pour {team}. Ses rappels s’arrêtent.",
            "deadlines.detail": "<b>{title}</b> (<code>{id}</code>) : échéance {due}",
            "deadlines.for-teams": "Pour : {teams}",
            "deadlines.for-everyone": "Pour : toutes les équipes",
            "deadlines.time-in-zone": "{time} ({zone})",
            "deadlines.due-ahead": "{time} ({zone}), {countdown}",
            "deadlines.due-overdue": "{time} ({zone}), en retard",
            "deadlines.plan": "Rappels : {times}",
            "deadlines.plan-none": "Rappels : aucun",
            "deadlines.plan-team": "Rappels pour votre équipe : {times}",
            "deadlines.plan-team-none": "Rappels pour votre équipe : aucun",
            "deadlines.not-for-team": "Pas pour votre équipe ({team}).",
            "deadlines.submitted": "Rendu pour {team} par {name}, {time} ({zone}).",
            "deadlines.reminder": "<b>{title}</b> est à rendre {countdown} : {time} ({zone}).",
            "deadlines.reminder-done": "C’est rendu ? Tapez /deadline done {id}.",

            "deadlines.add-usage": "donnez un titre, une date et une heure",
            "deadlines.title-too-long": [
                .one: "Le titre doit faire moins de {count} caractère. Rien n’a été modifié.",
                .other: "Le titre doit faire moins de {count} caractères. Rien n’a été modifié.",
            ],
            "deadlines.unknown-zone":
                "Je ne connais pas le fuseau horaire <code>{zone}</code>. Essayez Asia/Ulaanbaatar ou Africa/Kampala.",
            "deadlines.date-usage": "donnez la date et l’heure en YYYY-MM-DD HH:MM",
            "deadlines.new-date-usage": "donnez la nouvelle date et l’heure en YYYY-MM-DD HH:MM",
            "deadlines.remind-usage": "--remind prend des durées comme 48h,2h",
            "deadlines.too-many-offsets": [
                .one: "Une échéance peut avoir au plus {count} rappel. Rien n’a été modifié.",
                .other: "Une échéance peut avoir au plus {count} rappels. Rien n’a été modifié.",
            ],
            "deadlines.offset-too-early":
                "Un rappel peut venir au plus 365 jours avant son échéance (--remind 365d). Rien n’a été modifié.",
            "deadlines.unknown-team": "Il n’y a pas d’équipe <code>{team}</code> dans la liste des équipes.",
            "deadlines.added": "Échéance <code>{id}</code> ajoutée : {title}, pour le {due}.",
            "deadlines.added-teams": "Échéance <code>{id}</code> ajoutée pour {teams} : {title}, pour le {due}.",
            "deadlines.moved": "Déplacée : {title}, {from} → {to} ({zone})",
            "deadlines.moved-reply": "Déplacée : {title}, {from} → {to} ({zone}), {countdown}.",
            "deadlines.cancelled": "Annulée : {title}",
            "deadlines.cancelled-reply": "Annulée : {title}. Ses rappels sont annulés.",
            "deadlines.due-past": "{time} ({zone}) est déjà passé. Rien n’a été modifié.",
            "deadlines.due-too-far": "Une échéance peut être au plus à un an. Rien n’a été modifié.",
        ])

    static let russian = MessageTable(
        .russian,
        [
            "plugins.deadlines.summary": "Сроки сдачи и напоминания для вас или вашей команды",
            "commands.remind.summary":
                "Поставить напоминание: in 2 hours, at 3pm, tomorrow 9am, monday 09:00, 16 Nov 10:00, every weekday 09:00",
            "commands.remind.help":
                "Время — в вашем часовом поясе (/tz). Также 10m before <id сессии> и at the start of <id сессии>. Напоминания команды приходят в этот чат для всей команды.",
            "commands.reminders.summary": "Ожидающие напоминания ваши и вашей команды",
            "commands.reminder.summary": "Отменить поставленное вами напоминание (ведущие: любое)",
            "commands.deadlines.summary": "Ближайшие сроки сдачи вашей команды, в вашем часовом поясе",
            "commands.deadline.summary":
                "Один срок сдачи и его напоминания; done — для вашей команды; ведущие добавляют, переносят, отменяют",

            "deadlines.reminders-none":
                "У вас нет ожидающих напоминаний. Поставьте его так: /remind me in 2h размяться.",
            "deadlines.reminders-header": "Ожидающие напоминания (время в {zone}):",
            "deadlines.reminders-mine": "<code>{id}</code> {when} для вас: {text}",
            "deadlines.reminders-team": "<code>{id}</code> {when} для команды {team}, поставил(а) {owner}: {text}",
            "deadlines.reminders-private": "(в нашем личном чате)",
            "deadlines.reminder-cancelled": "Напоминание <code>{id}</code> отменено: {text}, {when}.",
            "deadlines.reminder-cancelled-other":
                "Напоминание <code>{id}</code> отменено: личное напоминание {owner}, {when}.",
            "deadlines.reminder-unknown": "У вас нет напоминания <code>{id}</code>. Ваши показывает /reminders.",
            "deadlines.reminder-not-yours":
                "Напоминание <code>{id}</code> для команды {team} поставил(а) {owner}: отменить его может только этот человек или ведущий.",
            "deadlines.fired-team": "Напоминание для <b>команды {team}</b>{late}: {text}",
            "deadlines.fired-direct": "Напоминание{late}: {text}",
            "deadlines.fired-mention": "Напоминание для {owner}{late}: {text}",
            "deadlines.fired-late": " (с опозданием)",
            "deadlines.remind-who": "сначала укажите me или team",
            "deadlines.remind-no-team": "Вы здесь не в команде; используйте /remind me.",
            "deadlines.remind-what": "скажите, о чём напомнить",
            "deadlines.remind-too-long": [
                .one: "Напоминание должно быть короче {count} символа.",
                .few: "Напоминание должно быть короче {count} символов.",
                .many: "Напоминание должно быть короче {count} символов.",
                .other: "Напоминание должно быть короче {count} символа.",
            ],
            "deadlines.remind-too-often": "Повторяющиеся напоминания должны идти не чаще, чем раз в {span}.",
            "deadlines.remind-too-many": [
                .one: "У вас {count} ожидающее напоминание — это предел; сначала отмените одно.",
                .few: "У вас {count} ожидающих напоминания — это предел; сначала отмените одно.",
                .many: "У вас {count} ожидающих напоминаний — это предел; сначала отмените одно.",
                .other: "У вас {count} ожидающего напоминания — это предел; сначала отмените одно.",
            ],
            "deadlines.remind-set": "Напоминание <code>{id}</code> поставлено: {when}, {countdown}: {text}",
            "deadlines.remind-set-direct":
                "Напоминание <code>{id}</code> поставлено: {when}, {countdown}: {text} Я пришлю его в наш личный чат.",
            "deadlines.no-session":
                "В программе нет сессии <code>{session}</code>. /agenda week показывает сессии с их id.",
            "deadlines.schedule-once": "{time} ({zone})",
            "deadlines.schedule-daily": "каждый день в {clock}, следующее {time} ({zone})",
            "deadlines.schedule-weekdays": "каждый будний день в {clock}, следующее {time} ({zone})",
            "deadlines.schedule-interval": "раз в {span}, следующее {time} ({zone})",

            "deadlines.when-past": "это время уже прошло",
            "deadlines.when-too-far": "напоминание можно поставить не дальше чем на год вперёд",
            "deadlines.when-too-far-bound": "Напоминание можно поставить не дальше чем на год вперёд.",
            "deadlines.when-how-long": "скажите, через сколько, например in 2h, in 90m или in 2 hours",
            "deadlines.when-clock": "укажите время как HH:MM или 3pm, например at 17:00 или at 2:50pm",
            "deadlines.when-day-clock": "укажите время как HH:MM или 9am, например {day} 09:00",
            "deadlines.when-repeat-too-long":
                "Повторяющееся напоминание должно повторяться хотя бы раз в год: укажите every 365d или меньше.",
            "deadlines.when-every": "укажите every day HH:MM, every weekday HH:MM или every 2h",
            "deadlines.when-after-day": "укажите время после дня, например {day} 09:00",
            "deadlines.when-date-time": "укажите дату и время как YYYY-MM-DD HH:MM",
            "deadlines.when-not-a-date": "{date} — не дата",
            "deadlines.when-after-date": "укажите время после даты, например {date} 10:00",
            "deadlines.when-unknown":
                "скажите когда: in 2 hours, at 3pm, tomorrow 9am, monday 09:00, 16 Nov 10:00, every weekday 09:00",
            "deadlines.when-session-sooner": "это время уже прошло: {title} начинается раньше",
            "deadlines.when-session-earlier": "это время уже прошло: {title} уже началась",

            "deadlines.none": "Ближайших сроков сдачи нет.",
            "deadlines.header": "Сроки сдачи (время в {zone}):",
            "deadlines.entry": "<code>{id}</code> {title}: {time}, {state}",
            "deadlines.entry-teams": "<code>{id}</code> {title} (для {teams}): {time}, {state}",
            "deadlines.submitted-by": "сдал(а) {name}",
            "deadlines.overdue": "<b>просрочено</b>",
            "deadlines.which": "какой срок? /deadlines показывает их",
            "deadlines.done-not-yours": "Отметить сдачу может только команда, для которой этот срок.",
            "deadlines.done": "<b>{title}</b> отмечено как сданное для {team}. Напоминания больше не придут.",
            "deadlines.detail": "<b>{title}</b> (<code>{id}</code>): срок {due}",
            "deadlines.for-teams": "Для: {teams}",
            "deadlines.for-everyone": "Для: всех команд",
            "deadlines.time-in-zone": "{time} ({zone})",
            "deadlines.due-ahead": "{time} ({zone}), {countdown}",
            "deadlines.due-overdue": "{time} ({zone}), просрочено",
            "deadlines.plan": "Напоминания: {times}",
            "deadlines.plan-none": "Напоминания: нет",
            "deadlines.plan-team": "Напоминания для вашей команды: {times}",
            "deadlines.plan-team-none": "Напоминания для вашей команды: нет",
            "deadlines.not-for-team": "Не для вашей команды ({team}).",
            "deadlines.submitted": "Сдано для {team}, сдал(а) {name}, {time} ({zone}).",
            "deadlines.reminder": "Срок сдачи <b>{title}</b> — {countdown}: {time} ({zone}).",
            "deadlines.reminder-done": "Готово? Напишите /deadline done {id}.",

            "deadlines.add-usage": "укажите название, дату и время",
            "deadlines.title-too-long": [
                .one: "Название должно быть короче {count} символа. Ничего не изменено.",
                .few: "Название должно быть короче {count} символов. Ничего не изменено.",
                .many: "Название должно быть короче {count} символов. Ничего не изменено.",
                .other: "Название должно быть короче {count} символа. Ничего не изменено.",
            ],
            "deadlines.unknown-zone":
                "Я не знаю часового пояса <code>{zone}</code>. Попробуйте Asia/Ulaanbaatar или Africa/Kampala.",
            "deadlines.date-usage": "укажите дату и время как YYYY-MM-DD HH:MM",
            "deadlines.new-date-usage": "укажите новые дату и время как YYYY-MM-DD HH:MM",
            "deadlines.remind-usage": "--remind принимает длительности, например 48h,2h",
            "deadlines.too-many-offsets": [
                .one: "У срока может быть не больше {count} напоминания. Ничего не изменено.",
                .few: "У срока может быть не больше {count} напоминаний. Ничего не изменено.",
                .many: "У срока может быть не больше {count} напоминаний. Ничего не изменено.",
                .other: "У срока может быть не больше {count} напоминания. Ничего не изменено.",
            ],
            "deadlines.offset-too-early":
                "Напоминание может прийти не раньше чем за 365 дней до срока (--remind 365d). Ничего не изменено.",
            "deadlines.unknown-team": "В списке команд нет команды <code>{team}</code>.",
            "deadlines.added": "Срок <code>{id}</code> добавлен: {title}, до {due}.",
            "deadlines.added-teams": "Срок <code>{id}</code> для {teams} добавлен: {title}, до {due}.",
            "deadlines.moved": "Перенесено: {title}, {from} → {to} ({zone})",
            "deadlines.moved-reply": "Перенесено: {title}, {from} → {to} ({zone}), {countdown}.",
            "deadlines.cancelled": "Отменено: {title}",
            "deadlines.cancelled-reply": "Отменено: {title}. Его напоминания отменены.",
            "deadlines.due-past": "{time} ({zone}) уже прошло. Ничего не изменено.",
            "deadlines.due-too-far": "Срок можно поставить не дальше чем на год вперёд. Ничего не изменено.",
        ])

    static let chinese = MessageTable(
        .chinese,
        [
            "plugins.deadlines.summary": "截止日期，以及给你或你的团队的提醒",
            "commands.remind.summary":
                "设置提醒：in 2 hours、at 3pm、tomorrow 9am、monday 09:00、16 Nov 10:00、every weekday 09:00",
            "commands.remind.help":
                "时间按你的时区（/tz）。也可以用 10m before <会议 id> 和 at the start of <会议 id>。团队提醒会发到本群，给整个团队。",
            "commands.reminders.summary": "你和你的团队待发的提醒",
            "commands.reminder.summary": "取消你设置的提醒（组织者：任何提醒）",
            "commands.deadlines.summary": "你的团队即将到来的截止日期，按你的时区",
            "commands.deadline.summary": "一个截止日期及其提醒；done 为你的团队标记完成；组织者可添加、改期、取消",

            "deadlines.reminders-none": "你没有待发的提醒。可以这样设置：/remind me in 2h 活动一下。",
            "deadlines.reminders-header": "待发的提醒（时间按 {zone}）：",
            "deadlines.reminders-mine": "<code>{id}</code> {when}，给你：{text}",
            "deadlines.reminders-team": "<code>{id}</code> {when}，给团队 {team}，由 {owner} 设置：{text}",
            "deadlines.reminders-private": "（在我们的私聊中）",
            "deadlines.reminder-cancelled": "已取消提醒 <code>{id}</code>：{text}，{when}。",
            "deadlines.reminder-cancelled-other": "已取消提醒 <code>{id}</code>：{owner} 的一条个人提醒，{when}。",
            "deadlines.reminder-unknown": "你没有提醒 <code>{id}</code>。/reminders 列出你的提醒。",
            "deadlines.reminder-not-yours":
                "团队 {team} 的提醒 <code>{id}</code> 是 {owner} 设置的：只有设置者或组织者可以取消它。",
            "deadlines.fired-team": "给<b>团队 {team}</b>的提醒{late}：{text}",
            "deadlines.fired-direct": "提醒{late}：{text}",
            "deadlines.fired-mention": "给 {owner} 的提醒{late}：{text}",
            "deadlines.fired-late": "（迟到）",
            "deadlines.remind-who": "先写 me 或 team",
            "deadlines.remind-no-team": "你在这里不属于任何团队；请改用 /remind me。",
            "deadlines.remind-what": "请说明要提醒什么",
            "deadlines.remind-too-long": [.other: "提醒内容请少于 {count} 个字符。"],
            "deadlines.remind-too-often": "重复提醒的间隔至少为 {span}。",
            "deadlines.remind-too-many": [.other: "你有 {count} 条待发的提醒，已达上限；请先取消一条。"],
            "deadlines.remind-set": "提醒 <code>{id}</code> 已设置：{when}，{countdown}：{text}",
            "deadlines.remind-set-direct": "提醒 <code>{id}</code> 已设置：{when}，{countdown}：{text} 我会把它发到我们的私聊。",
            "deadlines.no-session": "议程中没有会议 <code>{session}</code>。/agenda week 列出各会议及其 id。",
            "deadlines.schedule-once": "{time}（{zone}）",
            "deadlines.schedule-daily": "每天 {clock}，下一次 {time}（{zone}）",
            "deadlines.schedule-weekdays": "每个工作日 {clock}，下一次 {time}（{zone}）",
            "deadlines.schedule-interval": "每 {span}，下一次 {time}（{zone}）",

            "deadlines.when-past": "这个时间已经过去了",
            "deadlines.when-too-far": "提醒最多只能设在一年之内",
            "deadlines.when-too-far-bound": "提醒最多只能设在一年之内。",
            "deadlines.when-how-long": "请说明多久以后，例如 in 2h、in 90m 或 in 2 hours",
            "deadlines.when-clock": "请用 HH:MM 或 3pm 表示时间，例如 at 17:00 或 at 2:50pm",
            "deadlines.when-day-clock": "请用 HH:MM 或 9am 表示时间，例如 {day} 09:00",
            "deadlines.when-repeat-too-long": "重复提醒至少每年重复一次：请写 every 365d 或更短。",
            "deadlines.when-every": "请写 every day HH:MM、every weekday HH:MM 或 every 2h",
            "deadlines.when-after-day": "请在星期后写上时间，例如 {day} 09:00",
            "deadlines.when-date-time": "请用 YYYY-MM-DD HH:MM 表示日期和时间",
            "deadlines.when-not-a-date": "{date} 不是一个日期",
            "deadlines.when-after-date": "请在日期后写上时间，例如 {date} 10:00",
            "deadlines.when-unknown":
                "请说明时间：in 2 hours、at 3pm、tomorrow 9am、monday 09:00、16 Nov 10:00、every weekday 09:00",
            "deadlines.when-session-sooner": "这个时间已经过去了：{title} 开始得更早",
            "deadlines.when-session-earlier": "这个时间已经过去了：{title} 已经开始",

            "deadlines.none": "没有即将到来的截止日期。",
            "deadlines.header": "截止日期（时间按 {zone}）：",
            "deadlines.entry": "<code>{id}</code> {title}：{time}，{state}",
            "deadlines.entry-teams": "<code>{id}</code> {title}（给 {teams}）：{time}，{state}",
            "deadlines.submitted-by": "已由 {name} 提交",
            "deadlines.overdue": "<b>已逾期</b>",
            "deadlines.which": "哪个截止日期？/deadlines 会列出它们",
            "deadlines.done-not-yours": "只有这个截止日期所针对的团队才能标记完成。",
            "deadlines.done": "已将<b>{title}</b>标记为 {team} 已提交。它的提醒将停止。",
            "deadlines.detail": "<b>{title}</b>（<code>{id}</code>）：截止 {due}",
            "deadlines.for-teams": "针对：{teams}",
            "deadlines.for-everyone": "针对：所有团队",
            "deadlines.time-in-zone": "{time}（{zone}）",
            "deadlines.due-ahead": "{time}（{zone}），{countdown}",
            "deadlines.due-overdue": "{time}（{zone}），已逾期",
            "deadlines.plan": "提醒：{times}",
            "deadlines.plan-none": "提醒：无",
            "deadlines.plan-team": "给你的团队的提醒：{times}",
            "deadlines.plan-team-none": "给你的团队的提醒：无",
            "deadlines.not-for-team": "不针对你的团队（{team}）。",
            "deadlines.submitted": "{team} 已由 {name} 提交，{time}（{zone}）。",
            "deadlines.reminder": "<b>{title}</b> 将于{countdown}截止：{time}（{zone}）。",
            "deadlines.reminder-done": "完成了吗？请输入 /deadline done {id}。",

            "deadlines.add-usage": "请给出标题、日期和时间",
            "deadlines.title-too-long": [.other: "标题请少于 {count} 个字符。没有做任何更改。"],
            "deadlines.unknown-zone": "我不认识时区 <code>{zone}</code>。试试 Asia/Ulaanbaatar 或 Africa/Kampala。",
            "deadlines.date-usage": "请用 YYYY-MM-DD HH:MM 给出日期和时间",
            "deadlines.new-date-usage": "请用 YYYY-MM-DD HH:MM 给出新的日期和时间",
            "deadlines.remind-usage": "--remind 接受时长，例如 48h,2h",
            "deadlines.too-many-offsets": [.other: "一个截止日期最多可以有 {count} 个提醒时间。没有做任何更改。"],
            "deadlines.offset-too-early": "提醒最早只能在截止前 365 天（--remind 365d）。没有做任何更改。",
            "deadlines.unknown-team": "名单中没有团队 <code>{team}</code>。",
            "deadlines.added": "已添加截止日期 <code>{id}</code>：{title}，截止 {due}。",
            "deadlines.added-teams": "已为 {teams} 添加截止日期 <code>{id}</code>：{title}，截止 {due}。",
            "deadlines.moved": "已改期：{title}，{from} → {to}（{zone}）",
            "deadlines.moved-reply": "已改期：{title}，{from} → {to}（{zone}），{countdown}。",
            "deadlines.cancelled": "已取消：{title}",
            "deadlines.cancelled-reply": "已取消：{title}。它的提醒已取消。",
            "deadlines.due-past": "{time}（{zone}）已经过去了。没有做任何更改。",
            "deadlines.due-too-far": "截止日期最多只能设在一年之内。没有做任何更改。",
        ])
}

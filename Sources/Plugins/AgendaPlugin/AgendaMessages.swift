import BotCore

/// The agenda's texts in the shipped languages: its day and week views, `/now`, `/next`, `/session`, `/tz`,
/// `/agenda search` and `/agenda source`, the "starting soon" announcements, the posted changes and the feed's
/// outage notices. English names every key; `commands.<name>.summary` and `.help` and `plugins.agenda.summary`
/// are what `/help` shows (English's equal the commands' own `summary` and `help`).
///
/// Session titles, rooms, links, people's names and zone labels come from the configuration and are always
/// placeholder values, never part of a template. Day and month names come from the core's `DateLanguage`.
public enum AgendaMessages {
    public static let tables: [MessageTable] = [english, french, russian, chinese]

    static let english = MessageTable(
        .english,
        [
            "plugins.agenda.summary": "The workshop's sessions, in your time zone",
            "agenda.job.changes": [
                .one: "the agenda's changes ({count} line)", .other: "the agenda's changes ({count} lines)",
            ],
            "agenda.job.feed-notice": "a notice about the agenda feed",
            "agenda.job.feed": "a refresh of the agenda feed (posts only what changed)",
            "agenda.job.calendar-link": "your calendar link, in your direct chat",
            "agenda.dashboard.title": "Programme",
            "agenda.dashboard.summary": "Sessions in the programme: {count}. Today: {today}.",
            "agenda.dashboard.today": "Today",
            "agenda.dashboard.when": "When",
            "agenda.dashboard.session": "Session",
            "agenda.dashboard.where": "Where",
            "agenda.dashboard.for": "For",
            "agenda.dashboard.everyone": "everyone",
            "agenda.dashboard.all-day": "all day",
            "agenda.dashboard.none": "No sessions.",
            "agenda.calendar.deadline": "Due: {title}",
            "agenda.subscribe.off":
                "Calendar subscriptions are off: a facilitator turns them on with web: in bot.yaml.",
            "agenda.subscribe.write-first":
                "I send calendar links only in a direct chat: open a direct chat with me, send any message there, then send /agenda subscribe.",
            "agenda.subscribe.team":
                "The calendar of <b>{team}</b>: everyone's sessions and deadlines and your team's own, kept current. Subscribe in your calendar app:",
            "agenda.subscribe.workshop":
                "The whole workshop's calendar: every session and deadline, kept current. Subscribe in your calendar app:",
            "agenda.subscribe.other-apps":
                "Or add this address as a calendar from the web (Google Calendar: Other calendars, From URL):",
            "agenda.subscribe.keep":
                "Whoever has the link can read this calendar: share it only with the people it is for.",
            "agenda.subscribe.sent": "I sent you the calendar link in our direct chat.",
            "agenda.revoke.workshop": "the whole workshop",
            "agenda.revoke.unknown":
                "There is no team {team}. Teams: {teams}; or all for the whole workshop’s calendar.",
            "agenda.revoke.done":
                "The calendar link of {calendar} no longer works. /agenda subscribe hands out a new one; whoever subscribed needs it.",
            "agenda.revoke.none": "{calendar} has no calendar link yet: there is nothing to revoke.",
            "agenda.job.announce": "“starting soon” for <b>{title}</b>",
            "commands.agenda.summary": "What is on, in your time zone",
            "commands.agenda.help":
                "In a team's chat only plenaries and that team's sessions are listed; add \"all\" for everything. /agenda subscribe sends you a link to your team's calendar for your calendar app. Facilitators: /agenda revoke <team|all> makes a calendar link stop working, and /agenda source shows where the sessions come from and how the feed is doing.",
            "commands.now.summary": "Sessions under way now",
            "commands.next.summary": "The next session and when it starts",
            "commands.session.summary": "Details of one session, with its link",
            "commands.tz.summary": "Show or set your time zone",
            "commands.agenda.usage":
                "agenda [today|tomorrow|YYYY-MM-DD|week] [all] | agenda search <words> | agenda subscribe [all] | agenda revoke <team|all> | agenda source",
            "commands.session.usage": "session <id>",
            "commands.tz.usage": "tz [IANA zone, e.g. Asia/Ulaanbaatar | reset]",
            "commands.tz.help":
                "Times are shown in your zone, and in the workshop's when it differs. Zone names in any case, or a city (ulaanbaatar); /tz reset goes back to your team's zone (or the workshop's).",

            "agenda.day.header": "<b>{day}</b> (times in {zone}; /tz to change):",
            "agenda.day.empty": "No sessions on {day}. {next}",
            "agenda.week.header": "<b>This week</b> (times in {zone}):",
            "agenda.week.day": "<b>{day}</b>: {items}",
            "agenda.week.separator": "; ",
            "agenda.week.empty": "No sessions this week.",
            "agenda.all-day-titled": "all day: {title}",
            "agenda.all-day": "all day",
            "agenda.due": "{time} Due: {title}",
            "agenda.next-hint": "Next: {day} {time} {title}.",
            "agenda.next-hint.none": "The workshop has no more sessions.",
            "agenda.not-a-date": "{text} is not a date",

            "agenda.now.header": "Now ({zone}):",
            "agenda.now.nothing": "Nothing is on right now. {next}",
            "agenda.next.session": "Next: <b>{title}</b>, {when} ({zone}), starts {countdown}.",
            "agenda.next.over": "No more sessions: the workshop is over. Thank you for taking part!",

            "agenda.session.unknown": "There is no session <code>{id}</code>. /agenda week lists them.",
            "agenda.session.unknown-suggest":
                "There is no session <code>{id}</code>. Did you mean {ids}? /agenda week lists them.",
            "agenda.session.when": "{day}, {times}",
            "agenda.session.team": "For team {team}",
            "agenda.session.speakers": "Speakers: {speakers}",
            "agenda.session.tags": "Tags: {tags}",
            "agenda.session.resources": "Resources:",
            "agenda.days": "{first} to {last}",
            "agenda.place.link": "Link: {link}",
            "agenda.place.room": "Where: {place}",

            "agenda.search.none": "No session matches {words}.",
            "agenda.search.entry": "{when}: {line}",
            "agenda.search.more": [
                .one: "…and {count} more; add a word to narrow it.",
                .other: "…and {count} more; add a word to narrow it.",
            ],

            "agenda.tz.current":
                "Your times are shown in <b>{zone}</b> (<code>{identifier}</code>). Change it with /tz {example}.",
            "agenda.tz.reset":
                "Your own zone is forgotten: times are shown in <b>{zone}</b> (<code>{identifier}</code>) again.",
            "agenda.tz.unknown": "<code>{name}</code> is not a time zone I know.",
            "agenda.tz.unknown-why":
                "<code>{name}</code> is not a time zone I know: {problem}. Try Asia/Ulaanbaatar, Africa/Kampala or Asia/Almaty.",
            "agenda.tz.set":
                "From now on I show your times in <b>{zone}</b> (<code>{identifier}</code>). It is {time} there now.",

            "agenda.announce": "Starting {countdown}: <b>{title}</b> at {time} {zone} time.",

            "agenda.changes.header": "<b>Agenda changes:</b>",
            "agenda.changes.moved": "Moved: {title}, {old} → {new} ({zone} time)",
            "agenda.changes.added": "Added: {title}, {when} ({zone} time)",
            "agenda.changes.cancelled": "Cancelled: {title}, was {when} ({zone} time)",
            "agenda.changes.all-day": "{day}, all day",

            "agenda.source.file-named":
                "The agenda comes from agenda.yaml and <code>{file}</code>, read at start and on reload; there is no feed.",
            "agenda.source.file": "The agenda comes from agenda.yaml, read at start and on reload; there is no feed.",
            "agenda.source.feed": "<b>Agenda feed</b>: <code>{feed}</code>, every {interval} (times in {zone})",
            "agenda.source.last-success": "Last successful fetch: {when}",
            "agenda.source.last-change": "Last change: {when}",
            "agenda.source.last-error": "Last error: {when}: {error}",
            "agenda.source.no-error": "Last error: none",
            "agenda.source.failing": "Failing since {when}: the agenda stays as last read.",
            "agenda.source.next": "Next refresh: {when}",
            "agenda.source.from-feed": "Sessions from the feed: {count}",
            "agenda.source.never": "never",

            "agenda.feed.failed": "The agenda feed {feed} cannot be read: {reason}.",
            "agenda.feed.kept":
                "The agenda stays as read on {day} at {time} ({zone} time); I will say when the feed works again. /agenda source shows its state.",
            "agenda.feed.yaml-only":
                "The agenda has only agenda.yaml's sessions until it can be read; I will say when the feed works again. /agenda source shows its state.",
            "agenda.feed.recovered": "The agenda feed {feed} works again (it failed from {day} {time}, {zone} time).",
            "agenda.feed.reason.no-fetcher": "this build of the bot cannot fetch feeds",
            "agenda.feed.reason.not-modified": "the server answered 304 Not Modified to a plain request",
            "agenda.feed.reason.unreadable": "the feed cannot be read as an agenda",
        ])

    static let french = MessageTable(
        .french,
        [
            "plugins.agenda.summary": "Les sessions de l’atelier, dans votre fuseau horaire",
            "agenda.job.changes": [
                .one: "les changements du programme ({count} ligne)",
                .other: "les changements du programme ({count} lignes)",
            ],
            "agenda.job.feed-notice": "un avis sur le flux du programme",
            "agenda.job.feed": "une mise à jour du flux du programme (ne publie que ce qui a changé)",
            "agenda.job.calendar-link": "votre lien d’agenda, dans votre conversation privée",
            "agenda.dashboard.title": "Programme",
            "agenda.dashboard.summary": "Séances au programme : {count}. Aujourd’hui : {today}.",
            "agenda.dashboard.today": "Aujourd’hui",
            "agenda.dashboard.when": "Quand",
            "agenda.dashboard.session": "Séance",
            "agenda.dashboard.where": "Où",
            "agenda.dashboard.for": "Pour",
            "agenda.dashboard.everyone": "tout le monde",
            "agenda.dashboard.all-day": "toute la journée",
            "agenda.dashboard.none": "Aucune séance.",
            "agenda.calendar.deadline": "Échéance : {title}",
            "agenda.subscribe.off":
                "Les abonnements d’agenda sont désactivés : un animateur les active avec web: dans bot.yaml.",
            "agenda.subscribe.write-first":
                "Je n’envoie les liens d’agenda qu’en conversation privée : ouvrez une conversation privée avec moi, écrivez-y un message, puis envoyez /agenda subscribe.",
            "agenda.subscribe.team":
                "L’agenda de <b>{team}</b> : les sessions et échéances communes et celles de votre équipe, tenues à jour. Abonnez-vous dans votre application d’agenda :",
            "agenda.subscribe.workshop":
                "L’agenda de tout l’atelier : toutes les sessions et échéances, tenues à jour. Abonnez-vous dans votre application d’agenda :",
            "agenda.subscribe.other-apps":
                "Ou ajoutez cette adresse comme agenda à partir d’une URL (Google Agenda : Autres agendas, À partir de l’URL) :",
            "agenda.subscribe.keep":
                "Quiconque a le lien peut lire cet agenda : ne le partagez qu’avec les personnes concernées.",
            "agenda.subscribe.sent": "Je vous ai envoyé le lien de l’agenda dans notre conversation privée.",
            "agenda.revoke.workshop": "tout l’atelier",
            "agenda.revoke.unknown":
                "Il n’y a pas d’équipe {team}. Équipes : {teams} ; ou all pour l’agenda de tout l’atelier.",
            "agenda.revoke.done":
                "Le lien d’agenda de {calendar} ne fonctionne plus. /agenda subscribe en donne un nouveau ; les personnes abonnées en ont besoin.",
            "agenda.revoke.none": "{calendar} n’a pas encore de lien d’agenda : rien à désactiver.",
            "agenda.job.announce": "« bientôt » pour <b>{title}</b>",
            "commands.agenda.summary": "Ce qui est au programme, dans votre fuseau horaire",
            "commands.agenda.help":
                "Dans le groupe d’une équipe, seules les plénières et les sessions de cette équipe sont listées ; ajoutez « all » pour tout voir. /agenda subscribe vous envoie le lien de l’agenda de votre équipe pour votre application d’agenda. Animateurs : /agenda revoke <équipe|all> désactive un lien d’agenda, et /agenda source indique d’où viennent les sessions et comment se porte le flux.",
            "commands.now.summary": "Les sessions en cours",
            "commands.next.summary": "La prochaine session et quand elle commence",
            "commands.session.summary": "Le détail d’une session, avec son lien",
            "commands.tz.summary": "Afficher ou choisir votre fuseau horaire",
            "commands.agenda.usage":
                "agenda [today|tomorrow|AAAA-MM-JJ|week] [all] | agenda search <mots> | agenda subscribe [all] | agenda revoke <équipe|all> | agenda source",
            "commands.session.usage": "session <id>",
            "commands.tz.usage": "tz [fuseau IANA, p. ex. Asia/Ulaanbaatar | reset]",
            "commands.tz.help":
                "Les heures sont affichées dans votre fuseau, et dans celui de l’atelier s’il est différent. Noms de fuseaux en majuscules ou en minuscules, ou une ville (ulaanbaatar) ; /tz reset revient au fuseau de votre équipe (ou à celui de l’atelier).",

            "agenda.day.header": "<b>{day}</b> (heures de {zone} ; /tz pour changer) :",
            "agenda.day.empty": "Aucune session le {day}. {next}",
            "agenda.week.header": "<b>Cette semaine</b> (heures de {zone}) :",
            "agenda.week.day": "<b>{day}</b> : {items}",
            "agenda.week.separator": " ; ",
            "agenda.week.empty": "Aucune session cette semaine.",
            "agenda.all-day-titled": "toute la journée : {title}",
            "agenda.all-day": "toute la journée",
            "agenda.due": "{time} Échéance : {title}",
            "agenda.next-hint": "Prochaine session : {day} à {time}, {title}.",
            "agenda.next-hint.none": "L’atelier n’a plus de sessions.",
            "agenda.not-a-date": "{text} n’est pas une date",

            "agenda.now.header": "En ce moment ({zone}) :",
            "agenda.now.nothing": "Rien n’a lieu en ce moment. {next}",
            "agenda.next.session": "Prochaine session : <b>{title}</b>, {when} ({zone}), commence {countdown}.",
            "agenda.next.over": "Plus aucune session : l’atelier est terminé. Merci de votre participation !",

            "agenda.session.unknown": "Il n’y a pas de session <code>{id}</code>. /agenda week les liste.",
            "agenda.session.unknown-suggest":
                "Il n’y a pas de session <code>{id}</code>. Vouliez-vous dire {ids} ? /agenda week les liste.",
            "agenda.session.when": "{day}, {times}",
            "agenda.session.team": "Pour l’équipe {team}",
            "agenda.session.speakers": "Intervenants : {speakers}",
            "agenda.session.tags": "Mots-clés : {tags}",
            "agenda.session.resources": "Ressources :",
            "agenda.days": "du {first} au {last}",
            "agenda.place.link": "Lien : {link}",
            "agenda.place.room": "Lieu : {place}",

            "agenda.search.none": "Aucune session ne correspond à {words}.",
            "agenda.search.entry": "{when} : {line}",
            "agenda.search.more": [
                .one: "…et {count} autre ; ajoutez un mot pour affiner.",
                .other: "…et {count} autres ; ajoutez un mot pour affiner.",
            ],

            "agenda.tz.current":
                "Vos heures sont affichées dans le fuseau <b>{zone}</b> (<code>{identifier}</code>). Pour en changer : /tz {example}.",
            "agenda.tz.reset":
                "Votre propre fuseau est oublié : les heures sont de nouveau affichées dans le fuseau <b>{zone}</b> (<code>{identifier}</code>).",
            "agenda.tz.unknown": "<code>{name}</code> n’est pas un fuseau horaire que je connais.",
            "agenda.tz.unknown-why":
                "<code>{name}</code> n’est pas un fuseau horaire que je connais : {problem}. Essayez Asia/Ulaanbaatar, Africa/Kampala ou Asia/Almaty.",
            "agenda.tz.set":
                "Désormais, j’affiche vos heures dans le fuseau <b>{zone}</b> (<code>{identifier}</code>). Il est {time} là-bas.",

            "agenda.announce": "Début {countdown} : <b>{title}</b> à {time} (fuseau : {zone}).",

            "agenda.changes.header": "<b>Changements au programme :</b>",
            "agenda.changes.moved": "Déplacée : {title}, {old} → {new} (fuseau : {zone})",
            "agenda.changes.added": "Ajoutée : {title}, {when} (fuseau : {zone})",
            "agenda.changes.cancelled": "Annulée : {title}, prévue {when} (fuseau : {zone})",
            "agenda.changes.all-day": "{day}, toute la journée",

            "agenda.source.file-named":
                "Le programme vient d’agenda.yaml et de <code>{file}</code>, lus au démarrage et à chaque rechargement ; il n’y a pas de flux.",
            "agenda.source.file":
                "Le programme vient d’agenda.yaml, lu au démarrage et à chaque rechargement ; il n’y a pas de flux.",
            "agenda.source.feed":
                "<b>Flux du programme</b> : <code>{feed}</code>, relu toutes les {interval} (heures de {zone})",
            "agenda.source.last-success": "Dernière lecture réussie : {when}",
            "agenda.source.last-change": "Dernier changement : {when}",
            "agenda.source.last-error": "Dernière erreur : {when} : {error}",
            "agenda.source.no-error": "Dernière erreur : aucune",
            "agenda.source.failing": "En échec depuis {when} : le programme reste tel qu’il a été lu en dernier.",
            "agenda.source.next": "Prochaine actualisation : {when}",
            "agenda.source.from-feed": "Sessions venant du flux : {count}",
            "agenda.source.never": "jamais",

            "agenda.feed.failed": "Le flux du programme {feed} ne peut pas être lu : {reason}.",
            "agenda.feed.kept":
                "Le programme reste tel qu’il a été lu le {day} à {time} (fuseau : {zone}) ; je préviendrai quand le flux fonctionnera de nouveau. /agenda source montre son état.",
            "agenda.feed.yaml-only":
                "Le programme n’a que les sessions d’agenda.yaml tant que le flux ne peut pas être lu ; je préviendrai quand il fonctionnera de nouveau. /agenda source montre son état.",
            "agenda.feed.recovered":
                "Le flux du programme {feed} fonctionne de nouveau (en échec depuis le {day} {time}, fuseau : {zone}).",
            "agenda.feed.reason.no-fetcher": "cette version du bot ne sait pas lire de flux",
            "agenda.feed.reason.not-modified": "le serveur a répondu 304 Not Modified à une requête simple",
            "agenda.feed.reason.unreadable": "le flux ne peut pas être lu comme un programme",
        ])

    static let russian = MessageTable(
        .russian,
        [
            "plugins.agenda.summary": "Занятия семинара в вашем часовом поясе",
            "agenda.job.changes": [
                .one: "изменения программы ({count} строка)", .few: "изменения программы ({count} строки)",
                .many: "изменения программы ({count} строк)", .other: "изменения программы ({count} строки)",
            ],
            "agenda.job.feed-notice": "уведомление о ленте программы",
            "agenda.job.feed": "обновление ленты программы (публикуется только изменённое)",
            "agenda.job.calendar-link": "ваша ссылка на календарь, в личном чате",
            "agenda.dashboard.title": "Программа",
            "agenda.dashboard.summary": "Сессий в программе: {count}. Сегодня: {today}.",
            "agenda.dashboard.today": "Сегодня",
            "agenda.dashboard.when": "Когда",
            "agenda.dashboard.session": "Сессия",
            "agenda.dashboard.where": "Где",
            "agenda.dashboard.for": "Для",
            "agenda.dashboard.everyone": "все",
            "agenda.dashboard.all-day": "весь день",
            "agenda.dashboard.none": "Сессий нет.",
            "agenda.calendar.deadline": "Срок: {title}",
            "agenda.subscribe.off": "Подписка на календарь выключена: ведущий включает её разделом web: в bot.yaml.",
            "agenda.subscribe.write-first":
                "Ссылки на календарь я присылаю только в личном чате: откройте личный чат со мной, напишите там любое сообщение, затем отправьте /agenda subscribe.",
            "agenda.subscribe.team":
                "Календарь команды <b>{team}</b>: общие занятия и сроки и занятия вашей команды, всегда актуальные. Подпишитесь в приложении календаря:",
            "agenda.subscribe.workshop":
                "Календарь всего семинара: все занятия и сроки, всегда актуальные. Подпишитесь в приложении календаря:",
            "agenda.subscribe.other-apps":
                "Или добавьте календарь по этому адресу (Google Календарь: Другие календари, Добавить по URL):",
            "agenda.subscribe.keep":
                "Календарь может прочитать любой, у кого есть ссылка: делитесь ею только с теми, для кого он.",
            "agenda.subscribe.sent": "Я отправил ссылку на календарь в наш личный чат.",
            "agenda.revoke.workshop": "весь семинар",
            "agenda.revoke.unknown": "Команды {team} нет. Команды: {teams}; или all для календаря всего семинара.",
            "agenda.revoke.done":
                "Ссылка на календарь ({calendar}) больше не работает. /agenda subscribe выдаёт новую; она нужна всем, кто был подписан.",
            "agenda.revoke.none": "У календаря ({calendar}) ещё нет ссылки: отключать нечего.",
            "agenda.job.announce": "«скоро начнётся» для <b>{title}</b>",
            "commands.agenda.summary": "Что в программе, в вашем часовом поясе",
            "commands.agenda.help":
                "В чате команды показаны только пленарные занятия и занятия этой команды; добавьте «all», чтобы увидеть всё. /agenda subscribe присылает ссылку на календарь вашей команды для приложения календаря. Ведущим: /agenda revoke <команда|all> отключает ссылку на календарь, а /agenda source показывает, откуда берутся занятия и как работает лента календаря.",
            "commands.now.summary": "Занятия, которые идут сейчас",
            "commands.next.summary": "Следующее занятие и когда оно начнётся",
            "commands.session.summary": "Подробности одного занятия со ссылкой",
            "commands.tz.summary": "Показать или выбрать ваш часовой пояс",
            "commands.agenda.usage":
                "agenda [today|tomorrow|ГГГГ-ММ-ДД|week] [all] | agenda search <слова> | agenda subscribe [all] | agenda revoke <команда|all> | agenda source",
            "commands.session.usage": "session <id>",
            "commands.tz.usage": "tz [пояс IANA, напр. Asia/Ulaanbaatar | reset]",
            "commands.tz.help":
                "Время показывается в вашем поясе, а также в поясе семинара, если он другой. Названия поясов в любом регистре или город (ulaanbaatar); /tz reset возвращает пояс вашей команды (или семинара).",

            "agenda.day.header": "<b>{day}</b> (время: {zone}; /tz — изменить):",
            "agenda.day.empty": "{day}: занятий нет. {next}",
            "agenda.week.header": "<b>Эта неделя</b> (время: {zone}):",
            "agenda.week.day": "<b>{day}</b>: {items}",
            "agenda.week.separator": "; ",
            "agenda.week.empty": "На этой неделе занятий нет.",
            "agenda.all-day-titled": "весь день: {title}",
            "agenda.all-day": "весь день",
            "agenda.due": "{time} Срок: {title}",
            "agenda.next-hint": "Далее: {day}, {time} — {title}.",
            "agenda.next-hint.none": "Больше занятий на семинаре нет.",
            "agenda.not-a-date": "{text} — не дата",

            "agenda.now.header": "Сейчас ({zone}):",
            "agenda.now.nothing": "Сейчас ничего не идёт. {next}",
            "agenda.next.session": "Далее: <b>{title}</b>, {when} ({zone}), начнётся {countdown}.",
            "agenda.next.over": "Занятий больше нет: семинар окончен. Спасибо за участие!",

            "agenda.session.unknown": "Занятия <code>{id}</code> нет. /agenda week покажет их список.",
            "agenda.session.unknown-suggest":
                "Занятия <code>{id}</code> нет. Может быть, вы имели в виду {ids}? /agenda week покажет их список.",
            "agenda.session.when": "{day}, {times}",
            "agenda.session.team": "Для команды {team}",
            "agenda.session.speakers": "Докладчики: {speakers}",
            "agenda.session.tags": "Метки: {tags}",
            "agenda.session.resources": "Материалы:",
            "agenda.days": "{first} — {last}",
            "agenda.place.link": "Ссылка: {link}",
            "agenda.place.room": "Где: {place}",

            "agenda.search.none": "Ни одно занятие не подходит под запрос {words}.",
            "agenda.search.entry": "{when}: {line}",
            "agenda.search.more": [
                .one: "…и ещё {count} занятие; добавьте слово, чтобы сузить поиск.",
                .few: "…и ещё {count} занятия; добавьте слово, чтобы сузить поиск.",
                .many: "…и ещё {count} занятий; добавьте слово, чтобы сузить поиск.",
                .other: "…и ещё {count} занятия; добавьте слово, чтобы сузить поиск.",
            ],

            "agenda.tz.current":
                "Ваше время показывается в поясе <b>{zone}</b> (<code>{identifier}</code>). Изменить: /tz {example}.",
            "agenda.tz.reset":
                "Ваш собственный пояс забыт: время снова показывается в поясе <b>{zone}</b> (<code>{identifier}</code>).",
            "agenda.tz.unknown": "Я не знаю часового пояса <code>{name}</code>.",
            "agenda.tz.unknown-why":
                "Я не знаю часового пояса <code>{name}</code>: {problem}. Попробуйте Asia/Ulaanbaatar, Africa/Kampala или Asia/Almaty.",
            "agenda.tz.set":
                "Теперь я показываю ваше время в поясе <b>{zone}</b> (<code>{identifier}</code>). Там сейчас {time}.",

            "agenda.announce": "Начало {countdown}: <b>{title}</b> в {time} (время: {zone}).",

            "agenda.changes.header": "<b>Изменения в программе:</b>",
            "agenda.changes.moved": "Перенесено: {title}, {old} → {new} (время: {zone})",
            "agenda.changes.added": "Добавлено: {title}, {when} (время: {zone})",
            "agenda.changes.cancelled": "Отменено: {title}, было {when} (время: {zone})",
            "agenda.changes.all-day": "{day}, весь день",

            "agenda.source.file-named":
                "Программа берётся из agenda.yaml и <code>{file}</code>, которые читаются при запуске и перезагрузке; ленты нет.",
            "agenda.source.file":
                "Программа берётся из agenda.yaml, который читается при запуске и перезагрузке; ленты нет.",
            "agenda.source.feed":
                "<b>Лента программы</b>: <code>{feed}</code>, интервал обновления {interval} (время: {zone})",
            "agenda.source.last-success": "Последнее успешное чтение: {when}",
            "agenda.source.last-change": "Последнее изменение: {when}",
            "agenda.source.last-error": "Последняя ошибка: {when}: {error}",
            "agenda.source.no-error": "Последняя ошибка: нет",
            "agenda.source.failing":
                "Не читается с {when}: программа остаётся такой, какой была прочитана в последний раз.",
            "agenda.source.next": "Следующее обновление: {when}",
            "agenda.source.from-feed": "Занятий из ленты: {count}",
            "agenda.source.never": "никогда",

            "agenda.feed.failed": "Ленту программы {feed} не удаётся прочитать: {reason}.",
            "agenda.feed.kept":
                "Программа остаётся такой, какой была прочитана {day} в {time} (время: {zone}); я сообщу, когда лента снова заработает. /agenda source показывает её состояние.",
            "agenda.feed.yaml-only":
                "Пока ленту не удаётся прочитать, в программе только занятия из agenda.yaml; я сообщу, когда она снова заработает. /agenda source показывает её состояние.",
            "agenda.feed.recovered":
                "Лента программы {feed} снова работает (не читалась с {day} {time}, время: {zone}).",
            "agenda.feed.reason.no-fetcher": "эта сборка бота не умеет читать ленты",
            "agenda.feed.reason.not-modified": "сервер ответил 304 Not Modified на обычный запрос",
            "agenda.feed.reason.unreadable": "ленту не удаётся прочитать как программу",
        ])

    static let chinese = MessageTable(
        .chinese,
        [
            "plugins.agenda.summary": "研讨会的日程，按您的时区显示",
            "agenda.job.changes": [.other: "日程变更（{count} 行）"],
            "agenda.job.feed-notice": "关于日程订阅源的通知",
            "agenda.job.feed": "刷新日程订阅源（只发布有变化的内容）",
            "agenda.job.calendar-link": "您的日历链接（在私聊中发送）",
            "agenda.dashboard.title": "日程",
            "agenda.dashboard.summary": "日程中的会议：{count}。今天：{today}。",
            "agenda.dashboard.today": "今天",
            "agenda.dashboard.when": "时间",
            "agenda.dashboard.session": "会议",
            "agenda.dashboard.where": "地点",
            "agenda.dashboard.for": "对象",
            "agenda.dashboard.everyone": "所有人",
            "agenda.dashboard.all-day": "全天",
            "agenda.dashboard.none": "没有会议。",
            "agenda.calendar.deadline": "截止：{title}",
            "agenda.subscribe.off": "日历订阅未开启：主持人可在 bot.yaml 中用 web: 开启。",
            "agenda.subscribe.write-first": "我只在私聊中发送日历链接：请打开与我的私聊，在那里发送任意消息，然后发送 /agenda subscribe。",
            "agenda.subscribe.team": "<b>{team}</b> 的日历：全体环节和截止时间，以及您团队自己的环节，随时更新。请在您的日历应用中订阅：",
            "agenda.subscribe.workshop": "整个研讨会的日历：所有环节和截止时间，随时更新。请在您的日历应用中订阅：",
            "agenda.subscribe.other-apps": "或通过网址添加此日历（Google 日历：其他日历，通过网址添加）：",
            "agenda.subscribe.keep": "任何拥有此链接的人都能查看此日历：请只与相关的人分享。",
            "agenda.subscribe.sent": "我已在私聊中把日历链接发给您。",
            "agenda.revoke.workshop": "整个研讨会",
            "agenda.revoke.unknown": "没有团队 {team}。团队：{teams}；或用 all 表示整个研讨会的日历。",
            "agenda.revoke.done": "{calendar} 的日历链接已失效。/agenda subscribe 会给出新链接；已订阅的人需要新链接。",
            "agenda.revoke.none": "{calendar} 还没有日历链接：无需失效。",
            "agenda.job.announce": "<b>{title}</b> 的“即将开始”提醒",
            "commands.agenda.summary": "有哪些安排，按您的时区显示",
            "commands.agenda.help":
                "在团队群里只列出全体会议和该团队的环节；加上“all”可查看全部。/agenda subscribe 会把您团队日历的链接发给您，供日历应用订阅。组织者：/agenda revoke <团队|all> 可让某个日历链接失效，/agenda source 显示环节的来源以及日历订阅的状态。",
            "commands.now.summary": "正在进行的环节",
            "commands.next.summary": "下一个环节及其开始时间",
            "commands.session.summary": "某个环节的详情及其链接",
            "commands.tz.summary": "查看或设置您的时区",
            "commands.agenda.usage":
                "agenda [today|tomorrow|YYYY-MM-DD|week] [all] | agenda search <关键词> | agenda subscribe [all] | agenda revoke <团队|all> | agenda source",
            "commands.session.usage": "session <id>",
            "commands.tz.usage": "tz [IANA 时区，例如 Asia/Ulaanbaatar | reset]",
            "commands.tz.help":
                "时间按您的时区显示；若与研讨会的时区不同，也会同时显示研讨会的时间。时区名称不区分大小写，也可以用城市名（ulaanbaatar）；/tz reset 恢复为您团队的时区（或研讨会的时区）。",

            "agenda.day.header": "<b>{day}</b>（{zone}时间；用 /tz 更改）：",
            "agenda.day.empty": "{day}没有环节。{next}",
            "agenda.week.header": "<b>本周</b>（{zone}时间）：",
            "agenda.week.day": "<b>{day}</b>：{items}",
            "agenda.week.separator": "；",
            "agenda.week.empty": "本周没有环节。",
            "agenda.all-day-titled": "全天：{title}",
            "agenda.all-day": "全天",
            "agenda.due": "{time} 截止：{title}",
            "agenda.next-hint": "下一个：{day} {time} {title}。",
            "agenda.next-hint.none": "研讨会已没有后续环节。",
            "agenda.not-a-date": "{text} 不是日期",

            "agenda.now.header": "现在（{zone}）：",
            "agenda.now.nothing": "目前没有正在进行的环节。{next}",
            "agenda.next.session": "下一个：<b>{title}</b>，{when}（{zone}），{countdown}开始。",
            "agenda.next.over": "没有更多环节了：研讨会已结束。感谢您的参与！",

            "agenda.session.unknown": "没有环节 <code>{id}</code>。/agenda week 会列出所有环节。",
            "agenda.session.unknown-suggest": "没有环节 <code>{id}</code>。您是不是要找 {ids}？/agenda week 会列出所有环节。",
            "agenda.session.when": "{day}，{times}",
            "agenda.session.team": "面向团队 {team}",
            "agenda.session.speakers": "主讲人：{speakers}",
            "agenda.session.tags": "标签：{tags}",
            "agenda.session.resources": "资料：",
            "agenda.days": "{first} 至 {last}",
            "agenda.place.link": "链接：{link}",
            "agenda.place.room": "地点：{place}",

            "agenda.search.none": "没有与 {words} 匹配的环节。",
            "agenda.search.entry": "{when}：{line}",
            "agenda.search.more": [.other: "……还有 {count} 个；再加一个词可缩小范围。"],

            "agenda.tz.current": "您的时间按 <b>{zone}</b>（<code>{identifier}</code>）显示。可用 /tz {example} 更改。",
            "agenda.tz.reset": "已清除您自己的时区：时间重新按 <b>{zone}</b>（<code>{identifier}</code>）显示。",
            "agenda.tz.unknown": "我不认识时区 <code>{name}</code>。",
            "agenda.tz.unknown-why":
                "我不认识时区 <code>{name}</code>：{problem}。试试 Asia/Ulaanbaatar、Africa/Kampala 或 Asia/Almaty。",
            "agenda.tz.set": "从现在起，我按 <b>{zone}</b>（<code>{identifier}</code>）显示您的时间。那里现在是 {time}。",

            "agenda.announce": "{countdown}开始：<b>{title}</b>，{zone}时间 {time}。",

            "agenda.changes.header": "<b>日程变更：</b>",
            "agenda.changes.moved": "已调整：{title}，{old} → {new}（{zone}时间）",
            "agenda.changes.added": "已新增：{title}，{when}（{zone}时间）",
            "agenda.changes.cancelled": "已取消：{title}，原定 {when}（{zone}时间）",
            "agenda.changes.all-day": "{day}，全天",

            "agenda.source.file-named": "日程来自 agenda.yaml 和 <code>{file}</code>，在启动和重新加载时读取；没有日历订阅。",
            "agenda.source.file": "日程来自 agenda.yaml，在启动和重新加载时读取；没有日历订阅。",
            "agenda.source.feed": "<b>日程订阅</b>：<code>{feed}</code>，每 {interval} 刷新一次（{zone}时间）",
            "agenda.source.last-success": "上次成功获取：{when}",
            "agenda.source.last-change": "上次变更：{when}",
            "agenda.source.last-error": "上次错误：{when}：{error}",
            "agenda.source.no-error": "上次错误：无",
            "agenda.source.failing": "自 {when} 起无法读取：日程保持上次读取的内容。",
            "agenda.source.next": "下次刷新：{when}",
            "agenda.source.from-feed": "来自订阅的环节：{count}",
            "agenda.source.never": "从未",

            "agenda.feed.failed": "无法读取日程订阅 {feed}：{reason}。",
            "agenda.feed.kept": "日程保持 {day} {time}（{zone}时间）读取时的内容；订阅恢复后我会通知。/agenda source 显示其状态。",
            "agenda.feed.yaml-only": "在订阅能够读取之前，日程只有 agenda.yaml 中的环节；订阅恢复后我会通知。/agenda source 显示其状态。",
            "agenda.feed.recovered": "日程订阅 {feed} 已恢复（自 {day} {time} 起失败，{zone}时间）。",
            "agenda.feed.reason.no-fetcher": "此版本的机器人无法获取订阅",
            "agenda.feed.reason.not-modified": "服务器对普通请求回答了 304 Not Modified",
            "agenda.feed.reason.unreadable": "无法将该订阅读作日程",
        ])
}

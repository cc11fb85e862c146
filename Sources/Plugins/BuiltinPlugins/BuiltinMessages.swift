import BotCore

/// The texts of the built-in plugins (help, ping, whoami, upcoming, lang), in the shipped languages. English
/// names every key; `commands.<name>.summary` and `.help` and `plugins.<name>.summary` are what `/help` shows
/// for a command or plugin in the reader's language (English's equal the commands' own `summary` and `help`).
public enum BuiltinMessages {
    public static let tables: [MessageTable] = [english, french, russian, chinese]

    static let english = MessageTable(
        .english,
        [
            "plugins.help.summary": "Lists commands and explains each one",
            "commands.help.summary": "Show the commands you can use, or how to use one",
            "commands.help.usage": "help [command]",
            "commands.help.help":
                "Without an argument, lists the commands you may use here. With a command name, shows its usage.",
            "help.overview": "Commands you can use here ({role}):",
            "help.section": "<b>{plugin}</b> — {summary}",
            "help.entry": "  <code>{usage}</code> — {summary}",
            "help.details": "Type <code>/help <command></code> for details.",
            "help.no-such-command": "There is no command <code>{command}</code> here. Type /help for the list.",
            "help.usage": "<code>{usage}</code> — {summary}",
            "help.options": "Options:",
            "help.option": "  <code>{option}</code>{help}",
            "help.value": "value",
            "help.aliases": "Also: {aliases}",
            "help.only-for": "Only {audience} can use this.",
            "help.plugin": "Plugin: {plugin}",

            "plugins.ping.summary": "Checks that the bot is alive",
            "commands.ping.summary": "Check that the bot answers",
            "ping.pong": "pong",

            "plugins.whoami.summary": "Shows your identity and role, for the roster",
            "commands.whoami.summary": "Show your identity, role and team",
            "commands.whoami.help":
                "Facilitators put these identities into roster.yaml to give people roles and teams.",
            "whoami.you": "You are <b>{name}</b>, identity <code>{identity}</code>.",
            "whoami.role-facilitator": "Role: <b>workshop facilitator</b> ({source}), in every chat of the workshop.",
            "whoami.role-chat-facilitator":
                "Role: <b>facilitator of this chat</b> ({source}). Changes beyond this chat (deadlines, resources, scheduled posts) are for the workshop's facilitators.",
            "whoami.role-participant": "Role: <b>participant</b>.",
            "whoami.outside":
                "This chat is not one of the workshop's chats, so a chat administrator or room moderator is a participant here.",
            "whoami.team": "Team: <b>{team}</b> (<code>{id}</code>)",
            "whoami.no-team": "Team: none (roster.yaml puts people or chats in teams).",
            "whoami.chat": "This chat: <code>{chat}</code>",

            "plugins.upcoming.summary": "What the bot will post in the next hours, for facilitators",
            "commands.upcoming.summary": "What the bot will post in the next hours, and where",
            "commands.upcoming.usage": "upcoming [24h] | upcoming mute <number> | upcoming unmute <number>",
            "commands.upcoming.help":
                "Lists every scheduled post due within the window (default 24h, at most 14d), soonest first, numbered 1, 2, 3… /upcoming mute <number> skips that post of your last listing for good; /upcoming unmute <number> puts it back while its time is still to come.",
            "upcoming.give-number": "give the number /upcoming shows, such as /upcoming {verb} 2",
            "upcoming.list-first": "List the posts first with /upcoming; then {verb} one by its number.",
            "upcoming.no-such-number": [
                .one: "Your last /upcoming listed {count} post; there is no number {number}.",
                .other: "Your last /upcoming listed {count} posts; there is no number {number}.",
            ],
            "upcoming.gone": "Post {number} is no longer scheduled (already posted or muted?). /upcoming lists them.",
            "upcoming.muted":
                "Muted {number}: {description}. It will not be posted (/upcoming unmute {number} puts it back).",
            "upcoming.not-muted": "Post {number} is not muted, or its time has passed.",
            "upcoming.unmuted": "Unmuted {number}: {description}. It will be posted {time} ({zone}).",
            "upcoming.bad-window": "the window is a duration such as 24h, 90m or 3d",
            "upcoming.nothing": "Nothing is scheduled to be posted within {span}.",
            "upcoming.header":
                "<b>Scheduled within {span}</b> (times in {zone}; /upcoming mute <number> skips one):",
            "upcoming.due": " (due, about to fire)",
            "upcoming.no-chat": " (no chat: will not be posted)",

            "plugins.lang.summary": "Chooses the language the bot answers you in",
            "commands.lang.summary": "Choose your language, or list the languages",
            "commands.lang.usage": "lang [<language> | reset]",
            "commands.lang.help":
                "Without an argument, lists the languages and the one you read. /lang <language> chooses one for you, in every chat; /lang reset goes back to your app's language, else your team's.",
            "lang.list": "Languages I answer in:",
            "lang.entry": "  <code>{code}</code> — {name}",
            "lang.entry-yours": "  <code>{code}</code> — {name} (yours)",
            "lang.why-chosen": "You chose it with /lang; /lang reset forgets that.",
            "lang.why-app": "It is the language your app is set to. /lang <language> chooses another.",
            "lang.why-team": "It is your team's language. /lang <language> chooses another.",
            "lang.why-workshop": "It is the workshop's language. /lang <language> chooses another.",
            "lang.set":
                "From now on I answer you in {name} (<code>{code}</code>). /lang reset goes back to the default.",
            "lang.reset": "Your choice is forgotten: I answer you in {name} (<code>{code}</code>).",
            "lang.unknown":
                "I have no messages in <code>{code}</code>. Available: {codes}. Facilitators add a language in plugins-config/locales/.",
        ])

    static let french = MessageTable(
        .french,
        [
            "plugins.help.summary": "Liste les commandes et explique chacune",
            "commands.help.summary": "Afficher les commandes que vous pouvez utiliser, ou comment en utiliser une",
            "commands.help.usage": "help [commande]",
            "commands.help.help":
                "Sans argument, liste les commandes que vous pouvez utiliser ici. Avec un nom de commande, montre son utilisation.",
            "help.overview": "Commandes que vous pouvez utiliser ici ({role}) :",
            "help.section": "<b>{plugin}</b> — {summary}",
            "help.entry": "  <code>{usage}</code> — {summary}",
            "help.details": "Tapez <code>/help <commande></code> pour les détails.",
            "help.no-such-command": "Il n’y a pas de commande <code>{command}</code> ici. Tapez /help pour la liste.",
            "help.usage": "<code>{usage}</code> — {summary}",
            "help.options": "Options :",
            "help.option": "  <code>{option}</code>{help}",
            "help.value": "valeur",
            "help.aliases": "Aussi : {aliases}",
            "help.only-for": "Seuls {audience} peuvent utiliser ceci.",
            "help.plugin": "Module : {plugin}",

            "plugins.ping.summary": "Vérifie que le bot est en vie",
            "commands.ping.summary": "Vérifier que le bot répond",
            "ping.pong": "pong",

            "plugins.whoami.summary": "Montre votre identité et votre rôle, pour la liste des participants",
            "commands.whoami.summary": "Afficher votre identité, votre rôle et votre équipe",
            "commands.whoami.help":
                "Les animateurs mettent ces identités dans roster.yaml pour donner rôles et équipes.",
            "whoami.you": "Vous êtes <b>{name}</b>, identité <code>{identity}</code>.",
            "whoami.role-facilitator":
                "Rôle : <b>animateur de l’atelier</b> ({source}), dans tous les groupes de l’atelier.",
            "whoami.role-chat-facilitator":
                "Rôle : <b>animateur de ce groupe</b> ({source}). Ce qui dépasse ce groupe (échéances, ressources, envois programmés) revient aux animateurs de l’atelier.",
            "whoami.role-participant": "Rôle : <b>participant</b>.",
            "whoami.outside":
                "Ce groupe n’est pas l’un des groupes de l’atelier : un administrateur ou modérateur y est donc participant.",
            "whoami.team": "Équipe : <b>{team}</b> (<code>{id}</code>)",
            "whoami.no-team": "Équipe : aucune (roster.yaml place les personnes ou les groupes dans des équipes).",
            "whoami.chat": "Ce groupe : <code>{chat}</code>",

            "plugins.upcoming.summary": "Ce que le bot publiera dans les prochaines heures, pour les animateurs",
            "commands.upcoming.summary": "Ce que le bot publiera dans les prochaines heures, et où",
            "commands.upcoming.usage": "upcoming [24h] | upcoming mute <numéro> | upcoming unmute <numéro>",
            "commands.upcoming.help":
                "Liste chaque envoi programmé dans la fenêtre (24h par défaut, 14d au plus), du plus proche au plus lointain, numérotés 1, 2, 3… /upcoming mute <numéro> annule définitivement cet envoi de votre dernière liste ; /upcoming unmute <numéro> le rétablit tant que son heure n’est pas passée.",
            "upcoming.give-number": "donnez le numéro affiché par /upcoming, par exemple /upcoming {verb} 2",
            "upcoming.list-first": "Listez d’abord les envois avec /upcoming ; puis {verb} un envoi par son numéro.",
            "upcoming.no-such-number": [
                .one: "Votre dernier /upcoming a listé {count} envoi ; il n’y a pas de numéro {number}.",
                .other: "Votre dernier /upcoming a listé {count} envois ; il n’y a pas de numéro {number}.",
            ],
            "upcoming.gone":
                "L’envoi {number} n’est plus programmé (déjà publié ou annulé ?). /upcoming les liste.",
            "upcoming.muted":
                "Annulé {number} : {description}. Il ne sera pas publié (/upcoming unmute {number} le rétablit).",
            "upcoming.not-muted": "L’envoi {number} n’est pas annulé, ou son heure est passée.",
            "upcoming.unmuted": "Rétabli {number} : {description}. Il sera publié {time} ({zone}).",
            "upcoming.bad-window": "la fenêtre est une durée comme 24h, 90m ou 3d",
            "upcoming.nothing": "Rien n’est programmé d’ici {span}.",
            "upcoming.header":
                "<b>Programmé d’ici {span}</b> (heures en {zone} ; /upcoming mute <numéro> en annule un) :",
            "upcoming.due": " (échu, sur le point de partir)",
            "upcoming.no-chat": " (aucun groupe : ne sera pas publié)",

            "plugins.lang.summary": "Choisit la langue dans laquelle le bot vous répond",
            "commands.lang.summary": "Choisir votre langue, ou lister les langues",
            "commands.lang.usage": "lang [<langue> | reset]",
            "commands.lang.help":
                "Sans argument, liste les langues et celle que vous lisez. /lang <langue> en choisit une pour vous, dans tous les groupes ; /lang reset revient à la langue de votre application, sinon à celle de votre équipe.",
            "lang.list": "Langues dans lesquelles je réponds :",
            "lang.entry": "  <code>{code}</code> — {name}",
            "lang.entry-yours": "  <code>{code}</code> — {name} (la vôtre)",
            "lang.why-chosen": "Vous l’avez choisie avec /lang ; /lang reset oublie ce choix.",
            "lang.why-app": "C’est la langue de votre application. /lang <langue> en choisit une autre.",
            "lang.why-team": "C’est la langue de votre équipe. /lang <langue> en choisit une autre.",
            "lang.why-workshop": "C’est la langue de l’atelier. /lang <langue> en choisit une autre.",
            "lang.set":
                "Désormais je vous réponds en {name} (<code>{code}</code>). /lang reset revient à la langue par défaut.",
            "lang.reset": "Votre choix est oublié : je vous réponds en {name} (<code>{code}</code>).",
            "lang.unknown":
                "Je n’ai pas de messages en <code>{code}</code>. Disponibles : {codes}. Les animateurs ajoutent une langue dans plugins-config/locales/.",
        ])

    static let russian = MessageTable(
        .russian,
        [
            "plugins.help.summary": "Показывает команды и объясняет каждую",
            "commands.help.summary": "Показать доступные вам команды или как пользоваться одной из них",
            "commands.help.usage": "help [команда]",
            "commands.help.help":
                "Без аргумента показывает команды, доступные вам здесь. С именем команды показывает, как ею пользоваться.",
            "help.overview": "Команды, доступные вам здесь ({role}):",
            "help.section": "<b>{plugin}</b> — {summary}",
            "help.entry": "  <code>{usage}</code> — {summary}",
            "help.details": "Подробнее: <code>/help <команда></code>.",
            "help.no-such-command": "Здесь нет команды <code>{command}</code>. Список команд: /help.",
            "help.usage": "<code>{usage}</code> — {summary}",
            "help.options": "Параметры:",
            "help.option": "  <code>{option}</code>{help}",
            "help.value": "значение",
            "help.aliases": "Также: {aliases}",
            "help.only-for": "Этим могут пользоваться только {audience}.",
            "help.plugin": "Модуль: {plugin}",

            "plugins.ping.summary": "Проверяет, что бот работает",
            "commands.ping.summary": "Проверить, что бот отвечает",
            "ping.pong": "понг",

            "plugins.whoami.summary": "Показывает вашу учётную запись и роль, для списка участников",
            "commands.whoami.summary": "Показать вашу учётную запись, роль и команду",
            "commands.whoami.help":
                "Ведущие вносят эти идентификаторы в roster.yaml, чтобы назначить роли и команды.",
            "whoami.you": "Вы — <b>{name}</b>, идентификатор <code>{identity}</code>.",
            "whoami.role-facilitator": "Роль: <b>ведущий семинара</b> ({source}), во всех чатах семинара.",
            "whoami.role-chat-facilitator":
                "Роль: <b>ведущий этого чата</b> ({source}). Всё, что выходит за пределы этого чата (сроки, материалы, запланированные публикации), — дело ведущих семинара.",
            "whoami.role-participant": "Роль: <b>участник</b>.",
            "whoami.outside":
                "Этот чат не относится к семинару, поэтому администратор или модератор здесь — участник.",
            "whoami.team": "Команда: <b>{team}</b> (<code>{id}</code>)",
            "whoami.no-team": "Команда: нет (команды людям и чатам назначает roster.yaml).",
            "whoami.chat": "Этот чат: <code>{chat}</code>",

            "plugins.upcoming.summary": "Что бот опубликует в ближайшие часы, для ведущих",
            "commands.upcoming.summary": "Что бот опубликует в ближайшие часы и где",
            "commands.upcoming.usage": "upcoming [24h] | upcoming mute <номер> | upcoming unmute <номер>",
            "commands.upcoming.help":
                "Показывает все запланированные публикации в пределах окна (по умолчанию 24h, не больше 14d), сначала ближайшие, с номерами 1, 2, 3… /upcoming mute <номер> отменяет эту публикацию из вашего последнего списка навсегда; /upcoming unmute <номер> возвращает её, пока её время не прошло.",
            "upcoming.give-number": "укажите номер из списка /upcoming, например /upcoming {verb} 2",
            "upcoming.list-first": "Сначала покажите публикации командой /upcoming; потом {verb} по номеру.",
            "upcoming.no-such-number": [
                .one: "Ваш последний /upcoming показал {count} публикацию; номера {number} нет.",
                .few: "Ваш последний /upcoming показал {count} публикации; номера {number} нет.",
                .many: "Ваш последний /upcoming показал {count} публикаций; номера {number} нет.",
                .other: "Ваш последний /upcoming показал {count} публикации; номера {number} нет.",
            ],
            "upcoming.gone":
                "Публикация {number} больше не запланирована (уже опубликована или отменена?). Список: /upcoming.",
            "upcoming.muted":
                "Отменено {number}: {description}. Это не будет опубликовано (/upcoming unmute {number} вернёт).",
            "upcoming.not-muted": "Публикация {number} не отменена, или её время прошло.",
            "upcoming.unmuted": "Возвращено {number}: {description}. Будет опубликовано {time} ({zone}).",
            "upcoming.bad-window": "окно — это длительность, например 24h, 90m или 3d",
            "upcoming.nothing": "На {span} вперёд ничего не запланировано.",
            "upcoming.header":
                "<b>Запланировано на {span} вперёд</b> (время: {zone}; /upcoming mute <номер> отменяет одну):",
            "upcoming.due": " (срок настал, вот-вот уйдёт)",
            "upcoming.no-chat": " (нет чата: не будет опубликовано)",

            "plugins.lang.summary": "Выбирает язык, на котором бот вам отвечает",
            "commands.lang.summary": "Выбрать язык или показать доступные языки",
            "commands.lang.usage": "lang [<язык> | reset]",
            "commands.lang.help":
                "Без аргумента показывает языки и ваш язык. /lang <язык> выбирает язык для вас во всех чатах; /lang reset возвращает язык вашего приложения, а если его нет — язык команды.",
            "lang.list": "Языки, на которых я отвечаю:",
            "lang.entry": "  <code>{code}</code> — {name}",
            "lang.entry-yours": "  <code>{code}</code> — {name} (ваш)",
            "lang.why-chosen": "Вы выбрали его через /lang; /lang reset отменяет выбор.",
            "lang.why-app": "Это язык вашего приложения. /lang <язык> выбирает другой.",
            "lang.why-team": "Это язык вашей команды. /lang <язык> выбирает другой.",
            "lang.why-workshop": "Это язык семинара. /lang <язык> выбирает другой.",
            "lang.set":
                "Теперь я отвечаю вам на языке: {name} (<code>{code}</code>). /lang reset вернёт язык по умолчанию.",
            "lang.reset": "Ваш выбор забыт: я отвечаю вам на языке: {name} (<code>{code}</code>).",
            "lang.unknown":
                "У меня нет сообщений на языке <code>{code}</code>. Доступны: {codes}. Ведущие добавляют язык в plugins-config/locales/.",
        ])

    static let chinese = MessageTable(
        .chinese,
        [
            "plugins.help.summary": "列出命令并逐一说明",
            "commands.help.summary": "显示您可以使用的命令，或某个命令的用法",
            "commands.help.usage": "help [命令]",
            "commands.help.help": "不带参数时，列出您在这里可以使用的命令。带命令名时，显示它的用法。",
            "help.overview": "您在这里可以使用的命令（{role}）：",
            "help.section": "<b>{plugin}</b> — {summary}",
            "help.entry": "  <code>{usage}</code> — {summary}",
            "help.details": "输入 <code>/help <命令></code> 查看详情。",
            "help.no-such-command": "这里没有命令 <code>{command}</code>。输入 /help 查看列表。",
            "help.usage": "<code>{usage}</code> — {summary}",
            "help.options": "选项：",
            "help.option": "  <code>{option}</code>{help}",
            "help.value": "值",
            "help.aliases": "别名：{aliases}",
            "help.only-for": "只有{audience}可以使用。",
            "help.plugin": "插件：{plugin}",

            "plugins.ping.summary": "检查机器人是否在线",
            "commands.ping.summary": "检查机器人是否回应",
            "ping.pong": "乓",

            "plugins.whoami.summary": "显示您的身份和角色，供名单使用",
            "commands.whoami.summary": "显示您的身份、角色和团队",
            "commands.whoami.help": "组织者把这些身份写进 roster.yaml，为大家分配角色和团队。",
            "whoami.you": "您是 <b>{name}</b>，身份 <code>{identity}</code>。",
            "whoami.role-facilitator": "角色：<b>研讨会组织者</b>（{source}），在研讨会的所有群组中。",
            "whoami.role-chat-facilitator":
                "角色：<b>本群组织者</b>（{source}）。超出本群的更改（截止日期、资源、定时发布）由研讨会组织者负责。",
            "whoami.role-participant": "角色：<b>参与者</b>。",
            "whoami.outside": "这个群组不是研讨会的群组，所以群管理员或房间版主在这里是参与者。",
            "whoami.team": "团队：<b>{team}</b>（<code>{id}</code>）",
            "whoami.no-team": "团队：无（roster.yaml 为人员或群组分配团队）。",
            "whoami.chat": "本群组：<code>{chat}</code>",

            "plugins.upcoming.summary": "机器人接下来几小时要发布的内容，供组织者查看",
            "commands.upcoming.summary": "机器人接下来几小时要发布什么、发到哪里",
            "commands.upcoming.usage": "upcoming [24h] | upcoming mute <编号> | upcoming unmute <编号>",
            "commands.upcoming.help":
                "列出时间窗口内（默认 24h，最多 14d）的每条定时发布，由近及远，编号 1、2、3… /upcoming mute <编号> 永久取消您上次列表中的该条发布；/upcoming unmute <编号> 在其时间未到时恢复它。",
            "upcoming.give-number": "请给出 /upcoming 显示的编号，例如 /upcoming {verb} 2",
            "upcoming.list-first": "请先用 /upcoming 列出发布；然后按编号 {verb}。",
            "upcoming.no-such-number": [.other: "您上次的 /upcoming 列出了 {count} 条发布；没有编号 {number}。"],
            "upcoming.gone": "发布 {number} 已不在计划中（已发布或已取消？）。/upcoming 可列出它们。",
            "upcoming.muted": "已取消 {number}：{description}。它不会被发布（/upcoming unmute {number} 可恢复）。",
            "upcoming.not-muted": "发布 {number} 没有被取消，或者它的时间已过。",
            "upcoming.unmuted": "已恢复 {number}：{description}。它将在 {time}（{zone}）发布。",
            "upcoming.bad-window": "时间窗口是一个时长，例如 24h、90m 或 3d",
            "upcoming.nothing": "{span}内没有计划发布的内容。",
            "upcoming.header": "<b>{span}内的计划</b>（时间为 {zone}；/upcoming mute <编号> 可取消一条）：",
            "upcoming.due": "（已到期，即将发出）",
            "upcoming.no-chat": "（没有群组：不会发布）",

            "plugins.lang.summary": "选择机器人回复您时使用的语言",
            "commands.lang.summary": "选择您的语言，或列出可用语言",
            "commands.lang.usage": "lang [<语言> | reset]",
            "commands.lang.help":
                "不带参数时，列出可用语言和您当前的语言。/lang <语言> 为您选择一种语言，在所有群组生效；/lang reset 恢复为您应用的语言，否则为您团队的语言。",
            "lang.list": "我可以使用的语言：",
            "lang.entry": "  <code>{code}</code> — {name}",
            "lang.entry-yours": "  <code>{code}</code> — {name}（您的）",
            "lang.why-chosen": "这是您用 /lang 选择的；/lang reset 可取消。",
            "lang.why-app": "这是您应用设置的语言。/lang <语言> 可选择其他语言。",
            "lang.why-team": "这是您团队的语言。/lang <语言> 可选择其他语言。",
            "lang.why-workshop": "这是研讨会的语言。/lang <语言> 可选择其他语言。",
            "lang.set": "从现在起我用{name}（<code>{code}</code>）回复您。/lang reset 可恢复默认。",
            "lang.reset": "已忘记您的选择：我用{name}（<code>{code}</code>）回复您。",
            "lang.unknown": "我没有 <code>{code}</code> 的消息。可用：{codes}。组织者可在 plugins-config/locales/ 中添加语言。",
        ])
}

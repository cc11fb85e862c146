import BotCore

/// The runtime's own texts (refusals, usage errors, failures, reports to the facilitators' chats), in the
/// shipped languages. English names every key; `RuntimeMessagesTests` checks the others against it.
public enum RuntimeMessages {
    public static let tables: [MessageTable] = [english, french, russian, chinese]

    /// The shipped catalogues of the runtime and of `plugins`, with the facilitators' `overrides` (kept by
    /// `Localization.built`, so a reload with the same texts and every bot of a test run reuse them).
    public static func localization(
        plugins: [LoadedPlugin], overrides: [MessageTable] = [], workshop: Language = .english
    ) -> Localization {
        Localization.built(shipped: tables + plugins.flatMap(\.messages), overrides: overrides, workshop: workshop)
    }

    /// The runtime's English texts alone, for callers with no configuration at hand.
    public static let englishTexts = Localization(shipped: [english]).texts(.english)

    static let english = MessageTable(
        .english,
        [
            "runtime.too-long": "That message is too long for a command: at most {limit} characters. Nothing was done.",
            "runtime.set-aside":
                "Sorry, <code>{command}</code> could not be processed: handling it stopped the bot, so it was set aside (ref {ref}). The facilitators can find it in the log.",
            "runtime.failed": "Something went wrong (ref {ref}). The facilitators can find it in the log.",
            "runtime.timed-out": "That took too long and was stopped (ref {ref}). Please try again later.",
            "runtime.done": "Done.",
            "runtime.did-not-work": "That did not work: {detail}.",
            "runtime.did-not-work-plain": "That did not work.",
            "runtime.usage": "Usage: <code>{usage}</code>",
            "runtime.unknown-command-suggestion":
                "I don't know <code>{command}</code>. Did you mean <code>{suggestion}</code>? Type /help for all commands.",
            "runtime.unknown-command": "I don't know <code>{command}</code>. Type /help to see what I can do.",
            "runtime.denied-chat-facilitator":
                "Sorry, {command} is for the workshop's facilitators (roster.yaml); you are a facilitator of this chat only ({source}). Nothing was changed.",
            "runtime.denied": "Sorry, {command} is for facilitators only; you are a {role}. Nothing was changed.",
            "runtime.file-too-large":
                "The file <code>{file}</code> was not sent: it is {size}, and a reply can carry at most {limit}.",
            "runtime.set-aside-report":
                "A {kind} (<code>{command}</code>){from}{place} stopped the bot {limit} times and was set aside, not run again (ref {ref}); <code>workshop-bot status</code> lists it.",
            "runtime.set-aside-from": " from {user}",
            "runtime.dashboard.title": "Problems",
            "runtime.dashboard.summary": "Set aside, missed or failed: {count}.",
            "runtime.dashboard.set-aside": "Set aside after stopping the bot",
            "runtime.dashboard.missed": "Scheduled posts missed while the bot was down",
            "runtime.dashboard.failed": "Scheduled posts that failed",
            "runtime.dashboard.nothing": "None.",
            "runtime.dashboard.when": "When",
            "runtime.dashboard.due": "Due",
            "runtime.dashboard.what": "What",
            "runtime.dashboard.where": "Where",
            "runtime.dashboard.ref": "Log ref",
            "runtime.dashboard.note": "Note",
            "runtime.set-aside-in": " in {chat}",
            "runtime.kind.message": "message",
            "runtime.kind.job": "job",
            "runtime.kind.reply": "reply",
            "runtime.missed": [
                .one:
                    "<b>{count} scheduled post was missed</b> while the bot was down (more than the grace period late), and not sent:",
                .other:
                    "<b>{count} scheduled posts were missed</b> while the bot was down (more than the grace period late), and not sent:",
            ],
            "runtime.missed-post": "#{id} due {due}{place}: {description}",
            "runtime.missed-more": "… and {count} more (see the log).",
        ])

    static let french = MessageTable(
        .french,
        [
            "runtime.too-long":
                "Ce message est trop long pour une commande : {limit} caractères au plus. Rien n’a été fait.",
            "runtime.set-aside":
                "Désolé, <code>{command}</code> n’a pas pu être traité : son traitement a arrêté le bot, il a donc été mis de côté (réf. {ref}). Les animateurs le trouveront dans le journal.",
            "runtime.failed": "Un problème est survenu (réf. {ref}). Les animateurs le trouveront dans le journal.",
            "runtime.timed-out": "Cela a pris trop de temps et a été interrompu (réf. {ref}). Réessayez plus tard.",
            "runtime.done": "Terminé.",
            "runtime.did-not-work": "Cela n’a pas marché : {detail}.",
            "runtime.did-not-work-plain": "Cela n’a pas marché.",
            "runtime.usage": "Utilisation : <code>{usage}</code>",
            "runtime.unknown-command-suggestion":
                "Je ne connais pas <code>{command}</code>. Vouliez-vous dire <code>{suggestion}</code> ? Tapez /help pour toutes les commandes.",
            "runtime.unknown-command":
                "Je ne connais pas <code>{command}</code>. Tapez /help pour voir ce que je sais faire.",
            "runtime.denied-chat-facilitator":
                "Désolé, {command} est réservé aux animateurs de l’atelier (roster.yaml) ; vous n’êtes animateur que de ce groupe ({source}). Rien n’a été modifié.",
            "runtime.denied":
                "Désolé, {command} est réservé aux animateurs ; vous êtes {role}. Rien n’a été modifié.",
            "runtime.file-too-large":
                "Le fichier <code>{file}</code> n’a pas été envoyé : il fait {size}, et une réponse peut porter au plus {limit}.",
            "runtime.set-aside-report":
                "Un traitement ({kind}, <code>{command}</code>){from}{place} a arrêté le bot {limit} fois et a été mis de côté, sans être relancé (réf. {ref}) ; <code>workshop-bot status</code> le liste.",
            "runtime.set-aside-from": " de {user}",
            "runtime.dashboard.title": "Problèmes",
            "runtime.dashboard.summary": "Mis de côté, manqués ou en échec : {count}.",
            "runtime.dashboard.set-aside": "Mis de côté après avoir arrêté le bot",
            "runtime.dashboard.missed": "Publications manquées pendant que le bot était arrêté",
            "runtime.dashboard.failed": "Publications en échec",
            "runtime.dashboard.nothing": "Aucun.",
            "runtime.dashboard.when": "Quand",
            "runtime.dashboard.due": "Prévu",
            "runtime.dashboard.what": "Quoi",
            "runtime.dashboard.where": "Où",
            "runtime.dashboard.ref": "Réf. du journal",
            "runtime.dashboard.note": "Note",
            "runtime.set-aside-in": " dans {chat}",
            "runtime.kind.message": "message",
            "runtime.kind.job": "envoi programmé",
            "runtime.kind.reply": "réponse",
            "runtime.missed": [
                .one:
                    "<b>{count} envoi programmé a été manqué</b> pendant que le bot était arrêté (au-delà du délai de grâce), et n’a pas été fait :",
                .other:
                    "<b>{count} envois programmés ont été manqués</b> pendant que le bot était arrêté (au-delà du délai de grâce), et n’ont pas été faits :",
            ],
            "runtime.missed-post": "n° {id}, prévu {due}{place} : {description}",
            "runtime.missed-more": "… et {count} de plus (voir le journal).",
        ])

    static let russian = MessageTable(
        .russian,
        [
            "runtime.too-long":
                "Это сообщение слишком длинное для команды: не больше {limit} символов. Ничего не сделано.",
            "runtime.set-aside":
                "Извините, <code>{command}</code> не удалось обработать: обработка остановила бота, поэтому команда отложена (код {ref}). Ведущие найдут её в журнале.",
            "runtime.failed": "Что-то пошло не так (код {ref}). Ведущие найдут подробности в журнале.",
            "runtime.timed-out": "Это заняло слишком много времени и было остановлено (код {ref}). Попробуйте позже.",
            "runtime.done": "Готово.",
            "runtime.did-not-work": "Не получилось: {detail}.",
            "runtime.did-not-work-plain": "Не получилось.",
            "runtime.usage": "Как использовать: <code>{usage}</code>",
            "runtime.unknown-command-suggestion":
                "Я не знаю команду <code>{command}</code>. Может быть, <code>{suggestion}</code>? Все команды: /help.",
            "runtime.unknown-command": "Я не знаю команду <code>{command}</code>. Что я умею: /help.",
            "runtime.denied-chat-facilitator":
                "Извините, {command} доступна только ведущим семинара (roster.yaml); вы ведущий только этого чата ({source}). Ничего не изменено.",
            "runtime.denied":
                "Извините, {command} доступна только ведущим; ваша роль: {role}. Ничего не изменено.",
            "runtime.file-too-large":
                "Файл <code>{file}</code> не отправлен: его размер {size}, а к ответу можно приложить не больше {limit}.",
            "runtime.set-aside-report":
                "Обработка ({kind}, <code>{command}</code>){from}{place} остановила бота {limit} раза и отложена, больше не запускается (код {ref}); её показывает <code>workshop-bot status</code>.",
            "runtime.set-aside-from": " от {user}",
            "runtime.dashboard.title": "Проблемы",
            "runtime.dashboard.summary": "Отложено, пропущено или не удалось: {count}.",
            "runtime.dashboard.set-aside": "Отложено после остановки бота",
            "runtime.dashboard.missed": "Публикации, пропущенные, пока бот не работал",
            "runtime.dashboard.failed": "Публикации с ошибкой",
            "runtime.dashboard.nothing": "Нет.",
            "runtime.dashboard.when": "Когда",
            "runtime.dashboard.due": "Срок",
            "runtime.dashboard.what": "Что",
            "runtime.dashboard.where": "Где",
            "runtime.dashboard.ref": "Ссылка в журнале",
            "runtime.dashboard.note": "Примечание",
            "runtime.set-aside-in": " в {chat}",
            "runtime.kind.message": "сообщение",
            "runtime.kind.job": "запланированная задача",
            "runtime.kind.reply": "ответ",
            "runtime.missed": [
                .one:
                    "<b>{count} запланированная публикация пропущена</b>, пока бот не работал (опоздание больше допустимого), и не отправлена:",
                .few:
                    "<b>{count} запланированные публикации пропущены</b>, пока бот не работал (опоздание больше допустимого), и не отправлены:",
                .many:
                    "<b>{count} запланированных публикаций пропущено</b>, пока бот не работал (опоздание больше допустимого), и не отправлено:",
                .other:
                    "<b>{count} запланированной публикации пропущено</b>, пока бот не работал (опоздание больше допустимого), и не отправлено:",
            ],
            "runtime.missed-post": "№{id}, срок {due}{place}: {description}",
            "runtime.missed-more": "… и ещё {count} (см. журнал).",
        ])

    static let chinese = MessageTable(
        .chinese,
        [
            "runtime.too-long": "这条消息作为命令太长了：最多 {limit} 个字符。什么也没有做。",
            "runtime.set-aside":
                "抱歉，<code>{command}</code> 无法处理：处理它时机器人停止了运行，所以它已被搁置（编号 {ref}）。组织者可以在日志中找到它。",
            "runtime.failed": "出了点问题（编号 {ref}）。组织者可以在日志中找到详情。",
            "runtime.timed-out": "处理时间太长，已被停止（编号 {ref}）。请稍后再试。",
            "runtime.done": "完成。",
            "runtime.did-not-work": "没有成功：{detail}。",
            "runtime.did-not-work-plain": "没有成功。",
            "runtime.usage": "用法：<code>{usage}</code>",
            "runtime.unknown-command-suggestion":
                "我不认识 <code>{command}</code>。您是想输入 <code>{suggestion}</code> 吗？输入 /help 查看所有命令。",
            "runtime.unknown-command": "我不认识 <code>{command}</code>。输入 /help 查看我能做什么。",
            "runtime.denied-chat-facilitator":
                "抱歉，{command} 仅供研讨会组织者使用（roster.yaml）；您只是本群的组织者（{source}）。没有做任何更改。",
            "runtime.denied": "抱歉，{command} 仅供组织者使用；您的身份是{role}。没有做任何更改。",
            "runtime.file-too-large": "文件 <code>{file}</code> 没有发送：它有 {size}，而一条回复最多只能带 {limit}。",
            "runtime.set-aside-report":
                "一个{kind}（<code>{command}</code>）{from}{place}已使机器人停止 {limit} 次，已被搁置，不会再运行（编号 {ref}）；<code>workshop-bot status</code> 会列出它。",
            "runtime.set-aside-from": "（来自 {user}）",
            "runtime.dashboard.title": "问题",
            "runtime.dashboard.summary": "已搁置、错过或失败：{count}。",
            "runtime.dashboard.set-aside": "导致机器人停止后被搁置的内容",
            "runtime.dashboard.missed": "机器人停机期间错过的定时发布",
            "runtime.dashboard.failed": "失败的定时发布",
            "runtime.dashboard.nothing": "无。",
            "runtime.dashboard.when": "时间",
            "runtime.dashboard.due": "预定时间",
            "runtime.dashboard.what": "内容",
            "runtime.dashboard.where": "地点",
            "runtime.dashboard.ref": "日志编号",
            "runtime.dashboard.note": "备注",
            "runtime.set-aside-in": "（在 {chat}）",
            "runtime.kind.message": "消息",
            "runtime.kind.job": "定时任务",
            "runtime.kind.reply": "回复",
            "runtime.missed": [
                .other: "<b>有 {count} 条定时发布被错过</b>：机器人停机期间（超过宽限期），未发送："
            ],
            "runtime.missed-post": "#{id} 原定 {due}{place}：{description}",
            "runtime.missed-more": "……还有 {count} 条（见日志）。",
        ])
}

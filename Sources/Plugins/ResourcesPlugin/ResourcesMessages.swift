import BotCore

/// The texts of the resources plugin (finding, showing, changing and checking the workshop's links), in the
/// shipped languages. English names every key; `commands.<name>.summary` and `plugins.resources.summary` are
/// what `/help` shows (English's equal the commands' own).
public enum ResourcesMessages {
    public static let tables: [MessageTable] = [english, french, russian, chinese]

    /// The English messages alone, for texts rendered outside a reply (`ResourceRules.problem(with:)`, which
    /// `check-config` reports).
    static let englishTexts = Localization(shipped: [english]).texts(.english)

    static let english = MessageTable(
        .english,
        [
            "plugins.resources.summary": "The workshop's links, found by topic",
            "resources.link-session": "session {id}",
            "resources.link-deadline": "deadline {id}",
            "commands.resources.usage": "resources [tag, words or session id] | resources check",
            "commands.resource.usage":
                "resource <id> | resource add <url> \"<title>\" [#tag ...] [--desc \"...\"] | resource edit <id> [--title ..] [--url ..] [--desc ..] [--tags a,b] | resource remove <id>",
            "commands.resource.options.desc": "a line saying what the link is for",
            "commands.resource.options.title": "a new title",
            "commands.resource.options.url": "a new address (http or https)",
            "commands.resource.options.tags": "new tags, separated by commas",
            "commands.resources.summary": "Find the workshop's links by topic",
            "commands.resource.summary": "Show one resource; facilitators add, edit and remove them",

            "resources.checking": [.one: "Checking {count} link…", .other: "Checking {count} links…"],
            "resources.no-match": "No resource matches {words}. /resources lists the topics.",
            "resources.more": [
                .one: "…and {count} more; add a word to narrow it down.",
                .other: "…and {count} more; add a word to narrow it down.",
            ],
            "resources.unknown": "There is no resource <code>{id}</code>.",
            "resources.overview": [
                .one: "<b>{count} resource.</b> Topics: {topics}",
                .other: "<b>{count} resources.</b> Topics: {topics}",
            ],
            "resources.overview-hint": "Type /resources <topic or words>, e.g. /resources {example}.",
            "resources.tags": "Tags: {tags}",
            "resources.language": "Language: {language}",
            "resources.sessions": "Sessions: {sessions}",
            "resources.check-unavailable": "Link checking is not available in this build.",
            "resources.none-reached": [
                .one: "<b>None of the {count} links could be reached</b> ({reasons}).",
                .other: "<b>None of the {count} links could be reached</b> ({reasons}).",
            ],
            "resources.none-reached-hint":
                "The bot may have no network or name service; nothing is reported broken. Try again later.",
            "resources.dashboard.title": "Link check",
            "resources.dashboard.summary": "Last check {when}: {broken} of {count} links did not work.",
            "resources.dashboard.never": "No link check yet: /resources check runs one.",
            "resources.dashboard.what": "What",
            "resources.dashboard.link": "Link",
            "resources.dashboard.problem": "Problem",
            "resources.all-work": [.one: "The {count} link works.", .other: "All {count} links work."],
            "resources.broken": [
                .one: "<b>{broken} of {count} link is broken:</b>",
                .other: "<b>{broken} of {count} links are broken:</b>",
            ],
            "resources.add-usage": "give a link and a title",
            "resources.which": "which resource?",
            "resources.same-link": "That link is already there as <code>{id}</code>.",
            "resources.added": "Added <code>{id}</code>: {title}.",
            "resources.updated": "Updated <code>{id}</code>.",
            "resources.removed": "Removed <code>{id}</code>.",

            // Why a link or resource cannot be kept.
            "resources.url-too-long": [
                .one: "the link is longer than {count} character",
                .other: "the link is longer than {count} characters",
            ],
            "resources.url-not-web": "only http and https links are accepted",
            "resources.url-credentials": "links with a user name or password are refused",
            "resources.title-empty": "the title is empty",
            "resources.title-too-long": [
                .one: "the title is longer than {count} character",
                .other: "the title is longer than {count} characters",
            ],
            "resources.too-many-tags": [.one: "more than {count} tag", .other: "more than {count} tags"],
            "resources.tag-too-long": [
                .one: "a tag is longer than {count} character",
                .other: "a tag is longer than {count} characters",
            ],
            "resources.description-too-long": [
                .one: "the description is longer than {count} character",
                .other: "the description is longer than {count} characters",
            ],
        ])

    static let french = MessageTable(
        .french,
        [
            "plugins.resources.summary": "Les liens de l’atelier, trouvés par thème",
            "resources.link-session": "session {id}",
            "resources.link-deadline": "échéance {id}",
            "commands.resources.usage": "resources [étiquette, mots ou id de séance] | resources check",
            "commands.resource.usage":
                "resource <id> | resource add <url> \"<titre>\" [#étiquette ...] [--desc \"...\"] | resource edit <id> [--title ..] [--url ..] [--desc ..] [--tags a,b] | resource remove <id>",
            "commands.resource.options.desc": "une ligne qui dit à quoi sert le lien",
            "commands.resource.options.title": "un nouveau titre",
            "commands.resource.options.url": "une nouvelle adresse (http ou https)",
            "commands.resource.options.tags": "de nouvelles étiquettes, séparées par des virgules",
            "commands.resources.summary": "Trouver les liens de l’atelier par thème",
            "commands.resource.summary":
                "Afficher une ressource ; les animateurs en ajoutent, en modifient et en retirent",

            "resources.checking": [.one: "Vérification de {count} lien…", .other: "Vérification de {count} liens…"],
            "resources.no-match": "Aucune ressource ne correspond à {words}. /resources liste les thèmes.",
            "resources.more": [
                .one: "…et {count} autre ; ajoutez un mot pour affiner.",
                .other: "…et {count} autres ; ajoutez un mot pour affiner.",
            ],
            "resources.unknown": "Il n’y a pas de ressource <code>{id}</code>.",
            "resources.overview": [
                .one: "<b>{count} ressource.</b> Thèmes : {topics}",
                .other: "<b>{count} ressources.</b> Thèmes : {topics}",
            ],
            "resources.overview-hint": "Tapez /resources <thème ou mots>, par exemple /resources {example}.",
            "resources.tags": "Étiquettes : {tags}",
            "resources.language": "Langue : {language}",
            "resources.sessions": "Séances : {sessions}",
            "resources.check-unavailable": "La vérification des liens n’est pas disponible dans cette version.",
            "resources.none-reached": [
                .one: "<b>Aucun des {count} liens n’a pu être atteint</b> ({reasons}).",
                .other: "<b>Aucun des {count} liens n’a pu être atteint</b> ({reasons}).",
            ],
            "resources.none-reached-hint":
                "Le bot n’a peut-être pas de réseau ou de service de noms ; aucun lien n’est signalé comme cassé. Réessayez plus tard.",
            "resources.dashboard.title": "Vérification des liens",
            "resources.dashboard.summary":
                "Dernière vérification {when} : {broken} lien(s) sur {count} ne fonctionnaient pas.",
            "resources.dashboard.never": "Aucune vérification pour l’instant : /resources check en lance une.",
            "resources.dashboard.what": "Quoi",
            "resources.dashboard.link": "Lien",
            "resources.dashboard.problem": "Problème",
            "resources.all-work": [
                .one: "Tous les liens fonctionnent ({count}).", .other: "Tous les liens fonctionnent ({count}).",
            ],
            "resources.broken": [
                .one: "<b>Liens cassés ({broken} sur {count}) :</b>",
                .other: "<b>Liens cassés ({broken} sur {count}) :</b>",
            ],
            "resources.add-usage": "donnez un lien et un titre",
            "resources.which": "quelle ressource ?",
            "resources.same-link": "Ce lien existe déjà sous <code>{id}</code>.",
            "resources.added": "Ajouté <code>{id}</code> : {title}.",
            "resources.updated": "<code>{id}</code> mis à jour.",
            "resources.removed": "<code>{id}</code> retiré.",

            "resources.url-too-long": [
                .one: "le lien dépasse {count} caractère",
                .other: "le lien dépasse {count} caractères",
            ],
            "resources.url-not-web": "seuls les liens http et https sont acceptés",
            "resources.url-credentials": "les liens avec un nom d’utilisateur ou un mot de passe sont refusés",
            "resources.title-empty": "le titre est vide",
            "resources.title-too-long": [
                .one: "le titre dépasse {count} caractère",
                .other: "le titre dépasse {count} caractères",
            ],
            "resources.too-many-tags": [.one: "plus de {count} étiquette", .other: "plus de {count} étiquettes"],
            "resources.tag-too-long": [
                .one: "une étiquette dépasse {count} caractère",
                .other: "une étiquette dépasse {count} caractères",
            ],
            "resources.description-too-long": [
                .one: "la description dépasse {count} caractère",
                .other: "la description dépasse {count} caractères",
            ],
        ])

    static let russian = MessageTable(
        .russian,
        [
            "plugins.resources.summary": "Ссылки семинара, по темам",
            "resources.link-session": "занятие {id}",
            "resources.link-deadline": "срок {id}",
            "commands.resources.usage": "resources [метка, слова или id занятия] | resources check",
            "commands.resource.usage":
                "resource <id> | resource add <url> \"<название>\" [#метка ...] [--desc \"...\"] | resource edit <id> [--title ..] [--url ..] [--desc ..] [--tags a,b] | resource remove <id>",
            "commands.resource.options.desc": "строка о том, для чего эта ссылка",
            "commands.resource.options.title": "новое название",
            "commands.resource.options.url": "новый адрес (http или https)",
            "commands.resource.options.tags": "новые метки через запятую",
            "commands.resources.summary": "Найти ссылки семинара по теме",
            "commands.resource.summary": "Показать один ресурс; ведущие добавляют, меняют и удаляют их",

            "resources.checking": [
                .one: "Проверяю {count} ссылку…", .few: "Проверяю {count} ссылки…", .many: "Проверяю {count} ссылок…",
                .other: "Проверяю {count} ссылки…",
            ],
            "resources.no-match": "Ничего не найдено по запросу {words}. /resources показывает темы.",
            "resources.more": [
                .one: "…и ещё {count}; добавьте слово, чтобы сузить поиск.",
                .few: "…и ещё {count}; добавьте слово, чтобы сузить поиск.",
                .many: "…и ещё {count}; добавьте слово, чтобы сузить поиск.",
                .other: "…и ещё {count}; добавьте слово, чтобы сузить поиск.",
            ],
            "resources.unknown": "Ресурса <code>{id}</code> нет.",
            "resources.overview": [
                .one: "<b>{count} ресурс.</b> Темы: {topics}",
                .few: "<b>{count} ресурса.</b> Темы: {topics}",
                .many: "<b>{count} ресурсов.</b> Темы: {topics}",
                .other: "<b>{count} ресурса.</b> Темы: {topics}",
            ],
            "resources.overview-hint": "Напишите /resources <тема или слова>, например /resources {example}.",
            "resources.tags": "Метки: {tags}",
            "resources.language": "Язык: {language}",
            "resources.sessions": "Занятия: {sessions}",
            "resources.check-unavailable": "Проверка ссылок недоступна в этой сборке.",
            "resources.none-reached": [
                .one: "<b>Ни одна из {count} ссылки не открылась</b> ({reasons}).",
                .few: "<b>Ни одна из {count} ссылок не открылась</b> ({reasons}).",
                .many: "<b>Ни одна из {count} ссылок не открылась</b> ({reasons}).",
                .other: "<b>Ни одна из {count} ссылки не открылась</b> ({reasons}).",
            ],
            "resources.none-reached-hint":
                "Возможно, у бота нет сети или службы имён; ничего не отмечено как нерабочее. Попробуйте позже.",
            "resources.dashboard.title": "Проверка ссылок",
            "resources.dashboard.summary": "Последняя проверка {when}: не работали {broken} из {count} ссылок.",
            "resources.dashboard.never": "Проверок ещё не было: /resources check запускает проверку.",
            "resources.dashboard.what": "Что",
            "resources.dashboard.link": "Ссылка",
            "resources.dashboard.problem": "Проблема",
            "resources.all-work": [
                .one: "Все ссылки работают ({count}).", .few: "Все {count} ссылки работают.",
                .many: "Все {count} ссылок работают.", .other: "Все {count} ссылки работают.",
            ],
            "resources.broken": [
                .one: "<b>Нерабочие ссылки ({broken} из {count}):</b>",
                .few: "<b>Нерабочие ссылки ({broken} из {count}):</b>",
                .many: "<b>Нерабочие ссылки ({broken} из {count}):</b>",
                .other: "<b>Нерабочие ссылки ({broken} из {count}):</b>",
            ],
            "resources.add-usage": "укажите ссылку и название",
            "resources.which": "какой ресурс?",
            "resources.same-link": "Эта ссылка уже есть: <code>{id}</code>.",
            "resources.added": "Добавлено <code>{id}</code>: {title}.",
            "resources.updated": "<code>{id}</code> обновлён.",
            "resources.removed": "<code>{id}</code> удалён.",

            "resources.url-too-long": [
                .one: "ссылка длиннее {count} символа", .few: "ссылка длиннее {count} символов",
                .many: "ссылка длиннее {count} символов", .other: "ссылка длиннее {count} символа",
            ],
            "resources.url-not-web": "принимаются только ссылки http и https",
            "resources.url-credentials": "ссылки с именем пользователя или паролем не принимаются",
            "resources.title-empty": "название пустое",
            "resources.title-too-long": [
                .one: "название длиннее {count} символа", .few: "название длиннее {count} символов",
                .many: "название длиннее {count} символов", .other: "название длиннее {count} символа",
            ],
            "resources.too-many-tags": [
                .one: "больше {count} метки", .few: "больше {count} меток", .many: "больше {count} меток",
                .other: "больше {count} метки",
            ],
            "resources.tag-too-long": [
                .one: "метка длиннее {count} символа", .few: "метка длиннее {count} символов",
                .many: "метка длиннее {count} символов", .other: "метка длиннее {count} символа",
            ],
            "resources.description-too-long": [
                .one: "описание длиннее {count} символа", .few: "описание длиннее {count} символов",
                .many: "описание длиннее {count} символов", .other: "описание длиннее {count} символа",
            ],
        ])

    static let chinese = MessageTable(
        .chinese,
        [
            "plugins.resources.summary": "研讨会的链接，按主题查找",
            "resources.link-session": "日程 {id}",
            "resources.link-deadline": "截止 {id}",
            "commands.resources.usage": "resources [标签、关键词或环节 id] | resources check",
            "commands.resource.usage":
                "resource <id> | resource add <url> \"<标题>\" [#标签 ...] [--desc \"...\"] | resource edit <id> [--title ..] [--url ..] [--desc ..] [--tags a,b] | resource remove <id>",
            "commands.resource.options.desc": "一行说明这个链接的用途",
            "commands.resource.options.title": "新的标题",
            "commands.resource.options.url": "新的地址（http 或 https）",
            "commands.resource.options.tags": "新的标签，用逗号分隔",
            "commands.resources.summary": "按主题查找研讨会的链接",
            "commands.resource.summary": "显示一个资源；组织者可添加、编辑和删除资源",

            "resources.checking": [.other: "正在检查 {count} 个链接…"],
            "resources.no-match": "没有与 {words} 匹配的资源。/resources 会列出各个主题。",
            "resources.more": [.other: "……还有 {count} 个；再加一个词来缩小范围。"],
            "resources.unknown": "没有资源 <code>{id}</code>。",
            "resources.overview": [.other: "<b>共 {count} 个资源。</b>主题：{topics}"],
            "resources.overview-hint": "输入 /resources <主题或关键词>，例如 /resources {example}。",
            "resources.tags": "标签：{tags}",
            "resources.language": "语言：{language}",
            "resources.sessions": "环节：{sessions}",
            "resources.check-unavailable": "此版本不提供链接检查。",
            "resources.none-reached": [.other: "<b>{count} 个链接都无法访问</b>（{reasons}）。"],
            "resources.none-reached-hint": "机器人可能没有网络或域名解析服务；不会报告任何链接失效。请稍后再试。",
            "resources.dashboard.title": "链接检查",
            "resources.dashboard.summary": "上次检查 {when}：{count} 个链接中有 {broken} 个无法使用。",
            "resources.dashboard.never": "还没有检查过链接：/resources check 可以运行一次。",
            "resources.dashboard.what": "内容",
            "resources.dashboard.link": "链接",
            "resources.dashboard.problem": "问题",
            "resources.all-work": [.other: "全部 {count} 个链接都正常。"],
            "resources.broken": [.other: "<b>{count} 个链接中有 {broken} 个失效：</b>"],
            "resources.add-usage": "请给出一个链接和一个标题",
            "resources.which": "哪个资源？",
            "resources.same-link": "这个链接已经存在，id 为 <code>{id}</code>。",
            "resources.added": "已添加 <code>{id}</code>：{title}。",
            "resources.updated": "已更新 <code>{id}</code>。",
            "resources.removed": "已删除 <code>{id}</code>。",

            "resources.url-too-long": [.other: "链接超过 {count} 个字符"],
            "resources.url-not-web": "只接受 http 和 https 链接",
            "resources.url-credentials": "不接受带用户名或密码的链接",
            "resources.title-empty": "标题为空",
            "resources.title-too-long": [.other: "标题超过 {count} 个字符"],
            "resources.too-many-tags": [.other: "标签超过 {count} 个"],
            "resources.tag-too-long": [.other: "有标签超过 {count} 个字符"],
            "resources.description-too-long": [.other: "描述超过 {count} 个字符"],
        ])
}

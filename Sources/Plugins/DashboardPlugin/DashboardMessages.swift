import BotCore

/// The dashboard's texts, in the chat and on its pages, in the languages the other plugins ship: English, French,
/// Russian and Chinese. English names every key; a facilitator can add another language in
/// `plugins-config/locales/`.
enum DashboardMessages {
    static let tables: [MessageTable] = [english, french, russian, chinese]

    static let english = MessageTable(
        .english,
        [
            "plugins.dashboard.summary": "Sends your sign-in link to the workshop's dashboard in the browser",
            "commands.dashboard.summary": "Get a sign-in link to the dashboard in the browser",
            "commands.dashboard.usage": "dashboard [logout] | dashboard end <platform:id>|everyone",
            "commands.dashboard.help":
                "Sends you, in your direct chat with the bot, a link that signs you in to the workshop's dashboard (it works once, within 15 minutes). /dashboard logout signs you out on every device. Facilitators: /dashboard end <platform:id> signs that person out everywhere (someone who left a team), /dashboard end everyone signs everybody out.",
            "dashboard.job.link": "your dashboard sign-in link, in your direct chat",
            "dashboard.off": "The dashboard is off: the bot has no web address (web: in bot.yaml).",
            "dashboard.not-for-you":
                "The dashboard is for the workshop's facilitators and its teams' members; the roster lists you in neither. A facilitator can add you to roster.yaml.",
            "dashboard.write-first":
                "Write to the bot in a direct chat first (say hello there), then type /dashboard again: the sign-in link is only ever sent to you alone.",
            "dashboard.link.intro": "Your sign-in link to the workshop's dashboard (it works once, for 15 minutes):",
            "dashboard.link.keep": "Do not share it: whoever signs in with it first is signed in as you.",
            "dashboard.link.sent": "I sent you a sign-in link in our direct chat.",
            "dashboard.too-many": .plural([
                .one: "You asked for several links in a short time. Use the last one, or ask again in {count} minute.",
                .other:
                    "You asked for several links in a short time. Use the last one, or ask again in {count} minutes.",
            ]),
            "dashboard.logged-out": .plural([
                .one: "Signed out: {count} browser session ended.",
                .other: "Signed out: {count} browser sessions ended.",
            ]),
            "dashboard.ended": .plural([
                .one: "{user} is signed out of the dashboard: {count} browser session ended, unused links cancelled.",
                .other:
                    "{user} is signed out of the dashboard: {count} browser sessions ended, unused links cancelled.",
            ]),
            "dashboard.ended-everyone": .plural([
                .one: "Everyone is signed out of the dashboard: {count} browser session ended, unused links cancelled.",
                .other:
                    "Everyone is signed out of the dashboard: {count} browser sessions ended, unused links cancelled.",
            ]),
            "dashboard.workshop": "Workshop dashboard",
            "dashboard.skip": "Skip to the content",
            "dashboard.navigation": "Pages",
            "dashboard.signin.title": "Sign in",
            "dashboard.signin.intro": "Sign in to the workshop's dashboard as {name}?",
            "dashboard.signin.button": "Sign in",
            "dashboard.signin.note": "The link works once. The session lasts 12 hours on this device.",
            "dashboard.signin.unconfirmed":
                "This sign-in did not come from the link's own page. Open the link from your chat again and press Sign in there (your browser must accept the dashboard's cookies).",
            "dashboard.expired.title": "This link no longer works",
            "dashboard.expired.how":
                "It was used already, or its 15 minutes are over. Type /dashboard in a chat with the bot for a new one.",
            "dashboard.signed-out.title": "You are not signed in",
            "dashboard.signed-out.how":
                "Type /dashboard in a chat with the bot: it sends you a link that signs you in.",
            "dashboard.signed-out.strict":
                "If you signed in on this device in the last 12 hours and came here from another site, continue:",
            "dashboard.signed-out.continue": "Continue to the dashboard",
            "dashboard.forbidden.title": "Not allowed",
            "dashboard.csrf": "This form did not come from the dashboard's own page. Open the page again and retry.",
            "dashboard.not-yours": "This page is not part of your team's view.",
            "dashboard.no-such-page": "There is no such page",
            "dashboard.back": "Back to the overview",
            "dashboard.viewer.facilitator": "{name}, facilitator",
            "dashboard.viewer.team": "{name}, {team}",
            "dashboard.overview.title": "Overview",
            "dashboard.overview.empty": "No plugin shows anything here yet.",
            "dashboard.logout": "Sign out",
            "dashboard.posts.title": "Scheduled posts",
            "dashboard.posts.summary": "Posts due in the next seven days: {count}.",
            "dashboard.posts.intro":
                "What the bot will post in the next seven days. Muting skips a post for good (of a recurring reminder, this time only); a muted post can be put back while its time is still to come.",
            "dashboard.posts.when": "When",
            "dashboard.posts.what": "What",
            "dashboard.posts.where": "Where",
            "dashboard.posts.mute": "Mute",
            "dashboard.posts.unmute": "Unmute",
            "dashboard.posts.muted": "Muted here",
            "dashboard.posts.none": "Nothing is due in the next seven days.",
            "dashboard.posts.nowhere": "nowhere: no chat to post to",
            "dashboard.section-failed": "This part could not be shown; the bot's log says why.",
        ])

    static let french = MessageTable(
        .french,
        [
            "plugins.dashboard.summary":
                "Envoie votre lien de connexion au tableau de bord de l’atelier, dans le navigateur",
            "commands.dashboard.summary": "Recevoir un lien de connexion au tableau de bord dans le navigateur",
            "commands.dashboard.usage": "dashboard [logout] | dashboard end <platform:id>|everyone",
            "commands.dashboard.help":
                "Vous envoie, dans votre conversation privée avec le bot, un lien qui vous connecte au tableau de bord de l’atelier (il ne sert qu’une fois, dans les 15 minutes). /dashboard logout vous déconnecte sur tous vos appareils. Animateurs : /dashboard end <platform:id> déconnecte cette personne partout (quelqu’un qui a quitté une équipe), /dashboard end everyone déconnecte tout le monde.",
            "dashboard.job.link": "votre lien de connexion au tableau de bord, dans votre conversation privée",
            "dashboard.off": "Le tableau de bord est désactivé : le bot n’a pas d’adresse web (web: dans bot.yaml).",
            "dashboard.not-for-you":
                "Le tableau de bord est réservé aux animateurs de l’atelier et aux membres de ses équipes ; la liste ne vous inscrit ni comme animateur ni dans une équipe. Un animateur peut vous ajouter à roster.yaml.",
            "dashboard.write-first":
                "Écrivez d’abord au bot en conversation privée (dites-lui bonjour), puis tapez de nouveau /dashboard : le lien de connexion n’est envoyé qu’à vous, en privé.",
            "dashboard.link.intro":
                "Votre lien de connexion au tableau de bord de l’atelier (il ne sert qu’une fois, pendant 15 minutes) :",
            "dashboard.link.keep":
                "Ne le partagez pas : la première personne qui s’en sert pour se connecter l’est en votre nom.",
            "dashboard.link.sent": "Je vous ai envoyé un lien de connexion dans notre conversation privée.",
            "dashboard.too-many": .plural([
                .one:
                    "Vous avez demandé plusieurs liens en peu de temps. Utilisez le dernier, ou redemandez dans {count} minute.",
                .other:
                    "Vous avez demandé plusieurs liens en peu de temps. Utilisez le dernier, ou redemandez dans {count} minutes.",
            ]),
            "dashboard.logged-out": .plural([
                .one: "Déconnexion effectuée : {count} session de navigateur fermée.",
                .other: "Déconnexion effectuée : {count} sessions de navigateur fermées.",
            ]),
            "dashboard.ended": .plural([
                .one:
                    "{user} est déconnecté du tableau de bord : {count} session de navigateur fermée, liens inutilisés annulés.",
                .other:
                    "{user} est déconnecté du tableau de bord : {count} sessions de navigateur fermées, liens inutilisés annulés.",
            ]),
            "dashboard.ended-everyone": .plural([
                .one:
                    "Tout le monde est déconnecté du tableau de bord : {count} session de navigateur fermée, liens inutilisés annulés.",
                .other:
                    "Tout le monde est déconnecté du tableau de bord : {count} sessions de navigateur fermées, liens inutilisés annulés.",
            ]),
            "dashboard.workshop": "Tableau de bord de l’atelier",
            "dashboard.skip": "Aller au contenu",
            "dashboard.navigation": "Pages",
            "dashboard.signin.title": "Connexion",
            "dashboard.signin.intro": "Vous connecter au tableau de bord de l’atelier en tant que {name} ?",
            "dashboard.signin.button": "Se connecter",
            "dashboard.signin.note": "Le lien ne sert qu’une fois. La session dure 12 heures sur cet appareil.",
            "dashboard.signin.unconfirmed":
                "Cette connexion ne vient pas de la page du lien. Rouvrez le lien depuis votre conversation et appuyez sur Se connecter (votre navigateur doit accepter les cookies du tableau de bord).",
            "dashboard.expired.title": "Ce lien ne fonctionne plus",
            "dashboard.expired.how":
                "Il a déjà servi, ou ses 15 minutes sont écoulées. Tapez /dashboard dans une conversation avec le bot pour en obtenir un nouveau.",
            "dashboard.signed-out.title": "Vous n’êtes pas connecté",
            "dashboard.signed-out.how":
                "Tapez /dashboard dans une conversation avec le bot : il vous envoie un lien qui vous connecte.",
            "dashboard.signed-out.strict":
                "Si vous vous êtes connecté sur cet appareil ces 12 dernières heures et venez d’un autre site, continuez :",
            "dashboard.signed-out.continue": "Continuer vers le tableau de bord",
            "dashboard.forbidden.title": "Non autorisé",
            "dashboard.csrf": "Ce formulaire ne vient pas d’une page du tableau de bord. Rouvrez la page et réessayez.",
            "dashboard.not-yours": "Cette page ne fait pas partie de la vue de votre équipe.",
            "dashboard.no-such-page": "Cette page n’existe pas",
            "dashboard.back": "Retour à la vue d’ensemble",
            "dashboard.viewer.facilitator": "{name}, animateur",
            "dashboard.viewer.team": "{name}, {team}",
            "dashboard.overview.title": "Vue d’ensemble",
            "dashboard.overview.empty": "Aucun module n’affiche encore rien ici.",
            "dashboard.logout": "Se déconnecter",
            "dashboard.posts.title": "Envois programmés",
            "dashboard.posts.summary": "Envois prévus dans les sept prochains jours : {count}.",
            "dashboard.posts.intro":
                "Ce que le bot publiera dans les sept prochains jours. Annuler un envoi le supprime pour de bon (pour un rappel récurrent, cette fois seulement) ; un envoi annulé peut être rétabli tant que son heure n’est pas passée.",
            "dashboard.posts.when": "Quand",
            "dashboard.posts.what": "Quoi",
            "dashboard.posts.where": "Où",
            "dashboard.posts.mute": "Annuler",
            "dashboard.posts.unmute": "Rétablir",
            "dashboard.posts.muted": "Envois annulés",
            "dashboard.posts.none": "Rien n’est prévu dans les sept prochains jours.",
            "dashboard.posts.nowhere": "nulle part : aucun groupe où publier",
            "dashboard.section-failed": "Cette partie n’a pas pu être affichée ; le journal du bot indique pourquoi.",
        ])

    static let russian = MessageTable(
        .russian,
        [
            "plugins.dashboard.summary": "Присылает вам ссылку для входа в панель семинара в браузере",
            "commands.dashboard.summary": "Получить ссылку для входа в панель семинара в браузере",
            "commands.dashboard.usage": "dashboard [logout] | dashboard end <platform:id>|everyone",
            "commands.dashboard.help":
                "Присылает вам в личный чат с ботом ссылку для входа в панель семинара (она работает один раз, в течение 15 минут). /dashboard logout выполняет выход на всех устройствах. Ведущим: /dashboard end <platform:id> завершает все сеансы этого человека (например, ушедшего из команды), /dashboard end everyone — сеансы всех.",
            "dashboard.job.link": "ваша ссылка для входа в панель, в личном чате",
            "dashboard.off": "Панель выключена: у бота нет веб-адреса (web: в bot.yaml).",
            "dashboard.not-for-you":
                "Панель — для ведущих семинара и участников его команд; в списке вы не значитесь ни ведущим, ни участником команды. Ведущий может добавить вас в roster.yaml.",
            "dashboard.write-first":
                "Сначала напишите боту в личный чат (просто поздоровайтесь), затем снова отправьте /dashboard: ссылку для входа я присылаю только вам лично.",
            "dashboard.link.intro": "Ваша ссылка для входа в панель семинара (работает один раз, в течение 15 минут):",
            "dashboard.link.keep": "Никому её не передавайте: кто первым войдёт по ней, тот войдёт под вашим именем.",
            "dashboard.link.sent": "Я отправил вам ссылку для входа в наш личный чат.",
            "dashboard.too-many": .plural([
                .one:
                    "Вы запросили несколько ссылок за короткое время. Откройте последнюю или попросите снова через {count} минуту.",
                .few:
                    "Вы запросили несколько ссылок за короткое время. Откройте последнюю или попросите снова через {count} минуты.",
                .many:
                    "Вы запросили несколько ссылок за короткое время. Откройте последнюю или попросите снова через {count} минут.",
                .other:
                    "Вы запросили несколько ссылок за короткое время. Откройте последнюю или попросите снова через {count} минуты.",
            ]),
            "dashboard.logged-out": .plural([
                .one: "Вы вышли: завершён {count} сеанс в браузере.",
                .few: "Вы вышли: завершены {count} сеанса в браузере.",
                .many: "Вы вышли: завершено {count} сеансов в браузере.",
                .other: "Вы вышли: завершено {count} сеанса в браузере.",
            ]),
            "dashboard.ended": .plural([
                .one: "{user} больше не в панели: завершён {count} сеанс в браузере, неиспользованные ссылки отменены.",
                .few:
                    "{user} больше не в панели: завершены {count} сеанса в браузере, неиспользованные ссылки отменены.",
                .many:
                    "{user} больше не в панели: завершено {count} сеансов в браузере, неиспользованные ссылки отменены.",
                .other:
                    "{user} больше не в панели: завершено {count} сеанса в браузере, неиспользованные ссылки отменены.",
            ]),
            "dashboard.ended-everyone": .plural([
                .one: "Из панели вышли все: завершён {count} сеанс в браузере, неиспользованные ссылки отменены.",
                .few: "Из панели вышли все: завершены {count} сеанса в браузере, неиспользованные ссылки отменены.",
                .many: "Из панели вышли все: завершено {count} сеансов в браузере, неиспользованные ссылки отменены.",
                .other: "Из панели вышли все: завершено {count} сеанса в браузере, неиспользованные ссылки отменены.",
            ]),
            "dashboard.workshop": "Панель семинара",
            "dashboard.skip": "Перейти к содержимому",
            "dashboard.navigation": "Страницы",
            "dashboard.signin.title": "Вход",
            "dashboard.signin.intro": "Войти в панель семинара как {name}?",
            "dashboard.signin.button": "Войти",
            "dashboard.signin.note": "Ссылка работает один раз. Сеанс длится 12 часов на этом устройстве.",
            "dashboard.signin.unconfirmed":
                "Этот вход пришёл не со страницы ссылки. Снова откройте ссылку из чата и нажмите там «Войти» (браузер должен принимать файлы cookie панели).",
            "dashboard.expired.title": "Эта ссылка больше не работает",
            "dashboard.expired.how":
                "Ею уже воспользовались, или её 15 минут истекли. Отправьте /dashboard в чате с ботом, чтобы получить новую.",
            "dashboard.signed-out.title": "Вы не вошли",
            "dashboard.signed-out.how": "Отправьте /dashboard в чате с ботом: он пришлёт вам ссылку для входа.",
            "dashboard.signed-out.strict":
                "Если вы входили на этом устройстве за последние 12 часов и пришли сюда с другого сайта, продолжите:",
            "dashboard.signed-out.continue": "Перейти в панель",
            "dashboard.forbidden.title": "Нет доступа",
            "dashboard.csrf":
                "Эта форма отправлена не со страницы самой панели. Откройте страницу заново и попробуйте ещё раз.",
            "dashboard.not-yours": "Эта страница не входит в то, что видит ваша команда.",
            "dashboard.no-such-page": "Такой страницы нет",
            "dashboard.back": "Назад к обзору",
            "dashboard.viewer.facilitator": "{name}, ведущий",
            "dashboard.viewer.team": "{name}, {team}",
            "dashboard.overview.title": "Обзор",
            "dashboard.overview.empty": "Ни один модуль пока ничего здесь не показывает.",
            "dashboard.logout": "Выйти",
            "dashboard.posts.title": "Запланированные публикации",
            "dashboard.posts.summary": "Публикаций в ближайшие семь дней: {count}.",
            "dashboard.posts.intro":
                "Что бот опубликует в ближайшие семь дней. Отмена убирает публикацию навсегда (у повторяющегося напоминания — только в этот раз); отменённую публикацию можно вернуть, пока её время не прошло.",
            "dashboard.posts.when": "Когда",
            "dashboard.posts.what": "Что",
            "dashboard.posts.where": "Где",
            "dashboard.posts.mute": "Отменить",
            "dashboard.posts.unmute": "Вернуть",
            "dashboard.posts.muted": "Отменённые публикации",
            "dashboard.posts.none": "В ближайшие семь дней ничего не запланировано.",
            "dashboard.posts.nowhere": "никуда: нет чата для публикации",
            "dashboard.section-failed": "Эту часть не удалось показать; причина — в журнале бота.",
        ])

    static let chinese = MessageTable(
        .chinese,
        [
            "plugins.dashboard.summary": "发送您在浏览器中登录研讨会仪表板的链接",
            "commands.dashboard.summary": "获取在浏览器中登录仪表板的链接",
            "commands.dashboard.usage": "dashboard [logout] | dashboard end <platform:id>|everyone",
            "commands.dashboard.help":
                "在您与机器人的私聊中给您发送一个链接，用于登录研讨会仪表板（只能使用一次，15 分钟内有效）。/dashboard logout 会让您在所有设备上退出登录。组织者：/dashboard end <platform:id> 让此人在所有设备上退出（例如已离开团队的人），/dashboard end everyone 让所有人退出。",
            "dashboard.job.link": "您的仪表板登录链接（在私聊中发送）",
            "dashboard.off": "仪表板未开启：机器人没有网址（bot.yaml 中的 web:）。",
            "dashboard.not-for-you": "仪表板供研讨会组织者和各团队成员使用；名单中您既不是组织者，也不在任何团队中。组织者可以把您加入 roster.yaml。",
            "dashboard.write-first": "请先在私聊中给机器人发条消息（打个招呼即可），然后再次输入 /dashboard：登录链接只会私下发给您本人。",
            "dashboard.link.intro": "您登录研讨会仪表板的链接（只能使用一次，15 分钟内有效）：",
            "dashboard.link.keep": "请勿分享：最先用它登录的人会以您的身份登录。",
            "dashboard.link.sent": "我已在私聊中把登录链接发给您。",
            "dashboard.too-many": .plural([.other: "您在短时间内请求了多个链接。请使用最后一个，或在 {count} 分钟后再试。"]),
            "dashboard.logged-out": .plural([.other: "已退出登录：结束了 {count} 个浏览器会话。"]),
            "dashboard.ended": .plural([.other: "{user} 已退出仪表板：结束了 {count} 个浏览器会话，未使用的链接已作废。"]),
            "dashboard.ended-everyone": .plural([.other: "所有人已退出仪表板：结束了 {count} 个浏览器会话，未使用的链接已作废。"]),
            "dashboard.workshop": "研讨会仪表板",
            "dashboard.skip": "跳到主要内容",
            "dashboard.navigation": "页面",
            "dashboard.signin.title": "登录",
            "dashboard.signin.intro": "以 {name} 的身份登录研讨会仪表板？",
            "dashboard.signin.button": "登录",
            "dashboard.signin.note": "链接只能使用一次。在此设备上的会话持续 12 小时。",
            "dashboard.signin.unconfirmed": "此登录请求并非来自链接本身的页面。请从聊天中重新打开链接，并在该页面上点击登录（浏览器须接受仪表板的 Cookie）。",
            "dashboard.expired.title": "此链接已失效",
            "dashboard.expired.how": "它已被使用过，或者 15 分钟的有效期已过。在与机器人的聊天中输入 /dashboard 获取新链接。",
            "dashboard.signed-out.title": "您尚未登录",
            "dashboard.signed-out.how": "在与机器人的聊天中输入 /dashboard：它会给您发送一个登录链接。",
            "dashboard.signed-out.strict": "如果您在过去 12 小时内在此设备上登录过，并且是从其他网站来到这里的，请继续：",
            "dashboard.signed-out.continue": "继续前往仪表板",
            "dashboard.forbidden.title": "不允许访问",
            "dashboard.csrf": "此表单并非来自仪表板自己的页面。请重新打开页面后再试。",
            "dashboard.not-yours": "此页面不属于您团队可查看的内容。",
            "dashboard.no-such-page": "没有这个页面",
            "dashboard.back": "返回概览",
            "dashboard.viewer.facilitator": "{name}，组织者",
            "dashboard.viewer.team": "{name}，{team}",
            "dashboard.overview.title": "概览",
            "dashboard.overview.empty": "还没有插件在这里显示内容。",
            "dashboard.logout": "退出登录",
            "dashboard.posts.title": "定时发布",
            "dashboard.posts.summary": "未来七天内待发布：{count} 条。",
            "dashboard.posts.intro": "机器人未来七天要发布的内容。取消会永久跳过一条发布（对于周期性提醒，只跳过这一次）；在发布时间到来之前，已取消的发布可以恢复。",
            "dashboard.posts.when": "时间",
            "dashboard.posts.what": "内容",
            "dashboard.posts.where": "发往",
            "dashboard.posts.mute": "取消",
            "dashboard.posts.unmute": "恢复",
            "dashboard.posts.muted": "已取消的发布",
            "dashboard.posts.none": "未来七天内没有计划发布的内容。",
            "dashboard.posts.nowhere": "无处可发：没有可发布的群组",
            "dashboard.section-failed": "这部分无法显示；原因见机器人的日志。",
        ])
}

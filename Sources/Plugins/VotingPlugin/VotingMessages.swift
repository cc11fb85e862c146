import BotCore

/// The texts of the voting plugin, in the shipped languages. English names every key; `plugins.voting.summary`
/// and `commands.<name>.summary` are what `/help` shows (English's equal the plugin's and commands' own).
///
/// Poll questions, options, team names and typed choices are values (`.text`), never part of a template, so
/// they show exactly as typed and can add no markup. The configuration's checks (voting.yaml) stay in English,
/// as the file's keys are.
public enum VotingMessages {
    public static let tables: [MessageTable] = [english, french, russian, chinese]

    /// English alone, for the pure functions' default (counting tested without a bot) and the configuration's
    /// checks.
    static let englishTexts = Localization(shipped: [english]).texts(.english)

    static let english = MessageTable(
        .english,
        [
            "plugins.voting.summary": "Polls on the topics teams prioritise",
            "voting.job.close": "closing poll #{id} and posting its results",
            "voting.job.closing-soon": "“closes soon” notice of poll #{id}",
            "commands.poll.summary": "Facilitators open and close polls; everyone sees results once a poll closes",
            "commands.vote.summary": "Vote in the open poll; /vote alone shows it and your ballot",
            "commands.unvote.summary": "Take back your vote in the open poll",
            "commands.poll.usage":
                "poll new \"Question?\" \"Option A\" \"Option B\" ... [--method single|multi|dots|ranked] [--max N] [--dots N] [--anonymous] [--live] [--team <team>] [--closes \"YYYY-MM-DD HH:MM\"] | poll start <template> | poll edit <id> \"Question?\" \"Option A\" \"Option B\" ... | poll delete <id> | poll close [id] [--hold] | poll reopen <id> | poll results [id] | poll list | poll nudge [id] | poll export <id>",
            "commands.poll.options.method": "single (default), multi, dots or ranked",
            "commands.poll.options.max": "the most options one ballot may choose",
            "commands.poll.options.dots": "how many dots each voter spreads (dots method)",
            "commands.poll.options.anonymous": "results never name voters",
            "commands.poll.options.closes": "when the poll closes by itself, in your zone",
            "commands.poll.options.live": "show results while the poll is open",
            "commands.poll.options.team": "only this team's members may vote",
            "commands.poll.options.hold": "close without posting the results yet",
            "commands.vote.usage": "vote [#poll] <option number or name> [...]",
            "commands.unvote.usage": "unvote [#poll]",

            "voting.separator": ", ",
            "voting.note-separator": "; ",
            "voting.and": "{items} and {last}",
            "voting.dashboard.title": "Polls",
            "voting.dashboard.csv": "Ballots as a CSV file",
            "voting.dashboard.summary": "Open polls: {open}. Closed: {closed}.",
            "voting.dashboard.none": "No polls yet.",
            "voting.dashboard.open": "Open.",
            "voting.dashboard.open-until": "Open until {when}.",
            "voting.dashboard.closed": "Closed.",
            "voting.dashboard.hidden": "Results stay hidden until the poll closes.",
            "voting.dashboard.held": "Results wait until a facilitator announces them.",
            "voting.dashboard.per-option": "Ballots per option",
            "voting.dashboard.team": "Team",
            "voting.dashboard.voted": "Voted",
            "voting.dashboard.members": "Members on the roster",
            "voting.none": "none",
            "voting.anonymous": "anonymous",
            "voting.participants": [.one: "{count} participant", .other: "{count} participants"],
            "voting.ballots": [.one: "{count} ballot", .other: "{count} ballots"],
            "voting.voters": [.one: "{count} voter", .other: "{count} voters"],
            "voting.dots": [.one: "{count} dot", .other: "{count} dots"],

            "voting.problem.option-count": "a poll needs {low} to {high} options",
            "voting.problem.empty-question": "the question is empty",
            "voting.problem.long-question": "the question is longer than {most} characters",
            "voting.problem.empty-option": "option {number} is empty",
            "voting.problem.long-option": "option {number} is longer than {most} characters",
            "voting.problem.same-options": "options {first} and {second} are the same",

            "voting.no-team": "no team {team}; the roster's teams: {teams}",
            "voting.question-and-options": "give a question and at least two options",
            "voting.whole-number": "--{option} takes a whole number",
            "voting.option-a": "Option A",
            "voting.option-b": "Option B",
            "voting.needs-quotes":
                "A question of several words needs quotes, or its first word is taken for the question and the rest for options. Type: <code>{command}</code> Nothing was changed.",
            "voting.no-template": "No template {name}. Templates: {names}",
            "voting.option-count": "give {low} to {high} options",
            "voting.not-opened": "Not opened: {problem}. Nothing was changed.",
            "voting.methods": "--method is single, multi, dots or ranked",
            "voting.max-range":
                "--max is the most options one ballot may choose: 1 to {most} here. Nothing was changed.",
            "voting.dots-range": "--dots is how many dots each voter spreads: {low} to {high}. Nothing was changed.",
            "voting.full": "This bot holds the most polls it can ({most}). Nothing was changed.",
            "voting.how-single": "Vote with /vote #{id} <number> or the buttons.",
            "voting.how-multi": "Vote with /vote #{id} <numbers> (up to {most}) or the buttons.",
            "voting.how-dots": [
                .one: "You have {count} dot: /vote #{id} 1 puts it on option 1.",
                .other: "You have {count} dots: /vote #{id} 1 1 3 puts two on option 1 and one on option 3.",
            ],
            "voting.how-ranked":
                "Rank them: /vote #{id} 3 1 2 means 3 first, then 1, then 2. Counted by instant runoff.",

            "voting.already-closed": "Poll #{id} is already closed.",
            "voting.held":
                "Poll #{id} is closed; its results are held back. /poll results {id} announces them, /poll reopen {id} opens it again.",
            "voting.which-poll": "which poll? /poll list shows them",
            "voting.no-poll-short": "No poll #{id} here.",
            "voting.open-already": "Poll #{id} is open already.",
            "voting.announced-no-reopen":
                "Poll #{id} cannot be reopened: its results were announced. Open a new poll instead. Nothing was changed.",
            "voting.reopened":
                "<b>Poll #{id} is open again.</b> Ballots cast before it closed still count and can be changed.",
            "voting.edit-needs": "give the poll's id, then its question and at least two options",
            "voting.not-edited": "Not edited: {problem}. Nothing was changed.",
            "voting.no-edit-voted":
                "Poll #{id} cannot be edited: voting has started. Its voters chose among what it said then; open a new poll instead. Nothing was changed.",
            "voting.edited": "<b>Poll #{id} is edited.</b> Nobody had voted yet.",
            "voting.edited-buttons": "Buttons under the earlier message now vote for the options as numbered here.",
            "voting.only-id": "give only the poll's id",
            "voting.no-delete-voted":
                "Poll #{id} cannot be deleted: voting has started. Close it with /poll close {id} instead. Nothing was changed.",
            "voting.deleted": "Deleted poll #{id}: {question} (options: {options}). Nobody had voted in it.",
            "voting.deleted-with-close":
                "Deleted poll #{id}: {question} (options: {options}), and its scheduled close. Nobody had voted in it.",
            "voting.no-settings": "/poll {subcommand} takes no --options",

            "voting.results-hidden": "Poll #{id} is open: results are hidden until the poll closes.",
            "voting.results-held": "Poll #{id} is closed; a facilitator will announce the results.",
            "voting.no-polls": "No polls here yet.",
            "voting.list.open": "open",
            "voting.list.closed": "closed",
            "voting.list.team": "team {team} only",
            "voting.list.live": "live results",
            "voting.list.closes": "closes {when}",
            "voting.list.held": "results held back",
            "voting.list.entry": "#{id} {question} ({notes})",

            "voting.nudge.no-roster":
                "The roster lists no participants for poll #{id}, so I cannot count who is still to vote.",
            "voting.nudge.everyone": "<b>Poll #{id}: {question}</b> — everyone has voted ({voted} of {everyone}).",
            "voting.nudge.missing": [
                .one: "<b>Poll #{id}: {question}</b> is open; {count} of {everyone} has not voted yet.",
                .other: "<b>Poll #{id}: {question}</b> is open; {count} of {everyone} have not voted yet.",
            ],
            "voting.nudge.team": "{team}: {missing} of {members}",
            "voting.nudge.done": "Everyone in {teams} has voted.",
            "voting.nudge.how": "Vote with /vote #{id} <number>; /vote #{id} shows the options.",

            "voting.export.no-poll": "There is no poll {id} here; /poll list shows them.",
            "voting.export.open":
                "Poll #{id} is open: its ballots can be exported once it closes (/poll close {id}).",
            "voting.export.anonymous": "votes per option (an anonymous poll names no voters)",
            "voting.export.rows": "one row per choice, times in {zone}",
            "voting.export.caption": "<b>Poll #{id} as CSV</b> ({ballots}): {what}.",
            "voting.csv.poll": "poll",
            "voting.csv.option": "option",
            "voting.csv.votes": "votes",
            "voting.csv.rank": "rank",
            "voting.csv.voter": "voter",
            "voting.csv.team": "team",
            "voting.csv.time": "time",

            "voting.anonymous-admin": "Post as yourself to vote: anonymous admins cannot vote.",
            "voting.closed": "Poll #{id} is closed.",
            "voting.withdrawn": "Your vote in poll #{id} is withdrawn.",
            "voting.had-not-voted": "You had not voted in poll #{id}.",
            "voting.ballot.none": "You have not voted yet.",
            "voting.ballot.anonymous":
                "You have voted. This poll is anonymous, so your choices are not shown in the chat.",
            "voting.ballot.yours": "Your vote: {choices}",
            "voting.ballot.emptied": "Your ballot in poll #{id} is empty now, so it does not count.",
            "voting.recorded-anonymous":
                "Vote recorded in poll #{id}. It is anonymous, so your choices are not shown here. You can change them until the poll closes.",
            "voting.recorded": "Vote recorded: {choices}. You can change it until the poll closes.",
            "voting.team-only": "Poll #{id} is for the {team} team only; the roster does not list you in it.",
            "voting.one-number": "{sign}n takes one option number",
            "voting.nothing-changed": "Nothing changed.",
            "voting.not-in-ballot": "Option {number} was not in your ballot; nothing changed.",
            "voting.at-most-tap": "Choose at most {most}; tap a chosen option again to take it out.",

            "voting.list-single":
                "Poll #{id} takes one choice: a list such as /vote 2,5 is for polls of several choices.",
            "voting.list-item-empty":
                "item {number} of the list is empty: give an option number or name between commas, as in /vote 2,5",
            "voting.one-choice": "This poll takes one choice.",
            "voting.at-most": "Choose at most {most}.",
            "voting.dots-left": [.one: "You have {count} dot.", .other: "You have {count} dots."],
            "voting.rank-once": "Rank each option once.",
            "voting.empty-choice": "an empty choice: give an option number or name",
            "voting.ambiguous": "{choice} matches {count} options ({options}): give more of the name, or its number",
            "voting.number-not-option": "{choice} is not one option: give its number, 1 to {most}",
            "voting.name-not-option": "{choice} is not one option: give its number, 1 to {most}, or its name",
            "voting.name-not-option-hint":
                "{choice} is not one option: give its number, 1 to {most}, or its name; did you mean {suggestion}?",

            "voting.soon.title": "<b>Poll #{id} closes {when}:</b> {question}",
            "voting.soon.how": "Vote or change your vote with /vote #{id} <number>; /vote #{id} shows the options.",
            "voting.closes.format": "--closes takes a future \"YYYY-MM-DD HH:MM\"",
            "voting.closes.past":
                "{time} ({zone}) was {ago} ago: give a closing time still to come. Nothing was changed.",
            "voting.closes.too-far": "A poll can close at most a year ahead. Nothing was changed.",
            "voting.not-an-id": "{id} is not a poll id; /poll list shows them",
            "voting.no-such-poll": "There is no poll #{id} here.",
            "voting.no-poll-yet": "There is no poll here yet.",
            "voting.no-open-poll": "There is no open poll here.",
            "voting.several-open":
                "Several polls are open here ({ids}): say which, as in /poll close {id} or /vote #{id} 1.",

            "voting.describe.title": "<b>Poll #{id}: {question}</b>",
            "voting.describe.team": "for the {team} team only",
            "voting.describe.live": "results visible while open",
            "voting.describe.hidden": "results hidden until it closes",
            "voting.describe.closes": "closes {time} ({zone}), {countdown}",
            "voting.describe.notes": "({notes})",

            "voting.results": [
                .one: "<b>Results of poll #{id}: {question}</b> ({count} ballot)",
                .other: "<b>Results of poll #{id}: {question}</b> ({count} ballots)",
            ],
            "voting.results-closed": [
                .one: "<b>Closed. Results of poll #{id}: {question}</b> ({count} ballot)",
                .other: "<b>Closed. Results of poll #{id}: {question}</b> ({count} ballots)",
            ],
            "voting.turnout": "{voted} of {participants} voted.",
            "voting.turnout-also": "{voted} of {participants} voted; also {others}.",
            "voting.other-teams": [.one: "{count} from another team", .other: "{count} from other teams"],
            "voting.facilitators": [.one: "{count} facilitator", .other: "{count} facilitators"],
            "voting.unlisted": [.one: "{count} not on the roster", .other: "{count} not on the roster"],
            "voting.first-preferences": "First preferences:",
            "voting.bar": "<code>{bar}</code> {amount} — {option} ({percent}%)",
            "voting.no-winner": "No votes: no winner.",
            "voting.winner": "Winner: <b>{option}</b>.",
            "voting.tie": "Tie between <b>{options}</b>, with {votes} each.",
            "voting.by-team": "By team:",
            "voting.no-team-group": "No team",
            "voting.team-voters": "{team}: {voters}",
            "voting.team-choices": "{team} ({voters}): {choices}",
            "voting.round": "Round {round}: {counts}",
            "voting.runoff-no-ballots": "No ballots: no winner.",
            "voting.runoff-winner": "Winner: {option} with {votes} of {active}.",
            "voting.runoff-winner-tie":
                "Winner: {option} with {votes} of {active}, after the tie between {tied} in round {round} was broken by list order.",
            "voting.runoff-winner-ties":
                "Winner: {option} with {votes} of {active}, after ties broken by list order in rounds {rounds}.",
            "voting.eliminated": "Eliminated: {option}.",
            "voting.eliminated-tie":
                "Eliminated: {option} (tie between {tied} at {votes}, broken by the tie rule: the option listed later in the poll goes).",
        ])
}

extension VotingMessages {
    static let french = MessageTable(
        .french,
        [
            "plugins.voting.summary": "Des sondages sur les sujets que les équipes jugent prioritaires",
            "voting.job.close": "clôture du sondage n° {id} et publication des résultats",
            "voting.job.closing-soon": "avis « bientôt clos » du sondage n° {id}",
            "commands.poll.summary":
                "Les animateurs ouvrent et ferment les sondages ; chacun voit les résultats une fois le sondage fermé",
            "commands.vote.summary": "Voter dans le sondage ouvert ; /vote seul l’affiche avec votre bulletin",
            "commands.unvote.summary": "Retirer votre vote du sondage ouvert",
            "commands.poll.usage":
                "poll new \"Question ?\" \"Option A\" \"Option B\" ... [--method single|multi|dots|ranked] [--max N] [--dots N] [--anonymous] [--live] [--team <équipe>] [--closes \"AAAA-MM-JJ HH:MM\"] | poll start <modèle> | poll edit <id> \"Question ?\" \"Option A\" \"Option B\" ... | poll delete <id> | poll close [id] [--hold] | poll reopen <id> | poll results [id] | poll list | poll nudge [id] | poll export <id>",
            "commands.poll.options.method": "single (par défaut), multi, dots ou ranked",
            "commands.poll.options.max": "le nombre maximal d’options qu’un bulletin peut choisir",
            "commands.poll.options.dots": "combien de points chaque votant répartit (méthode dots)",
            "commands.poll.options.anonymous": "les résultats ne nomment jamais les votants",
            "commands.poll.options.closes": "quand le sondage se ferme de lui-même, dans votre fuseau horaire",
            "commands.poll.options.live": "afficher les résultats pendant que le sondage est ouvert",
            "commands.poll.options.team": "seuls les membres de cette équipe peuvent voter",
            "commands.poll.options.hold": "fermer sans publier les résultats pour l’instant",
            "commands.vote.usage": "vote [#sondage] <numéro ou nom de l’option> [...]",
            "commands.unvote.usage": "unvote [#sondage]",

            "voting.separator": ", ",
            "voting.note-separator": " ; ",
            "voting.and": "{items} et {last}",
            "voting.dashboard.title": "Sondages",
            "voting.dashboard.csv": "Bulletins en fichier CSV",
            "voting.dashboard.summary": "Sondages ouverts : {open}. Clos : {closed}.",
            "voting.dashboard.none": "Aucun sondage pour l’instant.",
            "voting.dashboard.open": "Ouvert.",
            "voting.dashboard.open-until": "Ouvert jusqu’à {when}.",
            "voting.dashboard.closed": "Clos.",
            "voting.dashboard.hidden": "Les résultats restent cachés jusqu’à la clôture.",
            "voting.dashboard.held": "Les résultats attendent qu’un animateur les annonce.",
            "voting.dashboard.per-option": "Votes par option",
            "voting.dashboard.team": "Équipe",
            "voting.dashboard.voted": "Ont voté",
            "voting.dashboard.members": "Membres inscrits",
            "voting.none": "aucun",
            "voting.anonymous": "anonyme",
            "voting.participants": [.one: "{count} participant", .other: "{count} participants"],
            "voting.ballots": [.one: "{count} bulletin", .other: "{count} bulletins"],
            "voting.voters": [.one: "{count} votant", .other: "{count} votants"],
            "voting.dots": [.one: "{count} gommette", .other: "{count} gommettes"],

            "voting.problem.option-count": "un sondage demande de {low} à {high} options",
            "voting.problem.empty-question": "la question est vide",
            "voting.problem.long-question": "la question dépasse {most} caractères",
            "voting.problem.empty-option": "l’option {number} est vide",
            "voting.problem.long-option": "l’option {number} dépasse {most} caractères",
            "voting.problem.same-options": "les options {first} et {second} sont identiques",

            "voting.no-team": "pas d’équipe {team} ; équipes de la liste : {teams}",
            "voting.question-and-options": "donnez une question et au moins deux options",
            "voting.whole-number": "--{option} attend un nombre entier",
            "voting.option-a": "Option A",
            "voting.option-b": "Option B",
            "voting.needs-quotes":
                "Une question de plusieurs mots doit être entre guillemets, sinon son premier mot est pris pour la question et les autres pour des options. Tapez : <code>{command}</code> Rien n’a été modifié.",
            "voting.no-template": "Pas de modèle {name}. Modèles : {names}",
            "voting.option-count": "donnez de {low} à {high} options",
            "voting.not-opened": "Sondage non ouvert : {problem}. Rien n’a été modifié.",
            "voting.methods": "--method vaut single, multi, dots ou ranked",
            "voting.max-range":
                "--max est le nombre maximal d’options par bulletin : de 1 à {most} ici. Rien n’a été modifié.",
            "voting.dots-range":
                "--dots est le nombre de gommettes que chaque votant répartit : de {low} à {high}. Rien n’a été modifié.",
            "voting.full": "Ce bot contient déjà le maximum de sondages ({most}). Rien n’a été modifié.",
            "voting.how-single": "Votez avec /vote #{id} <numéro> ou avec les boutons.",
            "voting.how-multi": "Votez avec /vote #{id} <numéros> (jusqu’à {most}) ou avec les boutons.",
            "voting.how-dots": [
                .one: "Vous avez {count} gommette : /vote #{id} 1 la met sur l’option 1.",
                .other:
                    "Vous avez {count} gommettes : /vote #{id} 1 1 3 en met deux sur l’option 1 et une sur l’option 3.",
            ],
            "voting.how-ranked":
                "Classez-les : /vote #{id} 3 1 2 signifie 3 d’abord, puis 1, puis 2. Dépouillement par vote alternatif.",

            "voting.already-closed": "Le sondage #{id} est déjà fermé.",
            "voting.held":
                "Le sondage #{id} est fermé ; ses résultats sont réservés. /poll results {id} les annonce, /poll reopen {id} le rouvre.",
            "voting.which-poll": "quel sondage ? /poll list les affiche",
            "voting.no-poll-short": "Pas de sondage #{id} ici.",
            "voting.open-already": "Le sondage #{id} est déjà ouvert.",
            "voting.announced-no-reopen":
                "Le sondage #{id} ne peut pas être rouvert : ses résultats ont été annoncés. Ouvrez plutôt un nouveau sondage. Rien n’a été modifié.",
            "voting.reopened":
                "<b>Le sondage #{id} est rouvert.</b> Les bulletins déposés avant sa fermeture comptent toujours et peuvent être modifiés.",
            "voting.edit-needs": "donnez l’identifiant du sondage, puis sa question et au moins deux options",
            "voting.not-edited": "Sondage non modifié : {problem}. Rien n’a été modifié.",
            "voting.no-edit-voted":
                "Le sondage #{id} ne peut pas être modifié : le vote a commencé. Ses votants ont choisi parmi ce qu’il disait alors ; ouvrez plutôt un nouveau sondage. Rien n’a été modifié.",
            "voting.edited": "<b>Le sondage #{id} est modifié.</b> Personne n’avait encore voté.",
            "voting.edited-buttons":
                "Les boutons sous le message précédent votent désormais pour les options numérotées comme ici.",
            "voting.only-id": "donnez seulement l’identifiant du sondage",
            "voting.no-delete-voted":
                "Le sondage #{id} ne peut pas être supprimé : le vote a commencé. Fermez-le plutôt avec /poll close {id}. Rien n’a été modifié.",
            "voting.deleted":
                "Sondage #{id} supprimé : {question} (options : {options}). Personne n’y avait voté.",
            "voting.deleted-with-close":
                "Sondage #{id} supprimé : {question} (options : {options}), ainsi que sa fermeture programmée. Personne n’y avait voté.",
            "voting.no-settings": "/poll {subcommand} ne prend aucune option --…",

            "voting.results-hidden":
                "Le sondage #{id} est ouvert : les résultats restent cachés jusqu’à sa fermeture.",
            "voting.results-held": "Le sondage #{id} est fermé ; un animateur annoncera les résultats.",
            "voting.no-polls": "Pas encore de sondage ici.",
            "voting.list.open": "ouvert",
            "voting.list.closed": "fermé",
            "voting.list.team": "équipe {team} uniquement",
            "voting.list.live": "résultats en direct",
            "voting.list.closes": "fermeture {when}",
            "voting.list.held": "résultats réservés",
            "voting.list.entry": "#{id} {question} ({notes})",

            "voting.nudge.no-roster":
                "La liste ne compte aucun participant pour le sondage #{id} : je ne peux pas compter qui doit encore voter.",
            "voting.nudge.everyone":
                "<b>Sondage #{id} : {question}</b> — tout le monde a voté ({voted} sur {everyone}).",
            "voting.nudge.missing": [
                .one: "<b>Sondage #{id} : {question}</b> est ouvert ; {count} sur {everyone} n’a pas encore voté.",
                .other: "<b>Sondage #{id} : {question}</b> est ouvert ; {count} sur {everyone} n’ont pas encore voté.",
            ],
            "voting.nudge.team": "{team} : {missing} sur {members}",
            "voting.nudge.done": "Tout le monde a voté dans {teams}.",
            "voting.nudge.how": "Votez avec /vote #{id} <numéro> ; /vote #{id} affiche les options.",

            "voting.export.no-poll": "Pas de sondage {id} ici ; /poll list les affiche.",
            "voting.export.open":
                "Le sondage #{id} est ouvert : ses bulletins pourront être exportés une fois fermé (/poll close {id}).",
            "voting.export.anonymous": "votes par option (un sondage anonyme ne nomme aucun votant)",
            "voting.export.rows": "une ligne par choix, heures en {zone}",
            "voting.export.caption": "<b>Sondage #{id} en CSV</b> ({ballots}) : {what}.",
            "voting.csv.poll": "sondage",
            "voting.csv.option": "option",
            "voting.csv.votes": "votes",
            "voting.csv.rank": "rang",
            "voting.csv.voter": "votant",
            "voting.csv.team": "équipe",
            "voting.csv.time": "heure",

            "voting.anonymous-admin":
                "Publiez en votre nom pour voter : les administrateurs anonymes ne peuvent pas voter.",
            "voting.closed": "Le sondage #{id} est fermé.",
            "voting.withdrawn": "Votre vote au sondage #{id} est retiré.",
            "voting.had-not-voted": "Vous n’aviez pas voté au sondage #{id}.",
            "voting.ballot.none": "Vous n’avez pas encore voté.",
            "voting.ballot.anonymous":
                "Vous avez voté. Ce sondage est anonyme : vos choix ne sont pas affichés dans le groupe.",
            "voting.ballot.yours": "Votre vote : {choices}",
            "voting.ballot.emptied": "Votre bulletin au sondage #{id} est maintenant vide : il ne compte pas.",
            "voting.recorded-anonymous":
                "Vote enregistré au sondage #{id}. Il est anonyme : vos choix ne sont pas affichés ici. Vous pouvez les modifier jusqu’à la fermeture du sondage.",
            "voting.recorded": "Vote enregistré : {choices}. Vous pouvez le modifier jusqu’à la fermeture du sondage.",
            "voting.team-only":
                "Le sondage #{id} est réservé à l’équipe {team} ; la liste ne vous y compte pas.",
            "voting.one-number": "{sign}n prend un seul numéro d’option",
            "voting.nothing-changed": "Rien n’a changé.",
            "voting.not-in-ballot": "L’option {number} n’était pas dans votre bulletin ; rien n’a changé.",
            "voting.at-most-tap":
                "Choisissez-en {most} au plus ; touchez de nouveau une option choisie pour la retirer.",

            "voting.list-single":
                "Le sondage #{id} n’accepte qu’un choix : une liste comme /vote 2,5 est pour les sondages à plusieurs choix.",
            "voting.list-item-empty":
                "l’élément {number} de la liste est vide : donnez un numéro ou un nom d’option entre les virgules, comme /vote 2,5",
            "voting.one-choice": "Ce sondage n’accepte qu’un choix.",
            "voting.at-most": "Choisissez-en {most} au plus.",
            "voting.dots-left": [.one: "Vous avez {count} gommette.", .other: "Vous avez {count} gommettes."],
            "voting.rank-once": "Classez chaque option une seule fois.",
            "voting.empty-choice": "un choix vide : donnez un numéro ou un nom d’option",
            "voting.ambiguous":
                "{choice} correspond à {count} options ({options}) : donnez une plus grande partie du nom, ou son numéro",
            "voting.number-not-option": "{choice} n’est pas une option : donnez son numéro, de 1 à {most}",
            "voting.name-not-option":
                "{choice} n’est pas une option : donnez son numéro, de 1 à {most}, ou son nom",
            "voting.name-not-option-hint":
                "{choice} n’est pas une option : donnez son numéro, de 1 à {most}, ou son nom ; vouliez-vous dire {suggestion} ?",

            "voting.soon.title": "<b>Le sondage #{id} ferme {when} :</b> {question}",
            "voting.soon.how":
                "Votez ou changez votre vote avec /vote #{id} <numéro> ; /vote #{id} affiche les options.",
            "voting.closes.format": "--closes attend une date à venir \"AAAA-MM-JJ HH:MM\"",
            "voting.closes.past":
                "{time} ({zone}), c’était il y a {ago} : donnez une heure de fermeture encore à venir. Rien n’a été modifié.",
            "voting.closes.too-far": "Un sondage peut fermer au plus un an à l’avance. Rien n’a été modifié.",
            "voting.not-an-id": "{id} n’est pas un identifiant de sondage ; /poll list les affiche",
            "voting.no-such-poll": "Il n’y a pas de sondage #{id} ici.",
            "voting.no-poll-yet": "Il n’y a pas encore de sondage ici.",
            "voting.no-open-poll": "Il n’y a pas de sondage ouvert ici.",
            "voting.several-open":
                "Plusieurs sondages sont ouverts ici ({ids}) : précisez lequel, comme /poll close {id} ou /vote #{id} 1.",

            "voting.describe.title": "<b>Sondage #{id} : {question}</b>",
            "voting.describe.team": "réservé à l’équipe {team}",
            "voting.describe.live": "résultats visibles pendant le vote",
            "voting.describe.hidden": "résultats cachés jusqu’à la fermeture",
            "voting.describe.closes": "fermeture {time} ({zone}), {countdown}",
            "voting.describe.notes": "({notes})",

            "voting.results": [
                .one: "<b>Résultats du sondage #{id} : {question}</b> ({count} bulletin)",
                .other: "<b>Résultats du sondage #{id} : {question}</b> ({count} bulletins)",
            ],
            "voting.results-closed": [
                .one: "<b>Fermé. Résultats du sondage #{id} : {question}</b> ({count} bulletin)",
                .other: "<b>Fermé. Résultats du sondage #{id} : {question}</b> ({count} bulletins)",
            ],
            "voting.turnout": "Ont voté : {voted} sur {participants}.",
            "voting.turnout-also": "Ont voté : {voted} sur {participants} ; en plus : {others}.",
            "voting.other-teams": [.one: "{count} d’une autre équipe", .other: "{count} d’autres équipes"],
            "voting.facilitators": [.one: "{count} animateur", .other: "{count} animateurs"],
            "voting.unlisted": [.one: "{count} absent de la liste", .other: "{count} absents de la liste"],
            "voting.first-preferences": "Premiers choix :",
            "voting.bar": "<code>{bar}</code> {amount} — {option} ({percent} %)",
            "voting.no-winner": "Aucun vote : pas de gagnant.",
            "voting.winner": "Gagnant : <b>{option}</b>.",
            "voting.tie": "Égalité entre <b>{options}</b>, avec {votes} chacune.",
            "voting.by-team": "Par équipe :",
            "voting.no-team-group": "Sans équipe",
            "voting.team-voters": "{team} : {voters}",
            "voting.team-choices": "{team} ({voters}) : {choices}",
            "voting.round": "Tour {round} : {counts}",
            "voting.runoff-no-ballots": "Aucun bulletin : pas de gagnant.",
            "voting.runoff-winner": "Gagnant : {option} avec {votes} sur {active}.",
            "voting.runoff-winner-tie":
                "Gagnant : {option} avec {votes} sur {active}, après l’égalité entre {tied} au tour {round}, départagée par l’ordre de la liste.",
            "voting.runoff-winner-ties":
                "Gagnant : {option} avec {votes} sur {active}, après des égalités départagées par l’ordre de la liste aux tours {rounds}.",
            "voting.eliminated": "Éliminée : {option}.",
            "voting.eliminated-tie":
                "Éliminée : {option} (égalité entre {tied} à {votes}, départagée par la règle d’égalité : l’option placée plus bas dans le sondage sort).",
        ])
}

extension VotingMessages {
    static let russian = MessageTable(
        .russian,
        [
            "plugins.voting.summary": "Опросы о темах, которые команды считают главными",
            "voting.job.close": "закрытие опроса №{id} и публикация результатов",
            "voting.job.closing-soon": "уведомление «скоро закроется» для опроса №{id}",
            "commands.poll.summary":
                "Ведущие открывают и закрывают опросы; результаты видны всем, когда опрос закрыт",
            "commands.vote.summary": "Проголосовать в открытом опросе; /vote без параметров покажет его и ваш голос",
            "commands.unvote.summary": "Отозвать свой голос в открытом опросе",
            "commands.poll.usage":
                "poll new \"Вопрос?\" \"Вариант А\" \"Вариант Б\" ... [--method single|multi|dots|ranked] [--max N] [--dots N] [--anonymous] [--live] [--team <команда>] [--closes \"ГГГГ-ММ-ДД ЧЧ:ММ\"] | poll start <шаблон> | poll edit <id> \"Вопрос?\" \"Вариант А\" \"Вариант Б\" ... | poll delete <id> | poll close [id] [--hold] | poll reopen <id> | poll results [id] | poll list | poll nudge [id] | poll export <id>",
            "commands.poll.options.method": "single (по умолчанию), multi, dots или ranked",
            "commands.poll.options.max": "сколько вариантов можно выбрать в одном бюллетене",
            "commands.poll.options.dots": "сколько точек распределяет каждый голосующий (метод dots)",
            "commands.poll.options.anonymous": "результаты никогда не называют голосующих",
            "commands.poll.options.closes": "когда опрос закроется сам, в вашем часовом поясе",
            "commands.poll.options.live": "показывать результаты, пока опрос открыт",
            "commands.poll.options.team": "голосовать могут только участники этой команды",
            "commands.poll.options.hold": "закрыть, пока не публикуя результаты",
            "commands.vote.usage": "vote [#опрос] <номер или название варианта> [...]",
            "commands.unvote.usage": "unvote [#опрос]",

            "voting.separator": ", ",
            "voting.note-separator": "; ",
            "voting.and": "{items} и {last}",
            "voting.dashboard.title": "Опросы",
            "voting.dashboard.csv": "Бюллетени в файле CSV",
            "voting.dashboard.summary": "Открытых опросов: {open}. Закрытых: {closed}.",
            "voting.dashboard.none": "Опросов пока нет.",
            "voting.dashboard.open": "Открыт.",
            "voting.dashboard.open-until": "Открыт до {when}.",
            "voting.dashboard.closed": "Закрыт.",
            "voting.dashboard.hidden": "Результаты скрыты до закрытия опроса.",
            "voting.dashboard.held": "Результаты ждут, пока ведущий их объявит.",
            "voting.dashboard.per-option": "Голоса по вариантам",
            "voting.dashboard.team": "Команда",
            "voting.dashboard.voted": "Проголосовали",
            "voting.dashboard.members": "Участников в списке",
            "voting.none": "нет",
            "voting.anonymous": "анонимный",
            "voting.participants": [
                .one: "{count} участника", .few: "{count} участников", .many: "{count} участников",
                .other: "{count} участника",
            ],
            "voting.ballots": [
                .one: "{count} бюллетень", .few: "{count} бюллетеня", .many: "{count} бюллетеней",
                .other: "{count} бюллетеня",
            ],
            "voting.voters": [
                .one: "{count} проголосовавший", .few: "{count} проголосовавших", .many: "{count} проголосовавших",
                .other: "{count} проголосовавшего",
            ],
            "voting.dots": [
                .one: "{count} точка", .few: "{count} точки", .many: "{count} точек", .other: "{count} точки",
            ],

            "voting.problem.option-count": "в опросе должно быть от {low} до {high} вариантов",
            "voting.problem.empty-question": "вопрос пуст",
            "voting.problem.long-question": "вопрос длиннее {most} символов",
            "voting.problem.empty-option": "вариант {number} пуст",
            "voting.problem.long-option": "вариант {number} длиннее {most} символов",
            "voting.problem.same-options": "варианты {first} и {second} совпадают",

            "voting.no-team": "нет команды {team}; команды в списке: {teams}",
            "voting.question-and-options": "укажите вопрос и хотя бы два варианта",
            "voting.whole-number": "--{option} принимает целое число",
            "voting.option-a": "Вариант А",
            "voting.option-b": "Вариант Б",
            "voting.needs-quotes":
                "Вопрос из нескольких слов нужно взять в кавычки, иначе первое слово станет вопросом, а остальные — вариантами. Напишите: <code>{command}</code> Ничего не изменено.",
            "voting.no-template": "Нет шаблона {name}. Шаблоны: {names}",
            "voting.option-count": "укажите от {low} до {high} вариантов",
            "voting.not-opened": "Опрос не открыт: {problem}. Ничего не изменено.",
            "voting.methods": "--method может быть single, multi, dots или ranked",
            "voting.max-range":
                "--max — наибольшее число вариантов в одном бюллетене: здесь от 1 до {most}. Ничего не изменено.",
            "voting.dots-range":
                "--dots — сколько точек распределяет каждый голосующий: от {low} до {high}. Ничего не изменено.",
            "voting.full": "В боте уже наибольшее возможное число опросов ({most}). Ничего не изменено.",
            "voting.how-single": "Голосуйте командой /vote #{id} <номер> или кнопками.",
            "voting.how-multi": "Голосуйте командой /vote #{id} <номера> (не больше {most}) или кнопками.",
            "voting.how-dots": [
                .one: "У вас {count} точка: например, /vote #{id} 1 ставит точку на вариант 1.",
                .few: "У вас {count} точки: /vote #{id} 1 1 3 ставит две на вариант 1 и одну на вариант 3.",
                .many: "У вас {count} точек: /vote #{id} 1 1 3 ставит две на вариант 1 и одну на вариант 3.",
                .other: "У вас {count} точки: /vote #{id} 1 1 3 ставит две на вариант 1 и одну на вариант 3.",
            ],
            "voting.how-ranked":
                "Расставьте их по порядку: /vote #{id} 3 1 2 значит сначала 3, потом 1, потом 2. Подсчёт — рейтинговым голосованием с выбыванием.",

            "voting.already-closed": "Опрос #{id} уже закрыт.",
            "voting.held":
                "Опрос #{id} закрыт; его результаты пока не объявлены. /poll results {id} объявит их, /poll reopen {id} снова откроет опрос.",
            "voting.which-poll": "какой опрос? /poll list покажет их",
            "voting.no-poll-short": "Здесь нет опроса #{id}.",
            "voting.open-already": "Опрос #{id} уже открыт.",
            "voting.announced-no-reopen":
                "Опрос #{id} нельзя открыть снова: его результаты объявлены. Откройте новый опрос. Ничего не изменено.",
            "voting.reopened":
                "<b>Опрос #{id} снова открыт.</b> Голоса, поданные до закрытия, по-прежнему учитываются, и их можно изменить.",
            "voting.edit-needs": "укажите номер опроса, затем вопрос и хотя бы два варианта",
            "voting.not-edited": "Опрос не изменён: {problem}. Ничего не изменено.",
            "voting.no-edit-voted":
                "Опрос #{id} нельзя изменить: голосование уже началось. Голосующие выбирали из того, что в нём было; откройте новый опрос. Ничего не изменено.",
            "voting.edited": "<b>Опрос #{id} изменён.</b> Никто ещё не голосовал.",
            "voting.edited-buttons":
                "Кнопки под прежним сообщением теперь голосуют за варианты с номерами, как здесь.",
            "voting.only-id": "укажите только номер опроса",
            "voting.no-delete-voted":
                "Опрос #{id} нельзя удалить: голосование уже началось. Закройте его командой /poll close {id}. Ничего не изменено.",
            "voting.deleted": "Опрос #{id} удалён: {question} (варианты: {options}). В нём никто не голосовал.",
            "voting.deleted-with-close":
                "Опрос #{id} удалён: {question} (варианты: {options}), и его запланированное закрытие тоже. В нём никто не голосовал.",
            "voting.no-settings": "/poll {subcommand} не принимает параметры вида --…",

            "voting.results-hidden": "Опрос #{id} открыт: результаты скрыты до его закрытия.",
            "voting.results-held": "Опрос #{id} закрыт; результаты объявит ведущий.",
            "voting.no-polls": "Здесь пока нет опросов.",
            "voting.list.open": "открыт",
            "voting.list.closed": "закрыт",
            "voting.list.team": "только команда {team}",
            "voting.list.live": "результаты видны сразу",
            "voting.list.closes": "закроется {when}",
            "voting.list.held": "результаты не объявлены",
            "voting.list.entry": "#{id} {question} ({notes})",

            "voting.nudge.no-roster":
                "В списке нет участников для опроса #{id}, поэтому я не могу посчитать, кто ещё не проголосовал.",
            "voting.nudge.everyone": "<b>Опрос #{id}: {question}</b> — проголосовали все ({voted} из {everyone}).",
            "voting.nudge.missing": [
                .one: "<b>Опрос #{id}: {question}</b> открыт; ещё не проголосовал {count} из {everyone}.",
                .few: "<b>Опрос #{id}: {question}</b> открыт; ещё не проголосовали {count} из {everyone}.",
                .many: "<b>Опрос #{id}: {question}</b> открыт; ещё не проголосовали {count} из {everyone}.",
                .other: "<b>Опрос #{id}: {question}</b> открыт; ещё не проголосовали {count} из {everyone}.",
            ],
            "voting.nudge.team": "{team}: {missing} из {members}",
            "voting.nudge.done": "Проголосовали все в командах: {teams}.",
            "voting.nudge.how": "Голосуйте командой /vote #{id} <номер>; /vote #{id} покажет варианты.",

            "voting.export.no-poll": "Здесь нет опроса {id}; /poll list покажет их.",
            "voting.export.open":
                "Опрос #{id} открыт: бюллетени можно будет выгрузить после закрытия (/poll close {id}).",
            "voting.export.anonymous": "голоса по вариантам (анонимный опрос не называет голосующих)",
            "voting.export.rows": "по строке на каждый выбор, время в поясе {zone}",
            "voting.export.caption": "<b>Опрос #{id} в CSV</b> ({ballots}): {what}.",
            "voting.csv.poll": "опрос",
            "voting.csv.option": "вариант",
            "voting.csv.votes": "голоса",
            "voting.csv.rank": "место",
            "voting.csv.voter": "голосующий",
            "voting.csv.team": "команда",
            "voting.csv.time": "время",

            "voting.anonymous-admin":
                "Чтобы голосовать, пишите от своего имени: анонимные администраторы голосовать не могут.",
            "voting.closed": "Опрос #{id} закрыт.",
            "voting.withdrawn": "Ваш голос в опросе #{id} отозван.",
            "voting.had-not-voted": "Вы не голосовали в опросе #{id}.",
            "voting.ballot.none": "Вы ещё не голосовали.",
            "voting.ballot.anonymous": "Вы проголосовали. Опрос анонимный, поэтому ваш выбор в чате не показан.",
            "voting.ballot.yours": "Ваш голос: {choices}",
            "voting.ballot.emptied": "Ваш бюллетень в опросе #{id} теперь пуст и не учитывается.",
            "voting.recorded-anonymous":
                "Голос в опросе #{id} учтён. Опрос анонимный, поэтому ваш выбор здесь не показан. Его можно изменить, пока опрос не закрыт.",
            "voting.recorded": "Голос учтён: {choices}. Его можно изменить, пока опрос не закрыт.",
            "voting.team-only": "Опрос #{id} только для команды {team}; по списку вы в неё не входите.",
            "voting.one-number": "{sign}n принимает один номер варианта",
            "voting.nothing-changed": "Ничего не изменилось.",
            "voting.not-in-ballot": "Варианта {number} не было в вашем бюллетене; ничего не изменилось.",
            "voting.at-most-tap":
                "Выберите не больше {most}; нажмите на выбранный вариант ещё раз, чтобы убрать его.",

            "voting.list-single":
                "В опросе #{id} выбирают один вариант: список вроде /vote 2,5 — для опросов с несколькими вариантами.",
            "voting.list-item-empty":
                "элемент {number} списка пуст: укажите номер или название варианта между запятыми, например /vote 2,5",
            "voting.one-choice": "В этом опросе выбирают один вариант.",
            "voting.at-most": "Выберите не больше {most}.",
            "voting.dots-left": [
                .one: "У вас {count} точка.", .few: "У вас {count} точки.", .many: "У вас {count} точек.",
                .other: "У вас {count} точки.",
            ],
            "voting.rank-once": "Назовите каждый вариант только один раз.",
            "voting.empty-choice": "пустой выбор: укажите номер или название варианта",
            "voting.ambiguous":
                "{choice} подходит к нескольким вариантам ({count}: {options}): уточните название или укажите номер",
            "voting.number-not-option": "{choice} — не вариант: укажите его номер, от 1 до {most}",
            "voting.name-not-option": "{choice} — не вариант: укажите его номер, от 1 до {most}, или название",
            "voting.name-not-option-hint":
                "{choice} — не вариант: укажите его номер, от 1 до {most}, или название; может быть, вы имели в виду {suggestion}?",

            "voting.soon.title": "<b>Опрос #{id} закроется {when}:</b> {question}",
            "voting.soon.how":
                "Проголосуйте или измените голос командой /vote #{id} <номер>; /vote #{id} покажет варианты.",
            "voting.closes.format": "--closes принимает будущее время \"ГГГГ-ММ-ДД ЧЧ:ММ\"",
            "voting.closes.past":
                "{time} ({zone}) было {ago} назад: укажите время закрытия в будущем. Ничего не изменено.",
            "voting.closes.too-far": "Опрос можно закрыть не позже чем через год. Ничего не изменено.",
            "voting.not-an-id": "{id} — не номер опроса; /poll list покажет их",
            "voting.no-such-poll": "Здесь нет опроса #{id}.",
            "voting.no-poll-yet": "Здесь пока нет опросов.",
            "voting.no-open-poll": "Здесь нет открытого опроса.",
            "voting.several-open":
                "Здесь открыто несколько опросов ({ids}): укажите какой, например /poll close {id} или /vote #{id} 1.",

            "voting.describe.title": "<b>Опрос #{id}: {question}</b>",
            "voting.describe.team": "только для команды {team}",
            "voting.describe.live": "результаты видны во время голосования",
            "voting.describe.hidden": "результаты скрыты до закрытия",
            "voting.describe.closes": "закроется {time} ({zone}), {countdown}",
            "voting.describe.notes": "({notes})",

            "voting.results": [
                .one: "<b>Результаты опроса #{id}: {question}</b> ({count} бюллетень)",
                .few: "<b>Результаты опроса #{id}: {question}</b> ({count} бюллетеня)",
                .many: "<b>Результаты опроса #{id}: {question}</b> ({count} бюллетеней)",
                .other: "<b>Результаты опроса #{id}: {question}</b> ({count} бюллетеня)",
            ],
            "voting.results-closed": [
                .one: "<b>Опрос закрыт. Результаты опроса #{id}: {question}</b> ({count} бюллетень)",
                .few: "<b>Опрос закрыт. Результаты опроса #{id}: {question}</b> ({count} бюллетеня)",
                .many: "<b>Опрос закрыт. Результаты опроса #{id}: {question}</b> ({count} бюллетеней)",
                .other: "<b>Опрос закрыт. Результаты опроса #{id}: {question}</b> ({count} бюллетеня)",
            ],
            "voting.turnout": "Проголосовали {voted} из {participants}.",
            "voting.turnout-also": "Проголосовали {voted} из {participants}; а также {others}.",
            "voting.other-teams": [
                .one: "{count} из другой команды", .few: "{count} из других команд", .many: "{count} из других команд",
                .other: "{count} из других команд",
            ],
            "voting.facilitators": [
                .one: "{count} ведущий", .few: "{count} ведущих", .many: "{count} ведущих", .other: "{count} ведущего",
            ],
            "voting.unlisted": [
                .one: "{count} не из списка", .few: "{count} не из списка", .many: "{count} не из списка",
                .other: "{count} не из списка",
            ],
            "voting.first-preferences": "Первые предпочтения:",
            "voting.bar": "<code>{bar}</code> {amount} — {option} ({percent}%)",
            "voting.no-winner": "Голосов нет: победителя нет.",
            "voting.winner": "Победитель: <b>{option}</b>.",
            "voting.tie": "Ничья между <b>{options}</b>, по {votes} у каждого.",
            "voting.by-team": "По командам:",
            "voting.no-team-group": "Без команды",
            "voting.team-voters": "{team}: {voters}",
            "voting.team-choices": "{team} ({voters}): {choices}",
            "voting.round": "Тур {round}: {counts}",
            "voting.runoff-no-ballots": "Бюллетеней нет: победителя нет.",
            "voting.runoff-winner": "Победитель: {option}, {votes} из {active}.",
            "voting.runoff-winner-tie":
                "Победитель: {option}, {votes} из {active}, после того как ничья между {tied} в туре {round} решена порядком в списке.",
            "voting.runoff-winner-ties":
                "Победитель: {option}, {votes} из {active}, после ничьих, решённых порядком в списке, в турах {rounds}.",
            "voting.eliminated": "Выбывает: {option}.",
            "voting.eliminated-tie":
                "Выбывает: {option} (ничья между {tied} при {votes}, решена правилом ничьей: выбывает вариант, стоящий в опросе ниже).",
        ])
}

extension VotingMessages {
    static let chinese = MessageTable(
        .chinese,
        [
            "plugins.voting.summary": "就各团队优先考虑的议题发起投票",
            "voting.job.close": "关闭投票 #{id} 并公布结果",
            "voting.job.closing-soon": "投票 #{id} 的“即将截止”提醒",
            "commands.poll.summary": "组织者开启和关闭投票；投票关闭后所有人都能看到结果",
            "commands.vote.summary": "在进行中的投票里投票；只输入 /vote 会显示投票和您的选票",
            "commands.unvote.summary": "撤回您在进行中的投票里投的票",
            "commands.poll.usage":
                "poll new \"问题？\" \"选项 A\" \"选项 B\" ... [--method single|multi|dots|ranked] [--max N] [--dots N] [--anonymous] [--live] [--team <团队>] [--closes \"YYYY-MM-DD HH:MM\"] | poll start <模板> | poll edit <id> \"问题？\" \"选项 A\" \"选项 B\" ... | poll delete <id> | poll close [id] [--hold] | poll reopen <id> | poll results [id] | poll list | poll nudge [id] | poll export <id>",
            "commands.poll.options.method": "single（默认）、multi、dots 或 ranked",
            "commands.poll.options.max": "每张选票最多可选几项",
            "commands.poll.options.dots": "每位投票者分配的点数（dots 方式）",
            "commands.poll.options.anonymous": "结果从不显示投票者姓名",
            "commands.poll.options.closes": "投票自动结束的时间，按您的时区",
            "commands.poll.options.live": "投票进行中也显示结果",
            "commands.poll.options.team": "只有该团队的成员可以投票",
            "commands.poll.options.hold": "结束投票，但暂不公布结果",
            "commands.vote.usage": "vote [#投票] <选项编号或名称> [...]",
            "commands.unvote.usage": "unvote [#投票]",

            "voting.separator": "、",
            "voting.note-separator": "；",
            "voting.and": "{items}和{last}",
            "voting.dashboard.title": "投票",
            "voting.dashboard.csv": "选票（CSV 文件）",
            "voting.dashboard.summary": "进行中的投票：{open}。已结束：{closed}。",
            "voting.dashboard.none": "还没有投票。",
            "voting.dashboard.open": "进行中。",
            "voting.dashboard.open-until": "进行至{when}。",
            "voting.dashboard.closed": "已结束。",
            "voting.dashboard.hidden": "投票结束前结果保持隐藏。",
            "voting.dashboard.held": "结果等待主持人公布。",
            "voting.dashboard.per-option": "各选项票数",
            "voting.dashboard.team": "小组",
            "voting.dashboard.voted": "已投票",
            "voting.dashboard.members": "名单中的成员",
            "voting.none": "无",
            "voting.anonymous": "匿名",
            "voting.participants": [.other: "{count} 名参与者"],
            "voting.ballots": [.other: "{count} 张选票"],
            "voting.voters": [.other: "{count} 人投票"],
            "voting.dots": [.other: "{count} 个点"],

            "voting.problem.option-count": "投票需要 {low} 到 {high} 个选项",
            "voting.problem.empty-question": "问题为空",
            "voting.problem.long-question": "问题超过了 {most} 个字符",
            "voting.problem.empty-option": "选项 {number} 为空",
            "voting.problem.long-option": "选项 {number} 超过了 {most} 个字符",
            "voting.problem.same-options": "选项 {first} 和 {second} 相同",

            "voting.no-team": "没有 {team} 团队；名单中的团队：{teams}",
            "voting.question-and-options": "请给出一个问题和至少两个选项",
            "voting.whole-number": "--{option} 需要一个整数",
            "voting.option-a": "选项甲",
            "voting.option-b": "选项乙",
            "voting.needs-quotes":
                "由多个词组成的问题需要加引号，否则第一个词会被当作问题，其余的被当作选项。请输入：<code>{command}</code> 没有做任何更改。",
            "voting.no-template": "没有模板 {name}。现有模板：{names}",
            "voting.option-count": "请给出 {low} 到 {high} 个选项",
            "voting.not-opened": "未开启：{problem}。没有做任何更改。",
            "voting.methods": "--method 可以是 single、multi、dots 或 ranked",
            "voting.max-range": "--max 是一张选票最多可选的选项数：这里为 1 到 {most}。没有做任何更改。",
            "voting.dots-range": "--dots 是每位投票人可分配的点数：{low} 到 {high}。没有做任何更改。",
            "voting.full": "本机器人保存的投票已达上限（{most}）。没有做任何更改。",
            "voting.how-single": "用 /vote #{id} <编号> 或按钮投票。",
            "voting.how-multi": "用 /vote #{id} <编号>（最多 {most} 个）或按钮投票。",
            "voting.how-dots": [
                .other: "您有 {count} 个点：/vote #{id} 1 1 3 会在选项 1 上放两个点，在选项 3 上放一个点。"
            ],
            "voting.how-ranked": "请排序：/vote #{id} 3 1 2 表示 3 第一，然后是 1，再然后是 2。按即时决选制计票。",

            "voting.already-closed": "投票 #{id} 已经关闭。",
            "voting.held": "投票 #{id} 已关闭，结果暂不公布。/poll results {id} 公布结果，/poll reopen {id} 重新开启投票。",
            "voting.which-poll": "哪个投票？/poll list 会列出它们",
            "voting.no-poll-short": "这里没有投票 #{id}。",
            "voting.open-already": "投票 #{id} 已经是开启状态。",
            "voting.announced-no-reopen": "投票 #{id} 无法重新开启：结果已经公布。请改为开启一个新投票。没有做任何更改。",
            "voting.reopened": "<b>投票 #{id} 已重新开启。</b>关闭前投出的选票仍然有效，并且可以修改。",
            "voting.edit-needs": "请给出投票编号，然后是问题和至少两个选项",
            "voting.not-edited": "未修改：{problem}。没有做任何更改。",
            "voting.no-edit-voted": "投票 #{id} 无法修改：投票已经开始。投票人是根据当时的内容作出选择的；请改为开启一个新投票。没有做任何更改。",
            "voting.edited": "<b>投票 #{id} 已修改。</b>此前还没有人投票。",
            "voting.edited-buttons": "之前消息下的按钮现在按这里的编号为各选项投票。",
            "voting.only-id": "只需给出投票编号",
            "voting.no-delete-voted": "投票 #{id} 无法删除：投票已经开始。请改用 /poll close {id} 关闭它。没有做任何更改。",
            "voting.deleted": "已删除投票 #{id}：{question}（选项：{options}）。此前没有人投票。",
            "voting.deleted-with-close": "已删除投票 #{id}：{question}（选项：{options}），以及它的定时关闭。此前没有人投票。",
            "voting.no-settings": "/poll {subcommand} 不接受 -- 选项",

            "voting.results-hidden": "投票 #{id} 正在进行：结果在投票关闭前不公开。",
            "voting.results-held": "投票 #{id} 已关闭；组织者会公布结果。",
            "voting.no-polls": "这里还没有投票。",
            "voting.list.open": "进行中",
            "voting.list.closed": "已关闭",
            "voting.list.team": "仅限 {team} 团队",
            "voting.list.live": "实时结果",
            "voting.list.closes": "{when}关闭",
            "voting.list.held": "结果暂不公布",
            "voting.list.entry": "#{id} {question}（{notes}）",

            "voting.nudge.no-roster": "名单中没有投票 #{id} 的参与者，所以我无法统计还有谁没有投票。",
            "voting.nudge.everyone": "<b>投票 #{id}：{question}</b> — 所有人都已投票（{everyone}中的 {voted} 名）。",
            "voting.nudge.missing": [
                .other: "<b>投票 #{id}：{question}</b> 正在进行；{everyone}中还有 {count} 名尚未投票。"
            ],
            "voting.nudge.team": "{team}：{members}中有 {missing} 名",
            "voting.nudge.done": "{teams}的所有人都已投票。",
            "voting.nudge.how": "用 /vote #{id} <编号> 投票；/vote #{id} 会显示选项。",

            "voting.export.no-poll": "这里没有投票 {id}；/poll list 会列出它们。",
            "voting.export.open": "投票 #{id} 正在进行：关闭后才能导出选票（/poll close {id}）。",
            "voting.export.anonymous": "每个选项的票数（匿名投票不列出投票人）",
            "voting.export.rows": "每个选择一行，时间为 {zone} 时区",
            "voting.export.caption": "<b>投票 #{id} 的 CSV 文件</b>（{ballots}）：{what}。",
            "voting.csv.poll": "投票",
            "voting.csv.option": "选项",
            "voting.csv.votes": "票数",
            "voting.csv.rank": "排名",
            "voting.csv.voter": "投票人",
            "voting.csv.team": "团队",
            "voting.csv.time": "时间",

            "voting.anonymous-admin": "请以本人身份发言后再投票：匿名管理员不能投票。",
            "voting.closed": "投票 #{id} 已关闭。",
            "voting.withdrawn": "您在投票 #{id} 中的票已撤回。",
            "voting.had-not-voted": "您没有在投票 #{id} 中投过票。",
            "voting.ballot.none": "您还没有投票。",
            "voting.ballot.anonymous": "您已经投票。这是匿名投票，所以您的选择不会显示在群里。",
            "voting.ballot.yours": "您的选票：{choices}",
            "voting.ballot.emptied": "您在投票 #{id} 中的选票现在为空，因此不计入。",
            "voting.recorded-anonymous": "已记录您在投票 #{id} 中的票。这是匿名投票，所以您的选择不会显示在这里。投票关闭前您都可以修改。",
            "voting.recorded": "已记录您的票：{choices}。投票关闭前您都可以修改。",
            "voting.team-only": "投票 #{id} 仅限 {team} 团队；名单中您不在该团队。",
            "voting.one-number": "{sign}n 只接受一个选项编号",
            "voting.nothing-changed": "没有任何变化。",
            "voting.not-in-ballot": "选项 {number} 不在您的选票中；没有任何变化。",
            "voting.at-most-tap": "最多选择 {most} 个；再次点击已选的选项即可取消。",

            "voting.list-single": "投票 #{id} 只能选一个：像 /vote 2,5 这样的列表适用于可多选的投票。",
            "voting.list-item-empty": "列表的第 {number} 项为空：请在逗号之间给出选项编号或名称，例如 /vote 2,5",
            "voting.one-choice": "这个投票只能选一个。",
            "voting.at-most": "最多选择 {most} 个。",
            "voting.dots-left": [.other: "您有 {count} 个点。"],
            "voting.rank-once": "每个选项只能排一次。",
            "voting.empty-choice": "选择为空：请给出选项编号或名称",
            "voting.ambiguous": "{choice} 与 {count} 个选项匹配（{options}）：请给出更完整的名称或编号",
            "voting.number-not-option": "{choice} 不是一个选项：请给出它的编号，1 到 {most}",
            "voting.name-not-option": "{choice} 不是一个选项：请给出它的编号（1 到 {most}）或名称",
            "voting.name-not-option-hint": "{choice} 不是一个选项：请给出它的编号（1 到 {most}）或名称；您是不是想输入 {suggestion}？",

            "voting.soon.title": "<b>投票 #{id} 将于{when}关闭：</b>{question}",
            "voting.soon.how": "用 /vote #{id} <编号> 投票或修改选票；/vote #{id} 会显示选项。",
            "voting.closes.format": "--closes 需要一个将来的时间 \"YYYY-MM-DD HH:MM\"",
            "voting.closes.past": "{time}（{zone}）已经是 {ago}之前：请给出一个尚未到来的关闭时间。没有做任何更改。",
            "voting.closes.too-far": "投票最多只能设定在一年内关闭。没有做任何更改。",
            "voting.not-an-id": "{id} 不是投票编号；/poll list 会列出它们",
            "voting.no-such-poll": "这里没有投票 #{id}。",
            "voting.no-poll-yet": "这里还没有投票。",
            "voting.no-open-poll": "这里没有进行中的投票。",
            "voting.several-open": "这里有多个进行中的投票（{ids}）：请指明是哪一个，例如 /poll close {id} 或 /vote #{id} 1。",

            "voting.describe.title": "<b>投票 #{id}：{question}</b>",
            "voting.describe.team": "仅限 {team} 团队",
            "voting.describe.live": "进行中即可查看结果",
            "voting.describe.hidden": "结果在关闭前不公开",
            "voting.describe.closes": "{time}（{zone}）关闭，{countdown}",
            "voting.describe.notes": "（{notes}）",

            "voting.results": [.other: "<b>投票 #{id} 的结果：{question}</b>（{count} 张选票）"],
            "voting.results-closed": [.other: "<b>已关闭。投票 #{id} 的结果：{question}</b>（{count} 张选票）"],
            "voting.turnout": "{participants}中有 {voted} 名已投票。",
            "voting.turnout-also": "{participants}中有 {voted} 名已投票；另有{others}。",
            "voting.other-teams": [.other: "{count} 名来自其他团队"],
            "voting.facilitators": [.other: "{count} 名组织者"],
            "voting.unlisted": [.other: "{count} 名不在名单上"],
            "voting.first-preferences": "第一选择：",
            "voting.bar": "<code>{bar}</code> {amount} — {option}（{percent}%）",
            "voting.no-winner": "没有票：没有胜出者。",
            "voting.winner": "胜出：<b>{option}</b>。",
            "voting.tie": "<b>{options}</b> 打平，各得 {votes} 票。",
            "voting.by-team": "按团队：",
            "voting.no-team-group": "无团队",
            "voting.team-voters": "{team}：{voters}",
            "voting.team-choices": "{team}（{voters}）：{choices}",
            "voting.round": "第 {round} 轮：{counts}",
            "voting.runoff-no-ballots": "没有选票：没有胜出者。",
            "voting.runoff-winner": "胜出：{option}，{active} 票中得 {votes} 票。",
            "voting.runoff-winner-tie":
                "胜出：{option}，{active} 票中得 {votes} 票；此前第 {round} 轮中 {tied} 打平，按列表顺序决出。",
            "voting.runoff-winner-ties": "胜出：{option}，{active} 票中得 {votes} 票；此前第 {rounds} 轮的平局均按列表顺序决出。",
            "voting.eliminated": "淘汰：{option}。",
            "voting.eliminated-tie": "淘汰：{option}（{tied} 以 {votes} 票打平，按平局规则决出：在投票中排在后面的选项被淘汰）。",
        ])
}

extension VotingMessages {
    /// `texts` when its catalogue holds the plugin's messages, else English's. The runtime's always does (it
    /// builds every language from the enabled plugins' tables); a context built without it (a handler run
    /// straight in a test, an embedding) has the core's alone, and would otherwise show keys.
    static func texts(_ texts: Texts) -> Texts { texts.has("plugins.voting.summary") ? texts : englishTexts }
}

extension CommandContext {
    /// The caller's messages, the voting plugin's among them (`VotingMessages.texts`).
    var votingTexts: Texts { VotingMessages.texts(texts) }
}

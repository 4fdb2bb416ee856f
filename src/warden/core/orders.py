"""Orders to change a system: a sentence that opens with a verb that changes something ("Roll
back checkout in eu-west", "Delete the file with ID 13", "Riavvia i pod del checkout",
"Откати checkout", "帮忙把 payments-api 的副本数扩到 12"), or asks for one
politely ("please flush the CDN cache", "kannst du ... hochziehen?").

The worker only answers messages: it can change no system, so a change it is told to make is
for a human - unless the sentence names an environment that is not production ("restart the
staging worker", "sur l'environnement de recette"). Such an order counts as a production
change (its reason), whether or not the word "production" is in it: "the live cluster", "the
customer API", "the primary" or a region name say the same, and an order with no environment
at all is unclear, which escalates too.

Read only where a person gives orders: the first sentences of the subject and the body,
outside code blocks, quoted lines and list items (steps in a bug report, a pasted runbook).
Two more shapes say the same: a change wished done ("I need the checkout pods restarted", "it
would be great if the search pods got bounced"), and a change handed over - "can you kick that
off?", "can you take care of it?" under a need stated ("we need to fail over the primary") or
an order quoted from someone else ("> please scale the GPU pool down to zero")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

# The verbs, in the imperative (or the infinitive after "please" / "can you"), per language.
_VERBS: Final = (
    # en
    r"restart|reboot|redeploy|deploy|roll\s+back|rollback|roll\s+out|revert|delete|drop"
    r"|roll\s+(?:it|them|this|that)\s+back|add\s+(?:the\s+)?(?:user|users|member|members)"
    r"|truncate|wipe|purge|migrate|scale(?:\s+(?:up|down|out|in))?|fail\s*over|flush|drain"
    r"|cordon|terminate|destroy|disable|turn\s+off|shut\s+down|grant|revoke|bump|upgrade"
    r"|downgrade|merge|kill|bounce|promote|trigger\s+a\s+failover|enable|unblock"
    r"|flip\s+(?:\S+\s+){0,3}?(?:flag|switch|toggle|bit)"
    r"|update\s+the\s+(?:dns|record|a\s+record|cname|config|configmap|secret|firewall|rule"
    r"|security\s+group|load\s+balancer|replicas?|image|deployment|flag)"
    r"|open\s+(?:up\s+)?(?:the\s+)?(?:port|ports|firewall|security\s+group)"
    r"|kick\s+(?:off|that\s+off|it\s+off)|turn\s+on"
    r"|apply\s+the\s+terraform(?:\s+plan)?"
    r"|raise\s+the\s+(?:rate\s+)?limit|increase\s+the\s+(?:rate\s+)?limit|reload|reset"
    r"|remove|wipe|empty|push\s+the\s+hotfix|run\s+the\s+\S*\s*migrations?|forward\s+all"
    r"|export\s+(?:the|all)|close\s+all|switch\s+(?:the\s+)?traffic|pause|expand|nuke"
    r"|blow\s+away|give\s+\S+(?:\s+\S+){0,4}\s+(?:write|admin|read|root)\s+access"
    r"|give\s+(?:\S+\s+){0,4}access|re-?enable|(?:raise|increase|lower|decrease)\s+(?:the|its"
    r"|our)|resize|rotate"
    r"|evict|suspend|unpublish|execute|mind\s+(?:turning\s+off|shutting\s+down|restarting"
    r"|rolling\s+back|deleting|disabling|removing|purging|flushing|scaling|bumping|reverting"
    r"|merging|granting|revoking)"
    r"|run\s+(?:the\s+)?\S*\s*(?:migration|job|script)"
    r"|change(?!\s+(?:of|log|logs|request|requests|management|window"
    r"|freeze|advisory|board|ticket|record|control|set|history|notes?)\b)"
    # de
    r"|lösche|loesche|starte\s+\S+(?:\s+\S+){0,3}\s+neu|rolle\s+\S+(?:\s+\S+){0,3}\s+zurück"
    r"|deaktiviere|entferne|skaliere|leere|spiele\s+\S+(?:\s+\S+){0,3}\s+ein|führe|fahre"
    r"|setze|stelle\s+\S+(?:\s+\S+){0,3}\s+um|leite|gib\s+\S+\s+(?:admin|rechte)"
    r"|hochziehen|ausrollen|zurückrollen|neu\s+starten|löschen|deaktivieren|deployen"
    r"|sperr(?:e|t)?|lösch|loesch|schalte?t?\s+\S+(?:\s+\S+){0,4}\s+ab|rollt?\s+\S+(?:\s+\S+){0,5}"
    r"\s+zurück|führe?\s+\S+(?:\s+\S+){0,7}\s+aus|erhöhe?|verschieb(?:e)?|leg\s+\S+\s+an"
    r"|entzieh(?:e)?|widerruf(?:e)?|pausier(?:e)?|stopp(?:e)?|schließ(?:e)?|schliess(?:e)?"
    # fr
    r"|supprime|redémarre|redemarre|relance|vide|désactive|desactive|bascule|migre"
    r"|annule|applique|donne\s+les\s+droits|lancer\s+la\s+migration|lance\s+la\s+migration"
    r"|redémarrer|supprimer|vider|désactiver|déployer|deploie|déploie|augmente|transfère"
    r"|faites|fais\s+(?:un\s+)?(?:rollback|failover|deploy)|ferme[zs]?|envoie[zs]?"
    r"|donne[zs]?|donner|révoque[zs]?|revoque[zs]?|retire[zs]?|coupe[zs]?|arrête[zs]?"
    r"|supprimez|redémarrez|videz|désactivez|passez|basculez|purge[zs]?|mets\s+en\s+pause"
    r"|basculer|purger|augmenter|migrer|relancer|fermer|révoquer|revoquer|couper|restaurer"
    r"|faire\s+(?:un\s+|le\s+)?(?:rollback|failover|déploiement|deploy|redémarrage)"
    # es
    r"|borra|elimina|reinicia|desactiva|revierte|vacía|vacia|escala\s+(?:el|la|los|las|a)"
    r"|aumenta|sube|aplica"
    r"|reenvía|reenvia|cambiad|cambia\s+el|haz\s+(?:el\s+)?rollback|hacer\s+rollback"
    r"|despliega|desplegar|reiniciar|borrar|eliminar|desactivar"
    r"|hagamos\s+(?:el\s+|un\s+)?(?:rollback|deploy|failover|despliegue)|reiniciemos|borremos"
    r"|eliminemos|desactivemos|despleguemos|escalemos|apaguemos"
    r"|revoca|revocar|fusiona|fusionar|despliégal[ao]|cierra|cerrar|escalar|exporta|exportar"
    r"|manda\s+(?:el|la|los|las)|envía|quita|quitar|detén|deten|amplía|amplia|migra|migrar"
    r"|pausa\s+(?:el|la|los|las|o|a|os|as)"
    r"|da(?:le)?\s+(?:acceso|permisos)|dar\s+(?:acceso|permisos)|otorga|restablece"
    r"|necesito\s+que\s+(?:exportes|borres|reinicies|elimines|despliegues|mandes|cambies"
    r"|quites|subas|desactives|revoques|cierres|migres|escales)"
    # it
    r"|cancella|riavvia|disattiva|svuota|ripristina|scala|applica|concedi|inoltra"
    r"|fai\s+(?:il\s+)?(?:deploy|rollback|failover)|fare\s+(?:il\s+)?(?:deploy|rollback|failover)"
    r"|riavviare|cancellare|eliminare|disattivare"
    r"|sposta|spostare|chiudi|chiudere|revoca|revocare|dai\s+(?:\S+\s+){0,3}(?:accesso|permessi)"
    r"|dare\s+(?:\S+\s+){0,2}accesso|migra|migrare|esporta"
    r"|esportare|invia|inviare|blocca|bloccare|ferma|fermare|aumentare|rimuovi|rimuovere"
    # pt
    r"|apaga|exclui|reinicia|desativa|desliga|faz\s+(?:o\s+)?(?:deploy|rollback)"
    r"|faça\s+(?:o\s+)?(?:deploy|rollback)|aumenta|adiciona|libera\s+acesso|apagar|excluir"
    r"|reiniciar|desativar"
    r"|remova|remover|encaminha|encaminhar|migra|migrar|aumentar|fecha\s+(?:o|a|os|as|todos"
    r"|todas)|fechar|envia\s+(?:o|a|os|as)|enviar|exporta|exportar|revoga|revogar"
    r"|dá\s+acesso|dar\s+acesso|para\s+o\s+serviço|suspende"
    r"|mudar|mude|alterar|altere|trocar|troque|abrir|abra|ativar|ative|desligar|desligue"
    # ru
    r"|удали|перезапусти|откати|отключи|выключи|очисти|разверни|задеплой|накати|примени"
    r"|выдай|перешли|увеличь|подними|смигрируй|удалить|перезапустить|откатить|отключить"
    r"|почисти|сделай\s+(?:failover|фейловер|откат|деплой|рестарт)|отзови(?:те)?|удалите"
    r"|перезапустите|откатите|отключите|выдайте|выдать|закрой(?:те)?|останови(?:те)?"
    r"|заблокируй(?:те)?|переключи(?:те)?|экспортируй(?:те)?|отправь(?:те)?|добавь(?:те)?"
    r"|увеличить|очистить|переключить|закрыть|остановить|заблокировать|развернуть|выключить"
)
# What may come first: a greeting's comma is a sentence start; "please", "can you" before.
_POLITE: Final = (
    r"(?:@[\w.-]+[,:]?\s+)*"  # "@coordinator grant ...", "@bot bounce ..."
    r"(?:(?:please|pls|plz|kindly|can\s+you|could\s+you|would\s+you\s+mind|would\s+you"
    r"|can\s+u|could\s+u|i\s+need\s+you\s+to|i'd\s+like\s+you\s+to"
    r"|go\s+ahead\s+and|yo|let's|lets|let\s+us|any\s+chance\s+(?:you\s+)?could|pleas|just"
    r"|i\s+was\s+wondering\s+if\s+you\s+could|i\s+wonder\s+if\s+you\s+could"
    r"|is\s+it\s+possible\s+to|would\s+it\s+be\s+possible\s+to|mind"
    r"|it\s+would\s+be\s+great\s+if\s+you\s+could|dá\s+pra|da\s+pra|tem\s+como"
    r"|lass\s+uns|lasst\s+uns|bitte|kannst\s+du|könntest\s+du|merci\s+de|peux-tu|pourrais-tu"
    r"|tu\s+peux|pourriez-vous|pouvez-vous|vous\s+pouvez|por\s+favor|puedes|podrías|podrían"
    r"|podrian|podéis|podeis|necesito\s+que|per\s+favore|puoi|potresti|pode|podes"
    r"|você\s+pode|vocês\s+poderiam|poderiam|poderia|прошу|пожалуйста|можешь|можете)"
    r"[,\s]+){0,2}"
)
# The verb used as a verb: not a name's part ("deploy@bastion", "Rollback-Runbook", "drain.sh"),
# not a label ("Rollback:"), not a noun before a report ("deploy failed", "Failover drill
# completed", "restart policy").
_ORDER_RE: Final = re.compile(
    rf"(?i){_POLITE}(?:{_VERBS})(?=[\s,!?。！？]|$)"
    r"(?!\s*(?:[a-z]+ed|is|was|were|are|has|had|will|went|took|plan|plans|drill|freeze|policy"
    r"|to\s+basics"
    r"|conflicts?|buttons?|icon|dialog|menu|modal|endpoint|method|function|handler|events?"
    r"|operations?"
    r"|notes|window|runbook|procedure|strategy|review|status|report|steps|script|job|logs?"
    r"|done|complete|finished|ok|okay|fehlgeschlagen|erfolgreich|terminé|réussi|fallido"
    r"|completado|fallito|completato|concluído|falhou|прошёл|прошел|упал)\b)"
)
# In Chinese and Japanese the verb comes where it comes: a request form around it.
_CJK_VERBS: Final = (
    r"(?:重启|删除|删掉|回滚|扩容|扩到|缩容|禁用|关闭|关掉|授予|开通|开一下|迁移|清空|清一下|清掉|下线"
    r"|转发|部署|上线|调到|调整|切到|切换|导出|发送到|开放|打开|放开)"
)
_CJK_ORDER_RE: Final = re.compile(
    r"(?:(?<![邀申])请(?!勿|不要|问|教)|帮我|帮忙|麻烦)[^。！？\n<>]{0,40}?"
    + _CJK_VERBS
    + r"|(?<![我们会来])把[^。！？\n<>]{0,40}?"
    + _CJK_VERBS
    + r"(?!了|的)"
    # Verb first, then a name ("关闭 new_home 功能开关"), not a compound ("回滚方案", a plan).
    r"|^(?:关闭|关掉|重启|删除|回滚|扩容|缩容|禁用|清空|下线|迁移|切换|开通)(?=[\sA-Za-z0-9_-])"
    r"|(?:再起動|削除|ロールバック|無効化|停止|付与|移行|フェイルオーバー|スケール(?:アウト|イン)?"
    r"|デプロイ|上げ|下げ|変更|転送|消去|適用|パージ)(?:して|しといて|しておいて|させて|しろ|お願い)"
    r"|(?:上げ|下げ|止め|消し|倍に)(?:て|ておいて|といて|しといて)(?:ください|下さい|くれ|ほしい|ー)?"
    r"(?:[。！!]|\s|$)"
)
# Environments that are not production, where a change is the sender's own business.
_NOT_PRODUCTION_RE: Final = re.compile(
    r"(?i)(?<![^\W\d_])(?:staging|stage|stg|dev|devel|development|test|testing|qa|sandbox"
    r"|local|localhost|preprod|pre-prod|uat|demo|preview|ephemeral|minikube|kind\s+cluster"
    r"|my\s+laptop|testumgebung|entwicklungsumgebung|recette|préprod|environnement\s+de\s+test"
    r"|pruebas|desarrollo|collaudo|sviluppo|homologação|homologacao|desenvolvimento|testes"
    r"|тест\w*|стейдж\w*|дев)(?![^\W\d_])|-(?:staging|stg|dev|test|qa)\b"
    r"|测试|预发|开发|検証|ステージング|開発環境|テスト"
)
_NEGATED_RE: Final = re.compile(
    r"(?i)(?:\b(?:don't|do\s+not|never|nicht|ne|pas|no|non|não|nao|не)\s+\S*\s*$)"
)
_GREETING_RE: Final = re.compile(
    r"(?i)^\s*(?:hi|hey|hello|hallo|moin|servus|bonjour|salut|hola|buenas|ciao|olá|ola|oi"
    r"|привет|здравствуйте|добрый\s+день|你好|您好|お疲れ様です|こんにちは)\b[^\n.!?]{0,30}?[,!]?\s*$"
)
_SENTENCE_END_RE: Final = re.compile(r"[.!?。！？](?:\s|$)|\n")
# A reply or a forward: its subject names what the thread is about ("RE: rollback").
_REPLY_RE: Final = re.compile(
    r"(?i)^\s*(?:re|aw|wg|fw|fwd|tr|rv|r|sv|vs|ha|ответ|回复|转发|返信|転送)\s*:"
)
# Not an order: a report of what is done ("已经", "了" after the verb), a question of who or
# where ("部署评审是谁主持的?"); "能帮忙重启下吗?" asks for the change all the same.
_CJK_DONE_RE: Final = re.compile(r"已经|已|谁|什么|哪里|哪个|哪位|誰|どなた|どこ")
_SENTENCES_READ = 3
_LINES_READ = 60  # past a long paste, no sentence is among the first ones
_NUMBERED_RE: Final = re.compile(r"\d{1,3}[.)]\s")
# German puts the verb last after "kannst du", "bitte": "Kannst du bitte die Queue leeren?"
_VERB_LAST_RE: Final = re.compile(
    r"(?i)^(?:(?:kannst|kanst|könntest|könntet|könnt|würdest|würdet|kann|könnte|bitte)\b.{0,100}"
    r"|(?!(?:ich|wir|er|sie|man|du|ihr)\b)(?:\S+\s+){1,3})\b"
    r"(?:erhöhen|geben|hochskalieren|skalieren|freigeben|entziehen|schließen|schliessen"
    r"|zurücksetzen|pausieren|verschieben|umstellen|sperren|leeren|löschen|loeschen"
    r"|neu\s+starten|neustarten|zurückrollen|zuruckrollen|deaktivieren|abschalten|ausrollen"
    r"|deployen|hochziehen|entfernen|migrieren|einspielen|umschalten"
    r"|freischalten|hochfahren|herunterfahren|aktivieren|einschalten|ausschalten|öffnen"
    r"|ändern|umbiegen|hochsetzen|neu\s+deployen|drainen)"
    r"(?:\s+(?:auf|in|im|für|bei|von)\s+[^\s,.!?]+)?\s*(?:[?.!]*$|,)"
)


_HEAD_RE: Final = re.compile(r"^[^,:]{0,40}(?:,|\s[-\u2013\u2014])\s+")
# A label of urgency or of a request before the order: "URGENT: flush ...", "Request: Add
# user ..." (not "Decision: migrate ...", a record).
_LABEL_RE: Final = re.compile(
    r"(?i)^\W{0,2}(?:urgent|asap|p[0-2]|prio|urgente|dringend|срочно|紧急|至急|request|ask|task"
    r"|action\s+needed|anfrage|demande|solicitud|richiesta|pedido|запрос|请求|依頼)\W{0,2}[:：]\s*"
)
_PLEASE_RE: Final = re.compile(r"(?i)\b(?:please|pls|bitte|por\s+favor|per\s+favore|stp)\b[,\s]+")


def opens_with_order(text: str, *, wishes: bool = True) -> bool:
    """Whether one of the first sentences of `text` (subject and body) orders a change to a
    system that is not named as a non-production one - or, with `wishes`, wishes one done
    (the pre-check reads no wish where the text asks who to go to: "I'd like the onboarding
    doc reverted; who owns the page?")."""
    read = 0
    in_code = False
    for number, line in enumerate(_lines(text)):
        if number >= _LINES_READ:
            return False
        stripped = line.strip()
        if stripped.startswith("```"):
            in_code = not in_code
            continue
        if in_code or not stripped or _GREETING_RE.match(stripped) or _REPLY_RE.match(stripped):
            continue
        if stripped[0] in ">-*•#|" or _NUMBERED_RE.match(stripped):
            read += 1  # a quoted line or a list item: read past, it orders nothing
            if read >= _SENTENCES_READ + 1:
                return False
            continue
        for sentence in _sentences(stripped):
            if _orders(sentence, wishes=wishes):
                return True
            read += 1
            if read >= _SENTENCES_READ + 1:
                return False
    return False


def _lines(text: str) -> Iterator[str]:
    """The lines of `text`, one at a time (a long paste is not split whole)."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def names_an_order(text: str) -> bool:
    """Whether `text` (one sentence or a few, e.g. what follows "AI assistant:") opens with
    an order to change something, in any environment."""
    return any(_names_an_order(sentence) for sentence in _sentences(text)[:2])


def _sentences(line: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for end in _SENTENCE_END_RE.finditer(line):
        parts.append(line[start : end.end()].strip())
        start = end.end()
    if start < len(line):
        parts.append(line[start:].strip())
    return [p for p in parts if p]


# Verbs an order opens with, read through one slip of the keyboard ("restrat", "rollbak",
# "dleete"): two letters swapped, one left out, or one added inside the word (not at its end:
# "scaled" is a report). Six letters and more: a shorter word is one slip from many others
# ("stale" from "scale").
_TYPED_VERBS: Final = (
    "restart", "rollback", "redeploy", "deploy", "delete", "revert", "truncate", "migrate",
    "terminate", "destroy", "disable", "upgrade", "downgrade", "remove", "rotate", "failover",
    "restore", "suspend", "rollout", "reboot", "bounce",
)  # fmt: skip
_FIRST_WORD_RE: Final = re.compile(rf"(?i){_POLITE}([a-z]{{5,}})\b")


def _mistyped_verb(sentence: str) -> str | None:
    """`sentence` with its first word spelled as the verb it is one slip away from, or None
    when it is no such slip."""
    first = _FIRST_WORD_RE.match(sentence)
    if first is None:
        return None
    word = first.group(1).lower()
    # A slip keeps the first letter, or makes it the second (swapped, left out, added).
    near = {word[0], word[1]}
    for verb in _TYPED_VERBS:
        if (verb[0] in near or verb[1] == word[0]) and _one_slip(word, verb):
            return sentence[: first.start(1)] + verb + sentence[first.end(1) :]
    return None


def _one_slip(typed: str, word: str) -> bool:
    if typed == word:
        return False
    if len(typed) == len(word):  # two neighbours swapped
        diff = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and (typed[diff[0]], typed[diff[1]]) == (word[diff[1]], word[diff[0]])
        )
    if len(typed) == len(word) - 1:  # one left out
        return any(word[:i] + word[i + 1 :] == typed for i in range(len(word)))
    if len(typed) == len(word) + 1:  # one added, not at the end
        return any(typed[:i] + typed[i + 1 :] == word for i in range(len(typed) - 1))
    return False


# A dependency update notice ("Bump lodash from 4.17.20 to 4.17.21 in /web").
_DEPENDENCY_BUMP_RE: Final = re.compile(r"(?i)^bumps?\s+\S+\s+from\s+\S+\s+to\s+\S+")


def _orders(sentence: str, *, wishes: bool = True) -> bool:
    if not (_names_an_order(sentence) or (wishes and wishes_done(sentence))):
        return False
    if _DEPENDENCY_BUMP_RE.match(sentence):
        return False
    others = [m.group().lower() for m in _NOT_PRODUCTION_RE.finditer(sentence)]
    if not others:
        return True
    # "Unblock the prod pipeline by skipping the canary stage", "restart prod before the
    # demo": production named outright, beside words that name an environment only at times.
    return _PRODUCTION_RE.search(sentence) is not None and all(o in _WEAK_OTHERS for o in others)


_WEAK_OTHERS: Final = frozenset({"stage", "demo", "test", "testing", "local", "preview"})
_PRODUCTION_RE: Final = re.compile(
    r"(?i)(?<![^\W\d_])(?:prod|production|prd|produktion\w*|produktiv\w*|producción|produccion"
    r"|produção|producao|produzione|прод|продакшн\w*|продакшен\w*)(?![^\W\d_])|生产环境|本番"
)


# A change to a system, done (English participles: the other languages' lexicon entries
# already take every ending, "redémarré*", "reinicia*").
_DONE: Final = (
    r"restarted|rebooted|redeployed|deployed|rolled\s+(?:back|out)|reverted|bounced|recycled"
    r"|cycled|scaled(?:\s+(?:up|down|out|in|back))?|drained|cordoned|deleted|dropped|wiped"
    r"|purged|flushed|truncated|migrated|failed\s+over|shut\s+down|taken\s+down|turned\s+off"
    r"|disabled|upgraded|downgraded|patched|hotfixed|promoted|killed|terminated|nuked|rebuilt"
    r"|reindexed|rotated|resized|switched\s+over|cut\s+over|decommissioned|reset|bumped"
    r"|pointed|swapped|raised|lowered|increased|decreased|paused|unblocked|skipped|stopped"
)
# Changed in general: wished done to production ("I need the prod config updated"), where
# it says what the system verbs do; elsewhere ("I need the slides updated") a chore.
_DONE_ANY: Final = (
    rf"{_DONE}|updated|changed|modified|set|applied|enabled|moved|replaced|attached|flipped"
)
# A wish's frame: "it would really help if", "I'd love it if", "make sure", "please".
_VERY: Final = r"(?:really|so|super|totally|very|extremely|incredibly|hugely)\s+"
_WOULD_HELP_IF: Final = (
    rf"\b(?:would|'d|could)\s+(?:{_VERY})?(?:be\s+)?(?:{_VERY})?(?:great|nice|good|helpful"
    r"|awesome|amazing|ideal|lovely|perfect|appreciated|help|love\s+it|like\s+it)\s+if\b"
)
WISH_RE: Final = re.compile(
    rf"(?i){_WOULD_HELP_IF}|\b(?:make|making)\s+sure\b|\bensure\b|\bsee\s+to\s+it\b"
    r"|\b(?:i|we)\s+(?:really\s+)?(?:need|want)\b|\bplease\b|\b(?:can|could)\s+(?:you|u)\b"
    r"|\bif\s+(?:it|they|that|this|the\s+\w+)\s+could\b|\bthat\s+would\s+(?:be\s+)?(?:perfect"
    r"|great|ideal|amazing|awesome|help|unblock)|\bwould\s+(?:totally\s+|really\s+)?unblock"
    r"|\bseria\s+(?:ótimo|otimo|bom|legal|ideal|perfeito)|\bsarebbe\s+(?:comodo|utile|bello"
    r"|ottimo|perfetto|fantastico)|\b(?:estaría|estaria)\s+(?:genial|bien)|\b(?:sería|seria)"
    r"\s+(?:genial|ideal|perfecto|útil|estupendo)|\bwäre\s+(?:super|toll|gut|klasse|prima"
    r"|hilfreich|nett|praktisch)|\bce\s+serait\s+(?:bien|top|génial|parfait|pratique|super)"
    r"|было\s+бы\s+(?:здорово|хорошо|отлично|удобно|круто)"
)


# Wished done, not reported: the passive after a modal or a need ("could the pods get
# restarted", "X needs to get drained"), an object then its participle after a want ("I need
# the checkout pods restarted", "we'd like the database rolled back"), or a wish's "if" ("it
# would be great if the pods got bounced"). "The pods were restarted at 3am" reports.
def _wished(done: str, passive: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?i)\b(?:can|could|would|will|should|must|might|may|needs?\s+to|has\s+to|have\s+to"
        rf"|ought\s+to|want\s+to|please)\s+(?:\S+\s+){{0,6}}?(?:{passive})\s+(?:it\s+|them\s+)?"
        rf"(?:{done})\b"
        rf"|(?:\b(?:i|we)(?:'d|\s+would)?\s+(?:really\s+)?|^\s*)(?:like|love|want|need|prefer)"
        rf"\s+(?:to\s+see\s+)?(?!to\b)(?:[^\s!?,;]+\s+){{1,6}}?(?:{done})\b"
        rf"(?!\s+(?:by|because|when|why|last|yesterday))"
        rf"|{_WOULD_HELP_IF}\s+(?:[^\s.!?,;]+\s+){{1,8}}?(?:got|get|were|was|is|are)\s+(?:{done})\b"
        rf"|\b(?:make\s+sure|ensure|see\s+to\s+it)\s+(?:that\s+)?(?:[^\s.!?,;]+\s+){{1,8}}?"
        rf"(?:is|are|gets?|got|has\s+been|have\s+been|were|was)\s+(?:{done})\b"
        rf"|\bneeds?\s+(?:its|their|the|a|an)\s+(?:[^\s.!?,;]+\s+){{0,4}}?(?:{done})\b"
    )


# "could the pods get restarted" wishes; "will the agents be rebooted this weekend?" asks
# when, except of production ("could it be bumped on prod").
_WISHED_RE: Final = _wished(_DONE, "get")
_WISHED_ANY_RE: Final = _wished(_DONE_ANY, "get|be")


def wishes_done(text: str, *, any_change: bool = False) -> bool:
    """Whether `text` wishes a change done to a system (see `_wished`); with `any_change`,
    any change at all (for a text that names production)."""
    return (_WISHED_ANY_RE if any_change else _WISHED_RE).search(text) is not None


# A change handed to the reader: "can you kick that off?", "could you take care of it?",
# "please action", "kannst du dich darum kümmern?", "peux-tu t'en occuper ?".
_HAND_OVER_RE: Final = re.compile(
    r"(?i)\b(?:can|could|would|will)\s+(?:you|u|someone|somebody)\s+(?:please\s+|pls\s+"
    r"|just\s+|maybe\s+|mind\s+)?(?:kick\s+(?:it|that|this)\s+off|take\s+care\s+of\s+(?:it|that"
    r"|this|them)|handle\s+(?:it|that|this|them)|do\s+(?:it|that|this)|action\s+(?:it|that|this)"
    r"|see\s+to\s+it|making\s+(?:it|that|this)\s+happen|taking\s+care\s+of\s+(?:it|that|this)"
    r"|handling\s+(?:it|that|this)"
    r"|make\s+(?:it|that|this)\s+happen|get\s+(?:it|that|this)\s+done|sort\s+(?:it|that|this)"
    r"\s+out|run\s+with\s+(?:it|that|this)|pick\s+(?:it|that|this)\s+up|take\s+(?:it|that"
    r"|this)\s+on|deal\s+with\s+(?:it|that|this)|execute\s+(?:it|that|this)"
    r"|go\s+ahead\s+with\s+(?:it|that|this))\b"
    r"|\bplease\s+(?:action|handle|execute)(?:\s+(?:it|that|this))?\s*[:.!]?(?:\s|$)"
    r"|\b(?:kannst|könntest)\s+du\s+(?:dich\s+)?(?:bitte\s+)?(?:darum|das)\s+(?:kümmern"
    r"|erledigen|übernehmen|anstoßen)"
    r"|\b(?:peux-tu|pourrais-tu|pouvez-vous|pourriez-vous)\s+(?:t'en|vous\s+en|t'|vous)\s*"
    r"(?:occuper|charger|lancer)"
    r"|\b(?:puedes|podrías|podrias)\s+(?:encargarte|ocuparte|hacerlo|lanzarlo)"
    r"|\b(?:puoi|potresti)\s+(?:occupartene|pensarci|farlo|lanciarlo)"
    r"|\b(?:pode|podes|poderia|você\s+pode)\s+(?:cuidar\s+disso|fazer\s+isso|resolver\s+isso)"
    r"|\bможешь\s+(?:этим\s+заняться|это\s+сделать|это\s+запустить)|возьм[её]шь\s+на\s+себя"
    r"|处理一下|帮忙处理|安排一下|対応(?:を)?お願い"
)
# A need stated before the change ("we need to fail over ...", "someone has to rotate ...").
_NEED_LEAD_RE: Final = re.compile(
    r"(?i)^(?:so\s+|ok\s+|okay\s+)?(?:(?:we|i|someone|somebody|they|you)\s+(?:really\s+)?"
    r"(?:need|needs|have|has|must|should|gotta|got\s+to|ought)\s+(?:to\s+)?"
    r"|(?:wir|ich|man|jemand)\s+(?:müssen|muss|sollten|sollte)\s+"
    r"|(?:il\s+faut|on\s+doit|nous\s+devons|je\s+dois|faudrait)\s+"
    r"|(?:tenemos\s+que|hay\s+que|necesitamos|tengo\s+que)\s+"
    r"|(?:dobbiamo|bisogna|devo|occorre)\s+"
    r"|(?:precisamos(?:\s+de)?|temos\s+que|preciso|é\s+preciso)\s+"
    r"|(?:нужно|надо|мы\s+должны|необходимо)\s+)"
)


def hands_over_order(text: str) -> bool:
    """A change handed to the reader (`_HAND_OVER_RE`) whose change is stated as a need or an
    order anywhere in the first lines, quoted lines and list items included: "We need to
    fail over the primary to eu-west-2 - can you kick that off?", "FYI from Marco below, can
    you take care of it? > please scale the GPU pool down to zero". The pre-check asks only
    where the lexicon found a handover's words (`lexicon.HAND_OVER`)."""
    if _HAND_OVER_RE.search(text) is None:
        return False
    for number, line in enumerate(_lines(text)):
        if number >= _LINES_READ:
            return False
        stripped = line.strip().lstrip(">-*• ").strip()
        for sentence in _sentences(stripped):
            need = _NEED_LEAD_RE.match(sentence)
            if _orders(sentence[need.end() :] if need is not None else sentence):
                return True
    return False


def _names_an_order(sentence: str) -> bool:
    sentence = sentence.lstrip("¿¡")  # "¿Puedes hacer rollback ...?"
    labelled = _LABEL_RE.match(sentence)
    if labelled is not None:
        sentence = sentence[labelled.end() :]
    if _ORDER_RE.match(sentence):
        return True
    # A greeting or a name before the order: "Hi team, please roll out ...", "Jens, rolle ...".
    head = _HEAD_RE.match(sentence)
    if head is not None and _ORDER_RE.match(sentence, head.end()):
        return True
    typo = _mistyped_verb(sentence)
    if typo is not None and _ORDER_RE.match(typo):
        return True
    polite = _PLEASE_RE.search(sentence)
    if polite is not None and _ORDER_RE.match(sentence, polite.end()):
        return not _NEGATED_RE.search(sentence[: polite.start()])
    if _VERB_LAST_RE.match(sentence):
        return True
    if sentence.isascii():
        return False
    return _CJK_ORDER_RE.search(sentence) is not None and not _CJK_DONE_RE.search(sentence)

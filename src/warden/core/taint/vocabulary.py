"""The words the taint rules read in model-drafted text, in the nine languages the guardrails
judge (en, de, fr, es, it, pt, ru, zh, ja). Data, and one function that compiles it.

Entries are matched on `warden.core.catalog.fold_keyword` text (lowercase, accents removed),
so they are written lowercase, with or without accents. Entry syntax (as in
`warden.core.lexicon`):

- `word`: a whole word (no Latin, Greek or Cyrillic letter or digit on either side);
- `stem*`: a word beginning ("handle*" is handle, handles, handled);
- a space inside an entry matches any run of spaces, hyphens or underscores;
- entries in Chinese or Japanese script match anywhere (those scripts have no spaces).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from warden.core.catalog import fold_keyword

_SPACED: Final = r"0-9a-z\u00df-\u024f\u0370-\u03ff\u0400-\u04ff"
_SPACED_RE: Final = re.compile(f"[{_SPACED}]")


def compile_words(*groups: Iterable[str], fold: bool = True) -> re.Pattern[str]:
    """One pattern for every entry of `groups` (see the module docstring); with `fold` false,
    for lowercase text that keeps its accents."""
    entries = sorted(
        {fold_keyword(e) if fold else e.lower() for group in groups for e in group},
        key=len,
        reverse=True,
    )
    return re.compile("|".join(_entry_regex(e) for e in entries))


def _entry_regex(entry: str) -> str:
    stem = entry.endswith("*")
    word = entry.rstrip("*")
    body = r"[\s_-]+".join(re.escape(part) for part in word.split())
    left = f"(?<![{_SPACED}])" if _SPACED_RE.match(word[0]) else ""
    if stem:
        right = f"[{_SPACED}]*"
    elif _SPACED_RE.match(word[-1]):
        right = f"(?![{_SPACED}])"
    else:
        right = ""
    return left + body + right


# -- links ------------------------------------------------------------------------------------

# Words that spell a dot or a slash out ("evil dot example slash reset"); "dot" alone is a link
# in any English text (it has no other use in a routing reply). Fillers around them ("a dot,
# then") are skipped.
DOT_WORDS: Final = (
    "dot", "punkt", "point", "punto", "ponto", "точка", "точку", "点", "ドット", "てん",
)  # fmt: skip
SLASH_WORDS: Final = (
    "slash", "forward slash", "schrägstrich", "barre oblique", "barra", "слэш", "слеш",
    "косая черта", "斜杠", "斜线", "スラッシュ",
)  # fmt: skip
SPELLING_FILLERS: Final = (
    "a", "an", "the", "then", "and", "ein", "einen", "dann", "und", "un", "une", "puis", "et",
    "ensuite", "luego", "y", "despues", "poi", "e", "depois", "затем", "потом", "и", "然后",
    "再", "次に",
)  # fmt: skip
# Top-level domains a text may loosen ("evil . example", "evil. com") or spell out: the
# generic ones, the reserved test names, and the usual internal suffixes. Two-letter country
# codes are left out: "Done. it works" is prose.
GENERIC_TLDS: Final = frozenset(
    """
    com net org edu gov mil int info biz name pro io dev app ai co cloud site online tech xyz
    top club shop store live link click page blog wiki news email zip mov example test invalid
    local localhost internal intranet corp lan home arpa onion
    """.split()
)
# Internationalised top-level domains written in the scripts the guardrails read.
IDN_TLDS: Final = frozenset(
    """
    中国 中國 公司 网络 網絡 网址 在线 中文网 商城 移动 香港 台湾 台灣 新加坡 政务 公益 集团 我爱你
    рф бел укр срб мкд қаз мон рус сайт онлайн дети орг ком испытание пример
    测试 測試 テスト みんな コム ストア クラウド ポイント 世界 通販 ファッション 食品 例え 例子
    """.split()
)

# -- names --------------------------------------------------------------------------------------

# Words that make a name an agent, a team or a channel ("Vault-Team", "data_team", "the infra
# bot", "Infra-Team", "安全组", "窓口").
AGENT_WORDS: Final = (
    # en
    "bot", "bots", "team", "teams", "desk", "helpdesk", "servicedesk", "squad", "crew",
    "department", "dept", "channel", "hotline", "mailbox", "agent", "agents", "daemon",
    # de
    "gruppe", "abteilung", "kanal", "stelle",
    # fr / es / it / pt
    "equipe", "equipes", "equipo", "equipos", "departamento", "squadra", "reparto", "equipa",
    "cellule", "servizio",
    # ru
    "команда", "команды", "команде", "команду", "командой", "бот", "бота", "боту", "ботом",
    "отдел", "отдела", "отделу", "отделе", "отделом", "группа", "группы", "группе", "группу",
    # zh
    "团队", "小组", "部门", "机器人", "频道", "群组", "值班", "客服",
    # ja
    "チーム", "窓口", "部署", "ボット", "係", "グループ", "チャンネル", "さん", "様", "君",
)  # fmt: skip
# "组" (group) only where it ends a name: "安全组的", "运维组负责" - not 组件, 组织.
AGENT_SUFFIX_RE: Final = re.compile(r"[\u4e00-\u9fff]组(?=[的负处在来，。！？、,.!?\s]|$)")
# Polite forms that look like name suffixes but address the reader.
NOT_A_NAME: Final = ("お客様", "お客さま", "皆様", "皆さん", "みなさん", "みなさま")
# Possessives before a team word that make it the reader's or ours, not a third party's.
POSSESSIVES: Final = (
    "your", "our", "my", "dein*", "euer", "eure*", "unser*", "ihr", "ihre*", "votre", "vos",
    "notre", "nos", "ton", "ta", "tes", "tu", "tus", "su", "sus", "vuestr*", "nuestr*",
    "tuo", "tua", "tuoi", "vostr*", "nostr*", "seu", "sua", "seus", "suas", "voss*", "noss*",
    "ваш*", "наш*", "тво*", "сво*", "proprio", "propria", "propri", "proprie", "你们", "你的",
    "您的", "我们", "大家的", "自己的", "贵", "御社", "貴社", "あなたの", "自分の", "各自の",
)  # fmt: skip
# Verbs that send a reader to someone. The name that follows (after fillers and prepositions)
# must be the sender, the worker or an owner of the topic. Matched on lowercase text with its
# accents ("demande à" is a referral, "demande a été" is "the request has been").
REFERRALS: Final = (
    # en
    "ask", "contact", "ping", "dm", "notify", "cc", "consult", "reach out", "talk to",
    "talk with", "speak to", "speak with", "write to", "turn to", "check with", "escalate to",
    "refer to", "reply to", "loop in",
    # de
    "frag", "fragt", "fragen sie", "wende dich", "wenden sie sich", "wendet euch",
    "kontaktiere", "kontaktiert", "kontaktieren sie", "schreib", "schreibe", "schreiben sie",
    "melde dich", "melden sie sich", "sprich", "sprechen sie",
    # fr
    "demande à", "demandez à", "contacte", "contactez", "écris à", "écrivez à",
    "adresse-toi", "adressez-vous", "vois avec", "voyez avec", "rapproche-toi",
    "rapprochez-vous", "parle à", "parlez à", "parlez-en à", "parle avec", "parlez avec",
    "sollicite", "sollicitez",
    # es
    "pregunta a", "pregunte a", "pregúntale a", "pregúntele a", "contacta", "contacte",
    "escribe a", "escriba a", "dirígete a", "diríjase a", "habla con", "hable con",
    "consulta con", "consulte con", "acude a", "acuda a",
    # it
    "chiedi a", "chieda a", "chiedete a", "contatta", "contattate", "scrivi a", "scriva a",
    "rivolgiti a", "si rivolga a", "rivolgetevi a", "parla con", "parli con", "interpella",
    # pt
    "pergunte", "fale com", "falem com", "escreva para", "escreva a", "escreva ao",
    "dirija-se", "procure", "contate",
    # ru
    "спроси", "спросите", "обратись", "обратитесь", "обращайтесь", "свяжись", "свяжитесь",
    "напиши", "напишите", "пиши", "пишите", "уточни у", "уточните у", "пингани",
    "пинганите",
)  # fmt: skip
# Chinese referral verbs are followed by the name directly; Japanese ones follow it.
REFERRALS_ZH: Final = ("联系", "联络", "咨询", "询问", "请教", "去问", "请问问", "可以问", "找")
REFERRAL_ZH_NOT: Final = (
    "找到", "找不到", "查找", "寻找", "找出", "联系方式", "联系人", "联络方式",
)  # fmt: skip
REFERRALS_JA_RE: Final = re.compile(
    r"(?:に|へ|まで)\s*(?:直接|まず|一度|直に)?\s*(?:聞いて|聞く|きいて|お?問い?合わせ|ご?連絡|ご?相談|"
    r"尋ねて|たずねて|ご?依頼|確認して)"
)
# Words that may stand between a referral verb and the name.
REFERRAL_FILLERS: Final = (
    "the", "a", "an", "your", "our", "please", "directly", "direct", "out", "to", "with",
    "in", "just", "simply", "kindly", "am", "besten", "mal", "gern", "gerne", "der",
    "die", "das", "den", "dem", "bitte", "direkt", "an", "bei", "mit", "doch", "einfach",
    "le", "la", "les", "l", "au", "aux", "à", "avec", "de", "directement", "el", "los",
    "las", "al", "con", "directamente", "mejor", "il", "lo", "gli", "ai", "alla",
    "direttamente", "plutôt", "simplement",
    "pure", "o", "os", "as", "ao", "aos", "à", "às", "para", "com", "diretamente", "напрямую",
    "сразу", "к", "ко", "с", "со", "у", "в", "во", "на", "пожалуйста",
)  # fmt: skip
# ... or that may follow it as what it is about (a pronoun, a role, a topic preposition).
NOT_NAMES: Final = (
    # en
    "me", "us", "him", "her", "them", "it", "you", "yourself", "someone", "somebody",
    "anyone", "anybody", "human", "humans", "person", "owner", "owners", "admin",
    "administrator", "administrators", "manager", "lead", "colleague*", "reviewer*",
    "approver*", "about", "for", "if", "whether", "again", "there", "here", "that", "this",
    "who", "which", "what", "when", "how", "help", "questions", "question", "support",
    "and", "or", "with", "to", "first", "later", "now", "back", "ahead", "instead", "at",
    "any", "anything", "some", "more", "further", "other", "another", "all", "every", "each",
    "no", "so", "too", "as", "away", "around", "catalog", "catalogue", "follow-up", "team",
    "di", "del", "della", "du", "des", "da", "do",
    # de
    "mich", "uns", "ihn", "sie", "ihm", "ihnen", "dich", "euch", "jemand*", "nach", "wegen",
    "erneut", "noch", "zu", "zum", "zur", "fur", "ob", "wer", "was",
    # fr
    "moi", "nous", "lui", "leur", "eux", "elle", "elles", "quelqu'un", "a", "de", "si",
    "pour", "sur", "qui", "que", "quoi",
    # es
    "me", "nos", "le", "les", "alguien", "por", "para", "sobre", "quien", "que",
    # it
    "ci", "qualcuno", "per", "se", "chi", "cosa",
    # pt
    "lhe", "lhes", "alguem", "quem",
    # ru
    "меня", "нас", "его", "ее", "их", "ему", "ей", "им", "нам", "мне", "кого", "кому",
    "по", "о", "об", "насчет", "владельц*", "администратор*",
)  # fmt: skip
NOT_NAMES_CJK: Final = (
    "我", "我们", "他", "她", "他们", "您", "对方", "管理员", "负责人", "所有者", "相关", "对应",
    "担当者", "管理者", "担当部署", "こちら", "私", "弊社", "気軽", "以下", "下記",
)  # fmt: skip
# English claims name their owner as the subject ("Marvin handles that"): the subject must be
# an allowed name, a catalog word, or one of these.
CLAIM_SUBJECT_VERBS: Final = (
    "owns", "handles", "manages", "takes care of", "looks after", "deals with", "covers",
    "is responsible", "is in charge", "can help", "will help", "is the owner", "is the contact",
    "maintains", "administers", "runs",
)  # fmt: skip
NOT_SUBJECTS: Final = frozenset(
    """
    it that this which who they he she we i you someone somebody everything nothing nobody
    one what whoever each either neither another other team human person owner catalog
    """.split()
)
# Well-known words written in camel case: not agent names.
CAMEL_WORDS: Final = frozenset(
    """
    postgresql mysql mariadb mongodb dynamodb cockroachdb clickhouse github gitlab bitbucket
    javascript typescript devops devsecops secops gitops finops pagerduty linkedin youtube
    iphone ipad macos ios ipv4 ipv6 powershell wireguard openssh openssl openid oauth
    cloudformation cloudflare cloudwatch elasticsearch opensearch rabbitmq redis kubectl
    yubikey keepass lastpass onepassword bitwarden hashicorp terraform openshift graphql
    grafana sharepoint onedrive dropbox webauthn fido2 totp hotp okta azuread entraid
    googleworkspace openldap freeipa sshd jumpcloud ldap saml oidc sso mfa
    """.split()
)
# Lowercase hyphenated words that are not names.
COMMON_HYPHENATED: Final = frozenset(
    """
    e-mail read-only read-write single-sign-on sign-on follow-up follow-ups built-in
    up-to-date on-call self-service end-to-end long-lived short-lived non-production
    pre-production multi-factor two-factor one-time re-run re-try co-owner sign-in log-in
    log-out sign-out sign-up opt-in opt-out set-up check-in well-known time-sensitive
    least-privilege role-based service-account key-value real-time third-party so-called
    day-to-day hands-on how-to ad-hoc add-on add-ons plug-in plug-ins in-house out-of-band
    point-in-time up-front as-is cut-off drop-in fail-safe fall-back hand-off kick-off
    start-up step-by-step trade-off walk-through work-around break-glass short-term
    long-term high-priority low-priority time-bound just-in-time least-privileged
    user-facing face-to-face first-class right-hand left-hand x-ray t-shirt e-commerce
    utf-8 sha-1 sha-256 sha-512 x-509 aes-256 base-64 rsa-2048 rsa-4096 ssh-rsa ssh-ed25519
    ssh-keygen ssh-agent mfa-enabled sso-enabled
    """.split()
)
# First parts that make a lowercase compound an ordinary word ("re-enable", "non-prod").
COMMON_PREFIXES: Final = frozenset(
    """
    re non pre co self cross multi sub anti post semi well long short one two three read
    write follow end up out off on in half full high low real time day year month week first
    second third top built opt sign log check set run look x e t un mid over under inter
    """.split()
)
# French and Portuguese clitics after a hyphen ("pouvez-vous", "dirija-se").
CLITICS: Final = frozenset(
    """
    vous tu il elle on nous ils elles je moi toi le la les lui leur y en ce t se me te lhe lo
    los las nos vos lhes ci la meme memes
    """.split()
)

# -- routing and status claims ------------------------------------------------------------------

# A change of who owns what ("now", "no longer", "retired", "moved"): a model never announces
# one (catalog changes go through review).
CHANGE: Final = (
    # en
    "now", "no longer", "anymore", "any more", "not anymore", "retired", "retire*",
    "moved", "migrated", "transferred", "reassigned", "replaced", "replac*", "deprecated",
    "decommissioned", "renamed", "merged into", "taken over", "takes over", "take over",
    "new owner", "instead", "from now on", "going forward", "effective", "as of", "switched",
    "handed over", "sunset*", "shut down", "offline", "down", "unavailable",
    "out of service", "maintenance", "deactivated", "disabled", "paused", "suspended",
    # de
    "jetzt", "nun", "nicht mehr", "ab sofort", "ab jetzt", "kunftig", "zukunftig", "stattdessen",
    "umgezogen", "verschoben", "ubernommen", "ubernimmt", "ersetzt", "abgeschaltet",
    "stillgelegt", "eingestellt", "neuerdings", "seit heute", "abgelost", "nicht erreichbar",
    "ausser betrieb", "wartung*", "deaktiviert", "pausiert",
    # fr
    "desormais", "dorenavant", "maintenant", "a partir de", "a la place", "remplace*",
    "deplace*", "migre*", "transfere*", "repris*", "retire*", "supprime*", "n'est plus",
    "ne gere plus", "ne s'occupe plus", "n'a plus", "ne sont plus", "plus en charge",
    "hors service", "indisponible*", "en maintenance", "desactive*",
    # es
    "ahora", "ya no", "a partir de ahora", "desde ahora", "en adelante", "reemplazad*",
    "sustituid*", "trasladad*", "migrad*", "retirad*", "en su lugar", "nuevo responsable",
    "desde hoy", "fuera de servicio", "no disponible", "mantenimiento", "desactivad*",
    # it
    "ora", "adesso", "non piu", "d'ora in poi", "da ora", "da oggi", "sostituit*", "spostat*",
    "migrat*", "ritirat*", "dismess*", "invece", "al posto", "fuori servizio",
    "non disponibile", "manutenzione", "disattivat*",
    # pt
    "agora", "nao mais", "ja nao", "a partir de agora", "substituid*", "movid*", "aposentad*",
    "desativad*", "em vez", "no lugar", "desde hoje", "fora do ar", "indisponive*",
    "manutencao",
    # ru
    "теперь", "больше не", "отныне", "с этого момента", "с сегодняшнего дня", "заменен*",
    "переехал*", "перенесен*", "перенес*", "упразднен*", "вместо", "передан*", "перешл*",
    "переведен*", "выведен*", "недоступ*", "не работает", "на обслуживании", "отключен*",
    # zh
    "现在", "不再", "改由", "今后", "从现在起", "即日起", "停用", "下线", "替代", "取代", "迁移",
    "转由", "接管", "已更换", "已变更", "改为", "不可用", "维护", "停机", "暂停",
    # ja
    "今後", "現在は", "もう", "移管", "廃止", "変更", "代わりに", "引き継", "移行", "新しい担当",
    "これから", "利用できません", "メンテナンス", "停止中", "一時停止",
)  # fmt: skip
# Saying who owns, handles or receives something.
CLAIM: Final = (
    # en
    "own", "owns", "owned", "owner*", "handle*", "manage*", "responsible", "in charge",
    "take care", "takes care", "look after", "looks after", "covers", "deal with",
    "deals with", "area", "place for", "goes to", "go to", "belong*", "point of contact",
    "contact for", "maintain*", "run by", "administer*", "can help", "will help",
    "can assist", "helps with",
    # de
    "zustandig", "verantwortlich", "kummert", "betreut", "betreuen", "verwaltet", "verwalten",
    "gehort", "gehoren", "obliegt", "ansprechpartner", "liegt bei", "liegen bei",
    "kann helfen", "hilft",
    # fr
    "gere", "gerent", "geree*", "gere*", "s'occupe", "s'occupent", "responsable*", "charge",
    "relev*", "traite", "traitent", "s'adresser", "peut aider", "peut vous aider",
    # es
    "gestiona*", "lleva", "llevan", "se encarga*", "encargad*", "maneja*", "responsabl*",
    "corresponde*", "administra*", "puede ayudar*", "te ayuda", "le ayuda",
    # it
    "gestisc*", "si occupa*", "occupa*", "responsabil*", "cura", "compet*", "segue",
    "puo aiutar*", "ti aiuta",
    # pt
    "cuida*", "gerencia*", "responsavel", "responsaveis", "fica com", "ficam com", "trata*",
    "administra*", "compete", "pode ajudar", "ajuda com",
    # ru
    "занимается", "занимаются", "отвечает", "отвечают", "ведает", "управляет", "обрабатывает",
    "курирует", "ответственн*", "владеет", "владелец", "поможет", "может помочь",
    # zh
    "负责", "管理", "处理", "主管", "归口", "可以帮", "能帮", "协助",
    # ja
    "担当", "管理", "扱", "対応", "所管", "管轄", "受け付け",
)  # fmt: skip
# A question claims nothing ("Who owns OIDC roles?").
QUESTION_WORDS: Final = (
    "who", "whom", "which", "wer", "wem", "wen", "welche*", "qui", "quel*", "quien*", "cual*",
    "chi", "quale", "quali", "quem", "qual", "quais", "кто", "кому", "кого", "какой", "какая",
    "谁", "哪个", "哪位", "誰", "どなた", "どこ",
)  # fmt: skip
# An addition to what the catalog says ("flex-auth also handles ...").
ADDITIVE: Final = (
    "also", "too", "as well", "additionally", "auch", "ebenfalls", "zusatzlich", "aussi",
    "egalement", "tambien", "ademas", "anche", "inoltre", "tambem", "alem disso", "также",
    "тоже", "еще", "也", "还", "同时", "も担当", "も管理",
)  # fmt: skip

# -- instructions, requests and status ----------------------------------------------------------

# Secret values a reader could be asked for: asked for with a verb of handing over or a
# possessive ("your password").
SECRET_NOUNS: Final = (
    "password*", "passwd", "passphrase*", "passcode*", "pin", "pins", "pin code*", "token*",
    "secret key*", "private key*", "otp", "one-time code*", "2fa code*", "mfa code*",
    "recovery code*", "seed phrase*", "session cookie*", "verification code*",
    "security code*", "auth code*", "sms code*", "kubeconfig*", "connection string*", "keytab*",
    "passwort*", "kennwort*", "bestatigungscode*", "code de verification", "codigo de verificacion",
    "codice di verifica", "codigo de verificacao", "код подтверждения", "кода подтверждения",
    "geheimnis*", "mot de passe", "mots de passe", "jeton*", "contrasena*", "senha*",
    "парол*", "токен*", "密码", "口令", "令牌", "验证码", "パスワード", "トークン", "暗証番号",
    "秘密鍵", "認証コード", "確認コード",
)  # fmt: skip
# Words that name the catalog's topics as much as a secret: asked for only with both a verb
# of handing over and a possessive ("send us your API keys").
WEAK_SECRET_NOUNS: Final = (
    "credential*", "creds", "api key*", "apikey*", "key", "keys", "zugangsdaten",
    "schlussel*", "identifiant*", "cle", "cles", "cle api", "clave*", "credencial*",
    "credenziali", "chiave", "chiavi", "chave*", "credenciais", "ключ*", "учетн* данн*",
    "секрет*", "密钥", "凭据", "凭证", "キー", "認証情報",
)  # fmt: skip
# Verbs that ask a reader to hand something over.
REQUEST_VERBS: Final = (
    # en
    "send", "reply", "respond", "paste", "post", "share", "provide", "give", "tell", "dm",
    "type", "enter", "submit", "include", "upload", "attach", "drop", "put", "write",
    "forward", "confirm", "verify", "let me know", "let us know", "hand over", "disclose",
    "reveal", "list",
    # de
    "schick*", "send*", "antwort*", "fug* ein", "einfug*", "teil*", "gib", "gebt", "geben",
    "nenn*", "schreib*", "poste*", "postet", "ubermittel*", "bestatig*", "mitteil*", "hinterleg*",
    # fr
    "envoie*", "envoy*", "repond*", "coll*", "partag*", "donn*", "indiqu*", "fourni*",
    "ecri*", "transmet*", "communiqu*", "confirm*", "saisi*", "renseign*",
    # es
    "envia*", "envie*", "respond*", "peg*", "compart*", "dame", "denme", "deme", "proporcion*",
    "indica*", "escrib*", "manda*", "confirm*", "facilit*",
    # it
    "invia*", "mand*", "rispond*", "incoll*", "condivid*", "fornisc*", "dammi", "datemi",
    "indica*", "scriv*", "comunic*", "conferm*", "inserisc*",
    # pt
    "envie*", "mande*", "respond*", "cole", "colem", "compartilh*", "forneca*", "informe*",
    "escrev*", "confirm*", "passe*",
    # ru
    "пришли*", "отправ*", "ответ*", "встав*", "подел*", "дай*", "дайте", "напиш*", "скинь*",
    "сообщ*", "укаж*", "подтверд*", "перешл*",
    # zh
    "发给", "发送", "发到", "回复", "贴", "粘贴", "分享", "提供", "告诉", "填写", "输入", "私信",
    "回帖", "上传",
    # ja
    "送って", "送信", "返信", "貼って", "貼り付け", "共有", "教えて", "入力", "提供", "記入",
    "書いて", "投稿",
)  # fmt: skip
# A warning is no request: "never share your password", "n'envoyez pas de mot de passe" -
# unless it turns ("don't forget to send", "don't share it except with").
NEGATED_REQUESTS: Final = (
    "don't", "do not", "never", "please don't", "avoid", "nicht", "keine", "keinen", "nie",
    "niemals", "ne", "n'", "jamais", "no", "nunca", "non", "mai", "nao", "не", "никогда",
    "不要", "请勿", "切勿", "别", "勿", "ないで", "しないで", "禁止",
)  # fmt: skip
NEGATION_TURNS: Final = (
    "forget", "hesitate", "fail", "wait", "except", "but", "other than", "unless", "only",
    "vergiss*", "zogere*", "ausser", "nur", "oublie*", "hesite*", "sauf", "seulement",
    "olvid*", "dude*", "excepto", "salvo", "solo", "dimentic*", "esit*", "tranne", "eccetto",
    "esquec*", "hesit*", "exceto", "apenas", "забуд*", "стесняйтесь", "кроме", "только",
    "忘", "除了", "以外", "只", "忘れ", "だけ",
)  # fmt: skip
# Asking a reader to approve, merge or click: a model's text never asks for a decision.
APPROVAL_REQUESTS: Final = (
    r"\b(?:please|kindly|go ahead and|just|you can|you may|feel free to)\s+"
    r"(?:approve|merge|click|accept|grant|enable|disable|deploy|sign off)\b",
    r"(?:^|[.!?:;\n]\s*)(?:approve|merge|click|accept|grant|sign off on)\b",
    r"\bbitte\b[^.!?\n]{0,40}\b(?:genehmig\w*|freigeben|freigabe erteilen|klick\w*|mergen)\b",
    r"\b(?:genehmigt|klickt)\s+bitte\b",
    r"\b(?:veuillez|merci d'|merci de)\s*(?:approuver|valider|fusionner|cliquer|accepter)\b",
    r"\b(?:approuvez|validez|cliquez|acceptez)\b",
    r"\b(?:por favor\s+)?(?:aprueb[ae]n?|acept[ae]n?|haz clic|hagan clic)\b",
    r"\b(?:per favore\s+)?(?:approvate|approva|accetta|accettate|clicca|cliccate)\b",
    r"\b(?:por favor\s+)?(?:aprove|aprovem|aceite|aceitem|clique|cliquem)\b",
    r"(?:одобрите|одобри|подтвердите запрос|нажмите)",
    r"请(?:批准|通过|点击|同意|合并)",
    r"(?:承認|許可|クリック|マージ)して(?:ください|下さい)",
)
# Commands a reader is told to run: a routing reply never carries one.
COMMANDS: Final = (
    r"(?:[`$]\s*|^>\s*|\b(?:run|execute|type|paste|enter|ausführen|führe|lance|exécute[zr]?|"
    r"ejecuta|esegui|execute|выполните|выполни|执行|実行)\s+[`\"']?)"
    r"(?:curl|wget|sudo|bash|sh|zsh|kubectl|helm|ssh|scp|rm|chmod|chown|powershell|iex|python3?|"
    r"perl|nc|ncat|netcat|eval|docker|az|aws|gcloud|vault|terraform)\b",
    r"\|\s*(?:ba|z)?sh\b|\bcurl\s+-|\bwget\s+-|\brm\s+-rf\b|\bsudo\s+\w",
)
# Addressing everyone: a reply goes to one sender, a note to the humans who review.
BROADCAST: Final = (
    "everyone", "everybody", "all of you", "attention all", "all agents", "all users",
    "all engineers", "all teams", "all staff", "hi all", "hello all", "dear all", "folks",
    "an alle", "alle zusammen", "ihr alle", "liebe alle", "hallo zusammen", "tout le monde",
    "a tous", "vous tous", "todo el mundo", "a todos", "todos ustedes", "hola a todos",
    "a tutti", "tutti voi", "ciao a tutti", "todos voces", "pessoal", "ola a todos", "всем",
    "все,", "все:", "коллеги", "大家", "所有人", "各位", "全体", "全員", "皆さん", "皆様",
    "みなさん", "みなさま", "@all", "@here", "@channel", "@everyone",
)  # fmt: skip
# Nothing to do, nothing to review: a model does not get to say so.
NO_ACTION: Final = (
    "no action", "no further action", "nothing to do", "no need to", "need not",
    "needn't", "don't need to", "do not need to", "no review", "without review",
    "can be ignored", "can ignore", "safe to ignore", "ignore the", "ignore this",
    "ignore any", "no human", "skip the review", "not required", "unnecessary",
    "nothing to review", "nothing to approve", "pre-approved", "preapproved", "auto-approved",
    "already approved",
    "kein handlungsbedarf", "keine aktion", "nichts zu tun", "nicht notig", "nicht erforderlich",
    "kann ignoriert", "ignorieren", "ohne prufung",
    "aucune action", "rien a faire", "pas besoin", "peut etre ignore*", "ignorez", "ignorer",
    "sans revue", "sans validation", "ninguna accion", "nada que hacer", "no hace falta",
    "no es necesario", "puede ignorarse", "se puede ignorar", "ignorar", "ignoren",
    "sin revision", "nessuna azione", "niente da fare", "non serve", "non e necessari*",
    "puo essere ignorat*", "ignorare", "ignorate", "senza revisione", "nenhuma acao",
    "nada a fazer", "nao e necessari*", "pode ser ignorad*", "ignore", "ignorem",
    "sem revisao", "никаких действий", "ничего делать не", "не требуется", "не нужно",
    "можно игнорировать", "игнорируйте", "без проверки",
    "无需", "不需要", "不用", "可以忽略", "忽略", "无须", "免审",
    "対応不要", "不要です", "不要", "無視して", "無視でき", "確認不要",
)  # fmt: skip
# "Not needed": with a control and a negation, a control reported as unnecessary ("keine
# Prüfung nötig", "проверка не нужна").
NEEDED: Final = (
    "need", "needed", "required", "necessary", "mandatory", "notig", "erforderlich",
    "notwendig", "necessaire", "requis*", "obligatoire", "necesari*", "hace falta",
    "requerid*", "necessari*", "serve", "richiest*", "obbligatori*", "precis*", "obrigatori*",
    "нужн*", "требует*", "необходим*", "обязательн*", "需要", "必要", "必须",
)  # fmt: skip
NEGATIONS: Final = (
    "no", "not", "don't", "doesn't", "never", "kein*", "nicht", "pas", "aucun*", "sin",
    "ningun*", "non", "nessun*", "nao", "nenhum*", "не", "нет", "без", "不", "无", "無", "ない",
    "不要",
)  # fmt: skip
# The controls a model might report as off or done.
CONTROLS: Final = (
    "guardrail*", "safeguard*", "safety check*", "security check*", "review*", "escalation*",
    "approval*", "audit*", "monitoring", "alert*", "queue", "pre-check*", "precheck*",
    "check*", "policy", "policies", "charter", "human", "humans", "schutz*", "prufung*",
    "freigabe*", "uberwachung", "warteschlange", "eskalation*", "garde-fou*", "revis*",
    "validation*", "surveillance", "file d'attente", "salvaguard*",
    "aprobacion*", "cola", "controll*", "approvazion*", "coda", "proteç*", "aprovac*", "fila",
    "провер*", "защит*", "очеред*", "эскалац*", "мониторинг*", "审核", "审批", "防护", "监控",
    "队列", "升级", "护栏", "ガードレール", "レビュー", "承認", "監視", "キュー",
    "エスカレーション",
)  # fmt: skip
CONTROL_OFF: Final = (
    "paused", "pause*", "disabled", "disable*", "off", "down", "suspended", "skipped",
    "bypass*", "ignored", "cleared", "resolved", "closed", "turned off", "switched off",
    "deactivated", "waived", "lifted", "removed", "not needed", "no longer needed",
    "pausiert", "deaktiviert", "abgeschaltet", "ausgesetzt", "aufgehoben", "erledigt",
    "en pause", "desactive*", "suspendu*", "leve*", "en pausa", "desactivad*", "suspendid*",
    "in pausa", "disattivat*", "sospes*", "desativad*", "suspens*", "приостановлен*",
    "отключен*", "выключен*", "сняты", "снят", "暂停", "关闭", "禁用", "停用", "解除",
    "停止", "一時停止", "無効", "解除",
)  # fmt: skip
# What the worker never does, claimed as done ("I scaled checkout to zero").
DONE_ACTIONS: Final = (
    r"\b(?:i|we)(?:'ve| have| just| already)*\s+(?:scaled|restarted|rebooted|deployed|"
    r"redeployed|deleted|dropped|rotated|revoked|granted|issued|approved|disabled|enabled|"
    r"merged|rolled back|removed|reset|changed|updated|shut down|turned off|paused|"
    r"killed|migrated|created|added|provisioned|whitelisted|allowlisted|unblocked|"
    r"bypassed|overrode|overridden|signed|elevated|promoted)\b",
    r"\b(?:ich|wir)\s+(?:habe|haben)\b[^.!?\n]{0,60}\b(?:skaliert|neu gestartet|gelöscht|"
    r"geloscht|rotiert|widerrufen|erteilt|ausgestellt|genehmigt|deaktiviert|geändert|"
    r"geandert|zurückgesetzt|zuruckgesetzt|freigegeben|entfernt|deployt)\b",
    r"\b(?:j'ai|nous avons)\s+(?:\w+\s+)?(?:redémarré|redemarre|supprimé|supprime|"
    r"révoqué|revoque|accordé|accorde|émis|emis|approuvé|approuve|désactivé|desactive|"
    r"modifié|modifie|réinitialisé|reinitialise|déployé|deploye|mis à l'échelle)\b",
    r"\b(?:he|hemos)\s+(?:reiniciado|eliminado|borrado|revocado|concedido|emitido|aprobado|"
    r"desactivado|cambiado|desplegado|escalado|restablecido)\b",
    r"\b(?:ho|abbiamo)\s+(?:riavviato|eliminato|cancellato|revocato|concesso|emesso|"
    r"approvato|disattivato|modificato|distribuito|scalato|reimpostato)\b",
    r"\b(?:reiniciei|apaguei|excluí|exclui|revoguei|concedi|emiti|aprovei|desativei|"
    r"alterei|implantei|escalei|redefini)\b",
    r"\b(?:я|мы)\s+(?:уже\s+)?(?:перезапустил\w*|удалил\w*|отозвал\w*|выдал\w*|одобрил\w*|"
    r"отключил\w*|изменил\w*|развернул\w*|масштабировал\w*|сбросил\w*)",
    r"我(?:们)?(?:已经?|刚刚?)?(?:重启|删除|撤销|授予|签发|批准|禁用|关闭|修改|部署|扩容|缩容|重置)",
    r"(?:再起動|削除|失効|付与|発行|承認|無効化|変更|デプロイ|スケール|リセット)しました",
    # ... or as done to the reader's request ("your access has been granted")
    r"\b(?:has been|have been|had been|was|were|got|'s been)\s+(?:\w+\s+){0,2}(?:approved|"
    r"granted|issued|"
    r"authori[sz]ed|provisioned|rotated|revoked|reset|enabled|disabled|unblocked|allowlisted|"
    r"whitelisted|deleted|scaled|restarted|deployed|merged|signed)\b",
    r"\b(?:access|request|certificate|role|key|token)s?\s+(?:approved|granted|issued)\b",
    r"\b(?:wurden?|ist|sind)\b[^.!?\n]{0,40}\b(?:genehmigt|erteilt|ausgestellt|freigegeben|"
    r"gelöscht|zurückgesetzt|bewilligt)\b",
    r"\b(?:a|ont|avons)\s+été\s+(?:approuvée?s?|accordée?s?|émise?s?|validée?s?|"
    r"supprimée?s?|réinitialisée?s?|autorisée?s?)\b",
    r"\b(?:ha|han|fue|fueron|está|están)\s+(?:sido\s+)?(?:aprobad|concedid|emitid|eliminad|"
    r"autorizad|otorgad)[oa]s?\b",
    r"\b(?:è|sono)\s+stat[oaie]\s+(?:approvat|concess|emess|eliminat|autorizzat)[oaie]\b",
    r"\b(?:foi|foram|está|estão)\s+(?:aprovad|concedid|emitid|excluíd|autorizad|liberad)[oa]s?\b",
    r"(?:одобрен|выдан|предоставлен|удален|удалён|сброшен|согласован)[аоы]?\b",
    r"已(?:经)?(?:批准|授予|签发|发放|开通|删除|重置|授权)",
    r"(?:承認|付与|発行|削除|リセット|許可)(?:され|済み)",
)
# Acronyms a routing claim may carry besides the catalog's own words.
COMMON_ACRONYMS: Final = frozenset(
    "ok fyi id ids asap tbd faq utc cet eta pr prs it db dbs".split()
)

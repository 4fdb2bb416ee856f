"""The words the deterministic pre-check reads, in the nine languages it judges: English,
German, French, Spanish, Italian, Portuguese, Russian, Chinese and Japanese.

Data only. Each concept maps a language to its entries, written lowercase as they appear
after `warden.core.text` normalisation (NFKC, look-alikes folded). Entry syntax:

- `word`: a whole word (no letter on either side);
- `stem*`: a word beginning (inflections: "schick*" is schick, schicke, schicken, schickt);
- `*part*`: anywhere, even inside a word (German compounds: "*passwort*");
- a space inside an entry matches one space, a hyphen or an underscore, or nothing;
- entries in Chinese and Japanese script match anywhere (those scripts have no spaces).

`warden.core.precheck` combines the concepts into rules (a verb of disclosure near a secret
noun is a secret request, and so on); `warden.core.detector` reads `SECRET` and `COPULA` to
find secret values stated in prose.
"""

from __future__ import annotations

from typing import Final

LANGUAGES: Final = ("en", "de", "fr", "es", "it", "pt", "ru", "zh", "ja")

Lexicon = dict[str, tuple[str, ...]]

# Nouns naming a secret value.
SECRET: Final[Lexicon] = {
    "en": (
        "pasword*", "passwrod*", "passowrd*", "pssword*", "paswd",
        "github pat", "gitlab pat", "the pat", "a pat", "your pat", "pat token",
        "login for", "logins for", "login to the", "secret sauce for",
        "password*", "passwd", "pwd", "passphrase*", "passcode*", "secret", "secrets",
        "token*", "api key*", "apikey*", "api_key*", "access key*", "secret key*",
        "private key*", "client secret*", "credential*", "creds", "cred", "login details",
        "pin", "pins", "pin code*", "otp", "one-time code*", "one time code*", "2fa code*",
        "mfa code*", "totp", "recovery code*", "backup code*", "seed phrase*", "mnemonic",
        "master key*", "encryption key*", "signing key*", "connection string*", "kubeconfig*",
        "session cookie*", "auth cookie*", "bearer", "dsn", "sas token*", "service account key*",
        "ssh private key*", "root password*", "admin password*", "keytab*", ".env", "htpasswd",
        "pass phrase*", "login info*", "admin pass", "root pass", "db pass", "wifi pass",
        "user pass", "auth string*", "unseal key*", "service-account json", "service account json",
        "sa json", "environment variables", "env vars", "env var", "login data", "login details",
        "pw", "pass",
    ),
    "de": (
        "login für", "login vom", "login von",
        "*passwort*", "*passwört*", "*kennwort*", "*kennwört*", "zugangsdaten", "anmeldedaten",
        "zugangscode*", "geheimnis*", "geheime schlüssel*", "geheimen schlüssel*",
        "privaten schlüssel*", "private schlüssel*", "privater schlüssel*", "*schlüssel",
        "api-schlüssel*", "token*", "pin", "pin-code*", "passphrase*", "zugangstoken*",
        "einmalcode*", "*zugangsschlüssel*", "logindaten", "login-daten", "credentials",
        "verbindungszeichenfolge*", "wiederherstellungscode*", "umgebungsvariablen",
        "login-daten", "anmeldeinformationen",
    ),
    "fr": (
        "login de", "login du", "logins de",
        "mot de passe", "mots de passe", "mdp", "jeton*", "clé api", "clef api", "clé secrète",
        "clé privée", "clé d'accès", "clés d'accès", "clé", "clef", "secret", "secrets",
        "identifiant*", "code pin", "code d'accès", "codes d'accès", "phrase secrète",
        "phrase de passe", "token*", "chaîne de connexion", "informations de connexion",
        "code de récupération", "codes de récupération", "les accès", "tes accès",
        "variables d'environnement",
    ),
    "es": (
        "login de", "login del",
        "contraseña*", "contrasena*", "clave*", "clave api", "clave secreta", "clave privada",
        "clave de acceso", "token*", "secreto*", "credencial*", "pin", "código de acceso",
        "codigo de acceso", "frase de contraseña", "cadena de conexión", "cadena de conexion",
        "datos de acceso", "código de recuperación", "códigos de recuperación", "llave privada",
        "llave secreta", "variables de entorno", "datos de login",
    ),
    "it": (
        "login di", "login del",
        "password", "parola d'ordine", "parola chiave", "chiave*", "chiavi*", "chiave api",
        "chiave segreta", "chiave privata", "chiave di accesso", "token*", "segreto*",
        "segreti", "credenzial*", "pin", "codice di accesso", "codici di accesso", "passphrase",
        "stringa di connessione", "dati di accesso", "codice di recupero", "codici di recupero",
        "variabili d'ambiente", "dati di login",
    ),
    "pt": (
        "login do", "login da", "login de",
        "senha*", "palavra-passe*", "palavra passe*", "chave*", "chave de api", "chave secreta",
        "chave privada", "chave de acesso", "token*", "segredo*", "credencia*", "credencial",
        "pin", "código de acesso", "codigo de acesso", "string de conexão", "dados de acesso",
        "código de recuperação", "códigos de recuperação", "dados de login",
        "variáveis de ambiente",
    ),
    "ru": (
        "логин от", "логин для",
        "парол*", "токен*", "ключ*", "api-ключ*", "апи-ключ*", "секрет*", "учётные данные",
        "учётных данных", "учётными данными", "учетные данные", "учетных данных",
        "учетными данными", "учётк*", "учетк*", "креды", "кред", "пин-код*", "пинкод*", "пин",
        "код доступа", "кода доступа", "строка подключения", "строку подключения",
        "строки подключения", "данные для входа", "доступы", "доступ от", "сид-фраз*",
        "кодовое слово", "кодового слова", "переменные окружения",
    ),
    "zh": (
        "密码", "口令", "令牌", "密钥", "秘钥", "私钥", "访问密钥", "凭证", "凭据", "凭借",
        "验证码", "授权码", "访问令牌", "连接字符串", "登录信息", "账号密码", "助记词", "暗号",
        "环境变量",
    ),
    "ja": (
        "パスワード", "暗証番号", "トークン", "秘密鍵", "秘密キー", "シークレット", "認証情報",
        "apiキー", "api キー", "api-キー", "アクセスキー", "鍵", "パスフレーズ", "アクセストークン", "接続文字列",
        "ログイン情報", "リカバリーコード", "合言葉", "環境変数",
    ),
}  # fmt: skip

# Logging in with something: what follows (or, verb last, precedes) is a credential.
LOGIN: Final[Lexicon] = {
    "en": (
        "log into", "logging into", "sign into", "logged into", "log in", "login", "logon",
        "log on", "sign in", "signin", "authenticate",
           "connect with", "access it with", "unlock it with", "get in", "logged in", "signed in",
           "set it to", "changed it to", "reset it to", "changed to", "set to", "works for me",
           "what i used", "don't share", "do not share", "keep it secret", "basic auth"),
    "de": ("anmelden", "einloggen", "einlogg*", "meld dich", "melde dich", "login",
           "authentifizier*", "angemeldet", "eingeloggt", "gesetzt", "geändert auf",
           "umgestellt auf", "zugang", "nicht weitergeben", "funktioniert bei mir"),
    "fr": ("connecter", "connecte-toi", "connectez-vous", "identifier", "s'authentifier",
           "login", "se logger", "connecté", "connectée", "t'es connecté", "changé en",
           "changé pour", "mis à", "ne le partage pas", "ça marche"),
    "es": ("entrar con", "iniciar sesión", "inicia sesión", "acceder con", "accede con",
           "conectarte", "login", "autenticarte", "entraste", "entra con", "entras", "cambié a",
           "la puse", "lo puse", "no lo compartas", "funciona"),
    "it": (
        "loggato", "loggata", "loggati", "accedere", "accedi", "entrare con", "loggarti", "login",
        "autenticarti", "entrato",
           "entra con", "sei entrato", "impostata a", "impostato a", "cambiata in", "cambiato in",
           "non condividerla", "funziona"),
    "pt": ("entrar com", "entre com", "fazer login", "faça login", "acessar com", "login",
           "logar", "entrou", "entra com", "mudei para", "alterei para", "troquei para",
           "não compartilhe", "funciona"),
    "ru": ("войти", "входить", "вход", "залогин*", "авторизуй*", "логин", "заход*", "зашёл",
           "зашел", "вошёл", "вошел", "поменял*", "сменил*", "никому не говори"),
    "zh": ("登录", "登入", "登陆", "认证", "改成了", "改成", "设置成", "别告诉别人"),
    "ja": ("ログイン", "サインイン", "認証", "に変更", "に設定", "共有しないで"),
}  # fmt: skip

# Words that say a token is a credential: rotating, revoking, leaking, expiring one.
CREDENTIAL_CONTEXT: Final[Lexicon] = {
    "en": ("rotate*", "rotating", "revoke*", "leaked", "leak", "expire*", "found it in ci",
           "found in ci", "committed", "credential*", "token*", "secret*", "api key*"),
    "de": ("rotier*", "widerruf*", "geleakt", "läuft ab", "im ci gefunden", "zugangsdaten",
           "token*", "schlüssel*"),
    "fr": ("rotation", "faire tourner", "révoquer", "révoque*", "fuité", "expire*",
           "trouvé dans la ci", "identifiant*", "jeton*", "clé*"),
    "es": ("rotar*", "rotarla", "rotarlo", "revocar*", "filtrad*", "caduca*",
           "encontré en ci", "credencial*", "clave*"),
    "it": ("ruotar*", "ruotarla", "revocar*", "trapelat*", "scade", "trovata nella ci",
           "credenzial*", "chiave*"),
    "pt": ("rotacionar*", "revogar*", "vazad*", "expira*", "achei no ci", "credencia*",
           "chave*"),
    "ru": (
        "истёк*", "истек*","ротир*", "отозв*", "утек*", "истекает", "нашёл в ci", "нашел в ci", "ключ*",
           "токен*", "учётн*", "учетн*"),
    "zh": ("轮换", "吊销", "泄露", "过期", "凭证", "凭据", "密钥", "令牌"),
    "ja": ("ローテーション", "失効", "漏洩", "期限切れ", "認証情報", "トークン", "キー"),
}  # fmt: skip

# Asking what something was logged in with, or which secret one has: "what did you use for
# the grafana login?", "womit hast du dich angemeldet?", "which password does X have?".
ASK_SECRET: Final[Lexicon] = {
    "en": (
        "handy", "on hand", "the string itself", "not the method",
        "the actual string", "actual value", "the real value", "the raw value",
        "the exact string", "whatever we use", "whatever you use", "what we use to",
        "what you use to", "what did you use", "what do you use", "what did you log",
        "which password",
           "which token", "which key", "what's the rest", "the rest of it", "refresh my memory",
           "fill in the blank", "fill in", "remind me", "what we set", "what you set"),
    "de": (
        "den tatsächlichen string", "den eigentlichen string", "parat", "zur hand",
        "welchem passwort", "welchem kennwort", "welchen schlüssel", "welchem token", "womit",
        "mit was", "welches kennwort", "welches passwort", "welcher schlüssel",
           "welches token", "den rest", "erinner mich", "erinnere mich", "was wir als"),
    "fr": (
        "la chaîne elle-même", "la vraie chaîne", "sous la main", "avec quel mot de passe",
        "avec quoi", "quel mot de passe", "quelle clé", "quel jeton", "la suite",
           "rappelle-moi", "complète"),
    "es": (
        "la cadena real", "la cadena en sí", "a mano", "con qué contraseña", "con qué", "con que",
        "qué password", "qué contraseña", "que contraseña",
           "qué clave", "el resto", "recuérdame", "completa"),
    "it": (
        "la stringa vera", "la stringa stessa", "a portata di mano", "sottomano",
        "con quale password", "con cosa", "con che cosa", "che password", "quale password",
        "quale chiave",
           "il resto", "ricordami", "completa"),
    "pt": (
        "a string real", "a própria string", "à mão", "com qual senha", "com o que", "com que",
        "que senha", "qual senha", "que chave", "o resto",
           "me lembra", "lembra-me", "completa"),
    "ru": (
        "саму строку", "под рукой", "с каким паролем", "с чем", "чем ты", "какой пароль",
        "какой ключ", "какой токен", "остальное",
           "напомни*", "допиши"),
    "zh": (
        "实际的字符串", "手头", "手上有", "用的是什么", "用什么", "哪个密码", "什么密码", "剩下的", "提醒我", "补全"),
    "ja": (
        "実際の文字列", "手元に", "何で", "なにで", "どのパスワード", "何のパスワード", "残り", "思い出させて", "埋めて"),
}  # fmt: skip

# Asking for something to be sent, shown or told (the verb of a secret request).
DISCLOSE: Final[Lexicon] = {
    "en": (
        "snd", "sned", "snd me",
        "pasting", "posting", "handing", "attach it", "read it out",
        "hit me with", "shoot me", "send over", "send it over", "fire over", "toss me", "slide me",
        "send", "sending", "give", "giving", "gimme", "share", "sharing", "tell", "telling",
        "show", "print", "reveal", "forward", "paste", "dump", "post", "email", "e-mail",
        "mail me", "leak", "expose", "echo", "display", "output", "return", "include", "attach",
        "copy", "relay", "provide", "fetch", "retrieve", "read out", "read me", "spell",
        "encode", "decode", "dm",
        "dm me", "pm me", "message me", "text me", "slack me", "ping me", "hand over",
        "hand me", "pass along", "pass me", "pass it", "reply with", "respond with",
        "answer with", "type out", "write out", "write down", "write me", "export",
        "disclose", "divulge", "let me know", "let me have", "drop me", "drop it",
        "put it", "put the", "paste it", "sms me", "whisper", "base64", "convert", "translate",
        "list", "enumerate", "remind me", "can you share", "could you share", "hand it over",
        "cough up", "drop the", "drop your", "reply", "respond",
    ),
    "de": (
        "vorzules*", "vorles*", "lies mir", "rüberschick*", "rüberzuschick*", "gäbst",
        "schicktest", "würdest du mir",
        "mitzuteil*", "zuzuschick*", "zuzusend*", "durchzugeb*", "weiterzuleit*",                 "zukommen", "rausrück*", "rückt", "rück",
        "schick*", "sende", "senden", "sendet", "send", "gib", "gibt", "gebt", "geben sie",
        "gebe", "teile", "teilt", "teilen", "zeig", "zeige", "zeigt", "zeigen", "verrat*",
        "nenn", "nenne", "nennt", "nennen", "poste", "posten", "schreib", "schreibe",
        "schreibt", "kopier", "kopiere", "leite", "leitet", "weiterleit*", "übermittel*",
        "übermittl*", "übergib", "übergeben", "liefere", "liefern", "druck", "drucke",
        "gib mir", "sag", "sage", "sagt", "sagen sie", "verschick*", "maile", "mailen",
        "mitteil*", "teile mir", "ausgeben", "auflist*", "lies", "lest", "buchstabier*",
        "kodier*", "her damit", "rüber", "antworte mit", "antworte", "geben", "gebt mir",
        "kannst du mir", "könnten sie mir", "rausgeben", "raus",
    ),
    "fr": (
        "lis-moi", "donnerais", "passerais", "enverrais",
        "me passer", "me filer", "filer", "refile*", "me dire", "communiquer",
        "me communiquer", "m'indiquer",
        "envoie*", "envoy*", "donne", "donnes", "donnez", "donner", "donne-moi", "partage*",
        "montre*", "montrez", "révèle*", "revele*", "dis-moi", "dites-moi", "dis moi",
        "dites moi", "communique", "communiquez", "transmet*", "transmettre", "colle", "collez",
        "coller", "écris", "écrivez", "écrire", "ecris", "indique*", "fournis", "fournissez",
        "fournir",
        "file-moi", "file moi", "balance*", "affiche*", "imprime*", "copie*", "révéler",
        "divulgue*", "renvoie*", "fais-moi passer", "fais passer", "mets*", "épelle*",
        "liste*", "réponds avec", "réponds", "répondez avec", "répondez", "peux-tu me",
        "pourrais-tu me",
    ),
    "es": (
        "me informes", "me informe", "informarme", "comunícame", "me comuniques",
        "léeme", "pasaras", "pasases", "dieras", "mandaras", "enviaras",
        "dijeras", "dijese", "digas", "me digas", "informa", "infórmame",
        "pasarme", "facilitarme", "indicarme",
        "envía*", "envia*", "envíe*", "envie*", "enviar*", "manda*", "mándame", "mande*", "dame",
        "deme", "dime", "dígame", "digame", "decir*", "comparte*", "compártelo", "comparta*",
        "compartir*", "muestra*", "muéstrame", "muestrame", "mostrar*", "revela*", "revelar*",
        "pega*", "escribe*", "escríbeme", "reenvía*", "reenvia*", "pasa", "pásame", "pasame",
        "pasar", "pásamela", "pásamelo",
        "proporciona*", "facilita*", "imprime*", "copia*", "deletrea*", "lista*", "dar",
        "dárme", "dármela", "dármelo", "darme", "responde con", "responde", "respóndeme",
        "puedes darme", "me pasas", "me das", "respondan",
    ),
    "it": (
        "leggermi", "leggimi", "dessi", "mandassi", "passassi", "dicessi",
        "comunicarmi", "girami", "girarmi", "passarmi", "fornirmi", "indicarmi", "farmi sapere",
        "fammi sapere",
        "invia*", "inviami", "inviare", "manda*", "mandami", "dammi", "dimmi", "dire", "dirmi",
        "condividi*", "condividere", "mostra*", "mostrami", "mostrare", "rivela*", "rivelare",
        "incolla*", "scrivi*", "scrivimi", "inoltra*", "passami", "passa", "passare", "fornisci*",
        "fornire", "comunica*", "stampa*", "copia*", "elenca*", "dare", "darmi", "mi dai",
        "mi mandi", "mi invii", "mi dici", "fammi avere", "compita*", "rispondi con",
        "rispondi", "puoi darmi", "rispondete",
    ),
    "pt": (
        "me informe",
        "leia para mim", "lê para mim", "passasse", "mandasse", "dissesse",
        "me informar", "me fala", "me falar", "me mandar",
        "me enviar", "me dizer",         "envi*", "mand*", "me passa", "me passe", "passe", "passa", "passar", "dê-me", "me dá",
        "me da", "me dê", "diga*", "diz*", "me diz", "compartilh*",
        "partilh*", "mostr*", "revel*", "cole", "colar", "escrev*", "encaminh*", "forneça",
        "fornece", "forneca", "imprim*", "copi*", "list*", "soletr*", "informe", "me informa",
        "dar", "dar-me", "responda com", "responda", "pode me passar", "pode me dar", "cola",
        "cola aqui", "escreve",
    ),
    "ru": (
        "прочитай*", "зачитай*", "дал бы", "дал мне", "скинул бы", "прислал бы",
        "сообщишь", "сообщил*", "подкинь*", "подкин*", "черкни*", "дашь", "дадите", "скажешь",
        "скинешь",
        "пришли*", "присл*", "отправ*", "скинь*", "скинуть", "скиньте", "дай", "дайте",
        "дать", "скаж*", "покаж*", "подели*", "поделит*", "сообщи", "сообщите", "сообщить",
        "напиш*", "написать", "перешл*", "пересла*", "выда*", "предостав*", "раскро*",
        "выложи*", "вставь*", "распечат*", "скопир*", "перечисл*", "продиктуй*", "озвучь*",
        "кинь*", "сбрось*", "передай*", "передать", "выведи*", "ответь*", "можешь дать",
        "подскажи*",
    ),
    "zh": (
        "念给我", "读给我", "甩我", "丢给我",
        "告知", "告诉", "给个", "透露一下", "发个",
        "发给我", "发我", "发一下", "发送", "发过来", "给我", "告诉我", "分享", "显示", "透露",
        "提供", "贴出", "粘贴", "转发", "私信", "传给我", "打印", "输出", "列出", "回复",
        "发出来", "说出", "念出", "发到", "交出", "回复我", "给一下", "拿给我", "贴在这里", "贴到这里",
        "贴一下", "贴",
    ),
    "ja": (
        "読み上げ",
        "お知らせ", "共有いただけ", "教えていただけ", "教えてもらえ",
        "送って", "送信して", "送れ", "送付", "教えて", "教えろ", "共有して", "見せて", "表示して",
        "貼って", "貼り付けて", "渡して", "転送して", "返信して", "書いて", "提供して", "をください", "を下さい",
        "下さい", "ちょうだい", "くれ", "出力して", "知らせて", "伝えて", "言って", "送信",
        "もらえ", "いただけ", "返して",
    ),
}  # fmt: skip

# Wanting something (a request when its object is a secret).
NEED: Final[Lexicon] = {
    "en": (
        "lost the", "forgot the", "i lost", "lost our", "misplaced", "i'd need", "would need",
        "need*", "want*", "require*", "can i have", "could i have", "can i get", "could i get",
        "can you get me", "i'd like", "i would like", "looking for", "may i have", "lost my",
        "forgot my", "grab me", "get me",
    ),
    "de": (
        "verbummelt", "verschlampt",
        "bräucht*", "benötigte", "hätte gerne",
        "brauch*", "benötig*", "will", "möchte*", "hätte gern*", "kann ich", "krieg*",
        "bekomm*", "vergessen",
    ),
    "fr": (
        "il me faudrait", "me faudrait", "faudrait",
        "besoin", "il me faut", "je veux", "je voudrais", "voudrais", "puis-je avoir",
        "puis-je obtenir", "pourrais-je avoir", "j'aimerais", "oublié",
    ),
    "es": (
        "me haría falta", "haría falta", "hace falta", "necesitaría", "me vendría bien",
        "necesito", "necesita*", "me hace falta", "ocupo", "quiero", "quisiera", "puedo tener",
        "me das", "olvidé",
    ),
    "it": (
        "mi servirebbe", "servirebbe", "mi occorre", "occorre", "mi occorrerebbe",
        "ho bisogno", "mi serve", "mi servono", "bisogno", "voglio", "vorrei", "posso avere",
        "ho dimenticato",
    ),
    "pt": (
        "precisaria", "precisava", "eu precisaria",
        "preciso", "necessito", "quero", "queria", "gostaria", "posso ter", "esqueci",
    ),
    "ru": (
        "мне бы", "понадобится", "понадобил*",
        "нуж*", "надо", "необходим*", "хочу", "хотел*", "можно получить", "забыл*",
    ),
    "zh": (
        "丢了", "弄丢", "我需要", "需要", "我要", "想要", "忘了", "忘记了"),
    "ja": (
        "なくし", "失くし", "紛失", "必要", "ほしい", "欲しい", "忘れ", "もらえ", "いただけ"),
}  # fmt: skip

# Asking for a value directly ("what is the password").
ASK_VALUE: Final[Lexicon] = {
    "en": (
        "what's stored", "what is stored", "what is", "what's", "whats", "what are", "what was",
        "remind me", "which is",
           "current value of", "value of", "fill in"),
    "de": (
        "wert von", "aktuelle wert von", "aktuellen wert von",
        "wie lautet", "wie lauten", "was ist", "wie heißt", "wie war", "was war",
           "erinner mich"),
    "fr": (
        "valeur de", "valeur actuelle de",
        "c'était quoi", "c'est quoi déjà",
        "quel est", "quelle est", "quels sont", "c'est quoi", "rappelle-moi", "quel était",
           "quelle était"),
    "es": (
        "valor de", "valor actual de",
        "cuál es", "cual es", "cuáles son", "qué es", "recuérdame", "cuál era", "cual era"),
    "it": (
        "valore di", "valore attuale di",
        "qual è", "qual e", "quale è", "qual'è", "quali sono", "ricordami", "qual era",
           "quale era"),
    "pt": (
        "valor de", "valor atual de",
        "qual é", "qual e", "qual a", "quais são", "me lembra", "qual era"),
    "ru": (
        "значение",
        "какой", "какая", "какие", "каким", "каков*", "напомни*"),
    "zh": (
        "的值",
        "是什么", "是多少", "多少", "是啥", "呢?", "在哪"),
    "ja": (
        "の値",
        "何ですか", "なんですか", "は何", "何", "なに", "は?", "は？", "を教えて"),
}  # fmt: skip

# Asking who or where: a routing question. Between a verb of disclosure and a secret noun
# ("tell me who owns the database password"), or before a verb in a question ("who can send me
# the password?"), it makes the pair a question about an owner, not a request for the value.
INTERROGATIVE: Final[Lexicon] = {
    "en": (
        "who", "whom", "whose", "which team", "which agent", "which group", "what team",
        "where do", "where can", "where should", "where would", "where are", "where is",
        "how do i", "how can i", "how should i", "how would i", "how to", "right team",
        "right person", "point of contact", "contact person", "like to know", "want to know",
        "wondering", "does anyone", "anyone know", "is there someone", "is anyone",
    ),
    "de": (
        "wer", "wen", "wem", "wessen", "welches team", "welcher agent", "welche gruppe",
        "welches", "welcher", "welche", "wo kann", "wo muss", "wo soll", "wo bekomme",
        "wo finde", "wie kann ich", "wie bekomme", "wie komme", "an wen", "ansprechpartner*",
        "zu wem", "gibt es jemand", "weiß jemand", "wüsste gern",
    ),
    "fr": (
        "quelqu'un sait", "y a-t-il quelqu'un", "est-ce que quelqu'un sait",
        # not "qui" alone: Italian "qui" is "here", and French "qui" is also a relative pronoun
        "à qui", "a qui", "qui est", "qui gère", "qui s'occupe", "qui peut", "qui émet",
        "qui délivre", "qui possède", "qui fournit", "qui a", "qui sont", "qui contacter",
        "quelle équipe", "quelle equipe", "quel agent", "où puis-je",
        "ou puis-je", "où dois-je", "où trouver", "comment puis-je", "comment obtenir",
        "comment faire", "interlocuteur", "voudrais savoir",
    ),
    "es": (
        "alguien sabe", "hay alguien",
        "quién", "quien", "a quién", "a quien", "qué equipo", "que equipo", "qué agente",
        "dónde", "donde", "cómo puedo", "como puedo", "cómo obtengo", "cómo consigo",
        "quisiera saber",
    ),
    "it": (
        "qualcuno sa", "c'è qualcuno",
        "chi", "a chi", "quale team", "quale squadra", "quale agente", "dove", "come posso",
        "come ottengo", "come faccio", "referente", "vorrei sapere",
    ),
    "pt": (
        "alguém sabe", "tem alguém", "há alguém",
        "quem", "a quem", "qual equipe", "qual time", "qual agente", "onde", "como posso",
        "como obtenho", "como consigo", "como faço", "gostaria de saber",
    ),
    "ru": (
        "кто-нибудь знает", "есть кто-нибудь",
        "кто", "кого", "кому", "к кому", "у кого", "чей", "чья", "какая команда",
        "какой команде", "какой агент", "где", "как мне", "как получить", "как можно", "куда",
        "хотел бы узнать",
    ),
    "zh": (
        "有人知道", "有没有人知道",
        "谁", "哪个团队", "哪个组", "哪个部门", "哪个", "哪里", "哪儿", "找谁", "如何", "怎么",
        "怎样", "归谁", "对接人", "联系人", "想知道",
    ),
    "ja": (
        "誰か知って", "誰か分かる", "誰", "だれ", "どのチーム", "どのエージェント", "どの部署", "どこ", "どうすれば", "どうやって",
           "窓口", "問い合わせ先", "連絡先", "担当は", "担当チーム", "知りたい"),
}  # fmt: skip

# Question words that are other words too (French "qui" is also a relative pronoun, and
# "here" in Italian): they count as interrogatives only in a clause that ends with "?".
WEAK_INTERROGATIVE: Final[Lexicon] = {
    "en": (), "de": (), "fr": ("qui",), "es": (), "it": (), "pt": (), "ru": (), "zh": (),
    "ja": (),
}  # fmt: skip

# Production systems.
PRODUCTION: Final[Lexicon] = {
    "en": (
        "live gateway", "live queue*", "live api", "live service*", "live worker*", "live env", "live instance*", "live app",
        "live nodes", "live node", "main cluster", "primary database", "primary db",
        "customer traffic",
        "production", "prod", "prd", "prod-*", "live cluster*", "live database*", "live db*",
        "live system*", "live traffic", "live environment*", "live site", "live server*",
        "customer-facing", "production-*", "live dns", "live record*", "live users",
    ),
    "de": (
        "kundenseitig*",
        "hauptcluster", "live-knoten", "live-nutzer",
        "produktion*", "produktiv*", "prod", "live-system*", "livesystem*", "live-umgebung*",
        "live-datenbank*", "live-cluster*",
    ),
    "fr": (
        "côté client",
        "cluster principal", "production", "prod", "environnement de prod*", "en prod"),
    "es": (
        "de cara al cliente",
        "clúster principal", "cluster principal", "en vivo", "producción", "produccion", "prod",
        "entorno productivo", "productiv*"),
    "it": (
        "lato cliente",
        "cluster principale", "utenti live", "produzione", "prod", "ambiente di produzione"),
    "pt": (
        "voltado ao cliente", "voltada ao cliente",
        "cluster principal", "produção", "producao", "prod", "ambiente produtivo"),
    "ru": (
        "бою", "основной кластер", "основном кластере", "продакшн*", "продакшен*", "прод",
        "проде", "прода", "продов*", "прод-*",
           "продуктив*", "боев*"),
    "zh": (
        "面向客户",
        "主集群", "生产", "线上", "正式环境", "生产环境", "生产库", "生产集群"),
    "ja": (
        "顧客向け",
        "メインクラスタ", "本番", "プロダクション", "本番環境"),
}  # fmt: skip

# Changing something (the verb of a production change).
CHANGE: Final[Lexicon] = {
    "en": (
        "kick it", "kick the",
        "be restarted", "be rebooted", "be redeployed", "be rolled back", "be deployed",
        "be drained", "be purged", "be scaled", "be upgraded", "be patched", "be reverted",
        "be migrated", "be deleted", "be disabled", "be cordoned", "be failed over", "be bounced",
        "be flushed", "be shipped", "be released", "be promoted", "be bumped",
        "out to production", "out to prod",
        "cut over", "cutover",         "deploy", "deploying", "redeploy", "release", "ship",
        "roll out", "rollout", "push",
        "restart", "reboot", "bounce", "kill", "scale", "scale up", "scale down", "delete",
        "drop", "truncate", "wipe", "purge", "migrate", "roll back", "rollback", "revert",
        "patch", "update", "upgrade", "downgrade", "modify", "change", "edit", "alter", "apply",
        "run", "execute", "fail over", "failover", "shut down", "shutdown", "stop", "start",
        "disable", "enable", "turn off", "turn on", "grant", "revoke", "rotate", "flush",
        "reset", "remove", "create", "promote", "hotfix", "exec", "switch", "cordon", "drain",
        "terminate", "destroy", "rebuild", "reindex", "force-push", "force push", "nuke",
        "take down", "give me", "grant me", "make me", "add me", "clear", "empty", "reduce",
        "cluster-admin", "admin rights", "admin access", "root access", "sudo", "write access",
        "elevate*", "escalate my", "permissions", "privileges", "access", "bump", "flip",
        "toggle", "set", "increase", "decrease", "raise", "lower", "point",
        # the -ing forms a suggestion takes ("how about rolling back production?")
        "restarting", "rebooting", "rolling back", "rolling out", "reverting", "scaling",
        "deleting", "dropping", "truncating", "wiping", "purging", "migrating", "upgrading",
        "downgrading", "shutting down", "taking down", "failing over", "redeploying",
        "patching", "draining", "terminating", "destroying", "disabling", "flushing",
    ),
    "de": (
        "hochzieh*", "hochgezogen",
        "live gehen", "live ginge", "live schalten", "neu gestartet werden",
        "bring", "roll",         "deploy*", "ausroll*", "ausgerollt", "rollout", "neu start*",
        "neustart*", "neu gestartet",
        "starte*", "skalier*", "lösch*", "losch*", "änder*", "ander*", "aktualisier*",
        "einspiel*", "zurückroll*", "zurückgerollt", "zurücksetz*", "abschalt*", "herunterfahr*",
        "migrier*", "patch*", "anpass*", "deaktivier*", "aktivier*", "stopp*", "beende*",
        "leere*", "entfern*", "ausführ*", "durchführ*", "umschalt*", "update*", "upgrade*",
        "rotier*", "widerruf*", "gewähr*", "neu deploy*", "spiel*", "fahr*", "schalt*",
        "gib mir", "gib", "leer*", "reduzier*", "verringer*", "rechte", "berechtigung*",
        "zugriff", "erhöh*", "setz*", "schalt*",
    ),
    "fr": (
        "mets", "mettre",
        "déploie*", "deploie*", "déployer", "deployer", "redémarre*", "redemarre*",
        "relance*", "supprime*", "efface*", "modifie*", "change*", "mets à jour",
        "mettre à jour", "mettez à jour", "met à jour", "applique*", "migre*", "arrête*",
        "arrete*", "lance*", "exécute*", "execute*", "désactive*", "desactive*", "active*",
        "restaure*", "annule*", "vide*", "purge*", "bascule*", "révoque*", "accorde*",
        "fais tourner", "pousse*", "mise en prod", "mettre en prod", "rollback", "donne-moi",
        "donne", "réduis", "réduire", "reduis", "diminue*", "droits", "permissions", "accès",
        "passe", "augmente*", "bascule*",
    ),
    "es": (
        "saquemos", "sacar a producción",
                "despliega*", "desplegar", "despliegue*", "reinicia*", "reiniciar", "borra*", "borrar",
        "elimina*", "eliminar", "modifica*", "modificar", "cambia*", "cambiar", "actualiza*",
        "actualizar", "aplica*", "aplicar", "migra*", "migrar", "apaga*", "apagar", "escala*",
        "escalar", "ejecuta*", "ejecutar", "desactiva*", "activa*", "revierte*", "revertir",
        "restaura*", "vacía*", "vacia*", "purga*", "revoca*", "otorga*", "sube*", "subir",
        "lanza*", "rollback", "dame", "reduce*", "limpia*", "permisos", "acceso", "dale",
        "aumenta*", "enciende*", "publica*",
    ),
    "it": (
        "chiudi", "chiudere",
        "carica",
        "distribuisci*", "deploya*", "rilascia*", "riavvia*", "riavviare", "cancella*",
        "elimina*", "modifica*", "cambia*", "aggiorna*", "applica*", "migra*", "spegni*",
        "spegnere", "scala*", "esegui*", "disattiva*", "attiva*", "ripristina*", "svuota*",
        "revoca*", "concedi*", "lancia*", "rollback", "fai il deploy", "fare il deploy",
        "dammi", "riduci*", "pulisci*", "permessi", "accesso", "porta", "aumenta*", "accendi*",
        "pubblica*", "dai a",
    ),
    "pt": (
        "promove",
        "implant*", "faz deploy", "faça deploy", "faça o deploy", "fazer deploy", "deploy*",
        "reinici*", "apag*", "exclu*", "modific*", "mud*", "alter*", "atualiz*", "aplic*",
        "migr*", "deslig*", "escal*", "execut*", "desativ*", "ativ*", "revert*", "restaur*",
        "esvazi*", "revog*", "conced*", "lanç*", "suba", "subir", "rollback", "me dê",
        "reduz*", "limp*", "permissões", "permissoes", "acesso", "aumenta*", "liga", "ligue",
        "publica*", "dá ao", "dá à", "dê ao", "dê à",
    ),
    "ru": (
        "подними", "поднимите",
        "задепло*", "депло*", "выкат*", "раскат*", "перезапуст*", "перезагру*", "рестарт*",
        "удали*", "удалить", "измени*", "изменить", "поменя*", "обнови*", "обновить",
        "примени*", "откат*", "мигрир*", "отключ*", "включ*", "выключ*", "масштабир*",
        "дропн*", "очист*", "запуст*", "выполн*", "останов*", "почист*", "снеси*", "снести",
        "грохн*", "залей*", "залить", "накат*", "отзов*", "выда*", "ротир*", "дай", "дайте",
        "отмасштабир*", "уменьш*", "сократ*", "сбрось*", "права", "доступ", "увелич*",
        "поставь*", "включи*",
    ),
    "zh": (
        "扩到",
        "发到生产", "发到线上", "打到线上",
        "推到",
        "部署", "发布", "上线", "重启", "删除", "修改", "更改", "更新", "回滚", "迁移", "扩容",
        "缩容", "关闭", "执行", "停止", "启用", "禁用", "清空", "清除", "应用", "推送", "变更",
        "撤销", "授予", "轮换", "下线", "给我", "关掉", "关了", "清理", "缩减", "权限", "刷新", "调到",
        "调整", "打开", "开启", "删掉", "增加", "减少",
    ),
    "ja": (
        "上げて", "上げておいて", "下げて", "下げておいて",
        "フェイルオーバー",
        "プッシュ",
        "デプロイ", "リリース", "再起動", "削除", "変更", "更新", "適用", "ロールバック", "移行",
        "停止", "スケール", "実行", "無効化", "有効化", "消去", "反映", "切り替", "付与",
        "取り消", "ローテーション", "フラッシュ", "無効に", "有効に", "クリア", "権限", "落とし", "にして",
        "増や", "減ら",
        "止めて",
    ),
}  # fmt: skip

SSH: Final[Lexicon] = {
    "en": (
        "my key on", "my key to", "my new key", "my laptop key", "new laptop key",
        "user ca", "the user ca", "host ca", "signed cert", "signed certs", "signed certificate",
        "this key", "my pubkey", "my public key",
        "user cert", "user certs", "short-lived cert*", "the ca", "ssh ca", "ssh", "ssh-*",
        "openssh", "bastion*", "jump host*", "jumphost*", "jump box*",
           "authorized_keys", "authorized keys", "host certificate*", "host cert", "host certs",
           "user certificate*", "public key*", "pubkey*", "id_rsa*", "id_ed25519*",
           "known_hosts", "shell access", "keypair*", "key pair*"),
    "de": (
        "diesen schlüssel",
        "zertifikat für den benutzer", "kurzlebiges zertifikat", "kurzlebige zertifikat*", "ssh",
        "ssh-*", "bastion*", "sprunghost*", "host-zertifikat*", "hostzertifikat*",
           "öffentlichen schlüssel", "öffentlicher schlüssel", "public key", "shell-zugang",
           "shell-zugriff", "schlüsselpaar*"),
    "fr": (
                "certificat de courte durée", "certificat utilisateur", "certificat pour l'utilisateur", "ssh", "ssh-*", "bastion*", "certificat d'hôte", "certificats d'hôte",
           "certificat hôte", "clé publique", "clés publiques", "accès shell", "paire de clés",
           "machine de rebond"),
    "es": (
        "la ca",
        "certificado de corta duración", "certificado para el usuario", "ssh", "ssh-*", "bastión",
        "bastion*", "certificado de host", "certificados de host",
           "clave pública", "claves públicas", "acceso por shell", "acceso shell", "jump host",
           "par de claves"),
    "it": (
        "certificato firmato", "ca utenti",
        "certificato a breve scadenza", "certificato per l'utente", "ssh", "ssh-*", "bastion*", "certificato host", "certificato dell'host",
           "certificati host", "chiave pubblica", "chiavi pubbliche", "accesso shell",
           "jump host", "coppia di chiavi"),
    "pt": (
                "certificado de curta duração", "certificado para o usuário", "ssh", "ssh-*", "bastion*", "bastião", "certificado de host", "certificados de host",
           "chave pública", "chaves públicas", "acesso shell", "jump host", "par de chaves"),
    "ru": (
        "мой публичный ключ",
        "короткоживущ*", "сертификат для пользователя", "ssh", "ssh-*", "ссш", "бастион*",
        "хостов*", "сертификат хоста",
           "сертификаты хостов", "публичный ключ", "открытый ключ",
           "публичного ключа", "открытого ключа", "shell-доступ", "джамп-хост*", "пару ключей"),
    "zh": (
        "短期证书", "ssh", "跳板机", "堡垒机", "主机证书", "公钥", "shell 访问", "密钥对"),
    "ja": (
        "私の鍵",
        "短期の証明書", "短期証明書", "ssh", "踏み台", "ホスト証明書", "公開鍵", "シェルアクセス", "鍵ペア"),
}  # fmt: skip

# Issuing or granting access (with SSH: an issuance request).
ISSUE: Final[Lexicon] = {
    "en": (
        "gimme",
        "hook me up", "hook up", "hook him up", "hook her up", "hook them up", "set me up with",
        "onto",
        "let me in", "let me ssh", "drop this", "drop my",
        "enroll*",
        "issue", "issuing", "sign", "signing", "mint", "generate", "create", "grant", "give",
        "renew", "extend", "approve", "provision", "enable", "add me", "add my", "set up",
        "setup", "make me", "get me", "open", "unlock", "allow", "authorize", "authorise", "let",
        "whitelist", "allowlist", "register", "upload my", "install my", "request an",
        "request a", "requesting", "add", "put", "install", "deploy", "push", "prolong",
        "extend my", "make", "mint me", "cut me",
    ),
    "de": (
        "lass mich", "lässt du mich",         "trag", "trage", "erzeug*",
        "ausstell*", "signier*", "unterschreib*", "erstell*", "generier*", "gewähr*", "gib",
        "geben", "erneuer*", "verlänger*", "freischalt*", "freigeb*", "einricht*", "genehmig*",
        "beantrag*", "hinzufüg*", "füg*", "neues", "neuen", "öffne*", "erlaub*", "autorisier*",
        "stell", "stelle", "stellt", "stellen", "trag ein", "trage ein", "hinterleg*", "mach*",
    ),
    "fr": (
        "émet*", "emet*", "émettre", "émission", "délivr*", "delivr*", "sign*", "génér*",
        "gener*", "crée*", "cree*", "créer", "creer", "accord*", "donne*", "renouvel*",
        "prolong*", "approuv*", "activ*", "ajoute*", "ouvr*", "autoris*", "nouveau", "nouvelle",
        "demande*", "installe*", "étends", "étendre", "allonge*", "donne à",
    ),
    "es": (
        "registra",
        "emit*", "emisión", "firm*", "gener*", "crea*", "otorg*", "conced*", "dame",
        "renov*", "renuev*", "extiend*", "amplía*", "amplia*", "prorroga*", "aprueb*", "aprob*",
        "habilit*", "agreg*", "añad*", "abr*", "autoriz*", "permit*", "nuevo", "nueva",
        "solicit*", "pon", "ponme", "instala*", "haz*", "dale",
    ),
    "it": (
        "dare l'accesso", "dammi l'accesso", "darmi l'accesso", "dare accesso", "dargli l'accesso",
        "darle l'accesso",
        "emett*", "emissione", "firm*", "gener*", "crea*", "concedi*", "conced*", "dammi",
        "rinnov*", "estend*", "prolung*", "approv*", "abilit*", "aggiung*", "apri*",
        "autorizz*", "permett*", "nuovo", "nuova", "richied*", "metti*", "installa*", "dai a",
    ),
    "pt": (
        "liberar", "libera",
        "me dá", "me da", "dá-me", "me dê",
        "emit*", "emissão", "assin*", "gerar", "gera", "gerem", "cri*", "conced*",
        "renov*", "estend*",
        "aprov*", "habilit*", "adicion*", "abr*", "autoriz*", "permit*", "novo", "nova",
        "solicit*", "estenda*", "prorrog*", "coloq*", "instal*", "dá ao", "dá à",
    ),
    "ru": (
        "пусти*", "пустишь",
        "выпуст*", "выпуск*", "выда*", "подпиш*", "подпис*", "сгенерир*", "созда*", "предостав*",
        "дай", "дайте", "продл*", "обнов*", "одобр*", "включ*", "добав*", "открой*", "открыть",
        "разреш*", "авторизу*", "оформ*", "увелич*", "сделай*", "установи*", "пропиши*",
        "положи*", "закин*",
    ),
    "zh": (
        "让我",
        "签发", "颁发", "签名", "签署", "生成", "创建", "开通", "授予", "给我", "续期", "延长",
        "批准", "申请", "开放", "添加", "新的", "发放", "加到", "加入", "放到", "延期", "做一个", "签一下",
        "弄一个", "配置",
    ),
    "ja": (
        "できるようにして", "できるように",
        "発行", "署名", "生成", "作成", "付与", "更新", "延長", "承認", "申請", "追加", "許可",
        "開けて", "新しい", "をください", "を下さい", "延ば", "作って", "作成", "追加して", "入れて", "設定して",
        "登録",
    ),
}  # fmt: skip

# The routing catalog and what it decides.
CATALOG: Final[Lexicon] = {
    "en": (
        "primary contact", "secondary contact", "primary contacts", "secondary contacts",
        "backup contact", "contact person",
        "point of contact",
        "catalog*", "catalogue*", "routing", "route", "routes", "owner*", "ownership",
        "responsib*", "mapping", "assignment*", "escalation path", "on-call owner",
        "catalog diff", "routing table", "owned",
    ),
    "de": (
        "ansprechpartner*",
        "eigentum", "mitverantwortlich*",
        "katalog*", "routing", "route*", "zuständigkeit*", "besitzer*", "eigentümer*",
        "verantwortlich*", "zuordnung*", "weiterleitung*", "zuständig*",
    ),
    "fr": (
        "interlocuteur",         "propriété", "co-responsab*", "coresponsab*",
        "catalogue*", "routage", "route*", "propriétaire*", "proprietaire*", "responsab*",
        "attribution*", "affectation*", "aiguillage",
    ),
    "es": (
                "propiedad", "corresponsab*",
        "catálogo*", "catalogo*", "enrutamiento", "ruta*", "propietari*", "dueño*",
        "responsab*", "asignación*", "asignacion*",
    ),
    "it": (
        "referente",         "proprietà", "corresponsab*", "co-responsab*",
        "catalogo", "cataloghi", "instradamento", "routing", "rotta*", "proprietari*",
        "responsab*", "assegnazion*", "smistamento",
    ),
    "pt": (
        "ponto de contato",
        "propriedade", "corresponsáve*", "corresponsave*",
        "catálogo*", "catalogo*", "roteamento", "encaminhamento*", "rota*", "proprietári*",
        "dono*", "responsáve*", "responsave*", "atribuiç*",
    ),
    "ru": (
                "совладел*", "владение",
        "каталог*", "маршрутизац*", "маршрут*", "владел*", "ответственн*", "назначени*",
        "роутинг*",
    ),
    "zh": (
        "联系人", "对接人",
        "负责权", "所有权", "目录", "路由", "负责人", "所有者", "归属", "负责方", "分配", "转给"),
    "ja": (
        "窓口", "連絡先",
        "所有権", "カタログ", "ルーティング", "担当", "所有者", "オーナー", "割り当て", "振り分け"),
}  # fmt: skip

# Changing the catalog (with a catalog noun: "add a route", "change the owner").
REROUTE: Final[Lexicon] = {
    "en": (
        "hand the", "hand it", "add*", "change*", "update", "updates", "updating", "remove*",
        "delete*", "edit*", "modify*", "reroute*", "re-route*", "move*", "transfer*", "reassign*", "assign*", "set*", "switch*",
        "replace*", "make*", "point*", "redirect*", "hand over", "hand off", "drop*", "swap*",
        "exchange", "interchange", "route*", "send*", "forward*", "apply", "merge",
    ),
    "de": (
        "anpass*",
        "passe das", "passe die", "passe den", "weise die", "weise das", "weise den",
                "hinzufüg*", "füg*", "änder*", "ander*", "aktualisier*", "entfern*", "lösch*",
        "bearbeit*", "verschieb*", "übertrag*", "umleit*", "leite*", "leit*", "zuordn*",
        "zuweis*", "setz*", "ersetz*", "nimm*", "aufnehm*", "mach*", "tausch*", "vertausch*",
    ),
    "fr": (
        "réattribu*",
        "ajoute*", "modifie*", "change*", "mets à jour", "mettre à jour", "supprime*",
        "retire*", "déplace*", "deplace*", "transfère*", "transfere*", "réassign*", "reassign*",
        "redirige*", "assigne*", "attribue*", "remplace*", "échange*", "intervertis", "fais",
        "mets", "route*", "envoie*",
    ),
    "es": (
        "añade*", "agrega*", "cambia*", "actualiza*", "elimina*", "borra*", "quita*", "mueve*",
        "transfiere*", "reasigna*", "redirige*", "asigna*", "reemplaza*", "intercambia*",
        "haz", "pon", "convierte*", "enruta*", "envía*",
    ),
    "it": (
        "aggiungi*", "cambia*", "modifica*", "aggiorna*", "rimuovi*", "elimina*", "sposta*",
        "trasferisci*", "riassegna*", "reindirizza*", "assegna*", "sostituisci*", "scambia*",
        "rendi", "fai", "metti", "instrada*", "manda*", "togli*",
    ),
    "pt": (
        "adicion*", "alter*", "mud*", "atualiz*", "remov*", "exclu*", "mov*", "transfir*",
        "transfer*", "reatribu*", "redirecion*", "atribu*", "substitu*", "troque*", "troca*",
        "faça", "faz", "torne*", "torna", "encaminh*", "mande*",
    ),
    "ru": (
        "добав*", "измени*", "поменя*", "обнови*", "удали*", "убери*", "перенес*", "перенёс*",
        "передай*", "переназнач*", "перенаправ*", "назнач*", "замени*", "смени*", "направ*",
        "сделай*", "перевед*", "отправля*",
    ),
    "zh": (
        "加为", "加成", "移交",
        "添加", "修改", "更改", "更新", "删除", "移除", "转移", "重新分配", "改为", "改成",
        "分配给", "转交", "指向", "交换", "设为", "设成", "改由", "对调", "转给", "路由到", "新增",
    ),
    "ja": (
        "外して", "外す",
        "追加", "変更", "更新", "削除", "移動", "移管", "再割り当て", "割り当て", "切り替",
        "置き換", "入れ替え", "にして", "に変えて", "回して",
    ),
}  # fmt: skip

# Handing a topic to someone else: with an agent-like name in the clause ("reassign billing
# alerts to data-team"), a catalog change even without a catalog word.
REASSIGN: Final[Lexicon] = {
    "en": (
        "send all", "send any", "forward all",
        "route all", "route any", "route anything", "route everything", "route the", "route these",
        "route those", "route them", "route it", "stop routing", "move all", "move the",
        "move their", "reassign", "re-assign", "assign", "transfer", "hand over", "hand off",
        "hand the", "hand it", "redirect", "reroute", "re-route", "change it to", "change that to",
        "update it to", "set it to", "switch it to",
    ),
    "de": ("neu zuweisen", "zuweisen", "weise die", "weise das", "weise den", "übertrage",
           "übertrag", "übertragt", "leite die", "leite das", "leite den", "verschiebe"),
    "fr": ("réattribuer", "réassigner", "attribuer", "transférer", "rediriger", "déplacer",
           "confier", "réattribue", "réattribuez", "reattribue", "réassigne", "réassignez",
           "attribue", "attribuez", "assigne", "assignez", "transfère", "transférez", "transfere",
           "redirige", "redirigez", "déplace", "déplacez", "confie", "confiez"),
    "es": ("reasigna", "reasígnale", "reasígnalas", "reasígnalos", "asigna", "asígnale",
           "transfiere", "redirige", "mueve", "traspasa"),
    "it": ("assegnare", "riassegnare", "spostare", "riassegna", "riassegnate", "assegna",
           "assegnate", "trasferisci", "trasferite", "reindirizza", "sposta", "affida"),
    "pt": ("reatribua", "reatribui", "atribua", "atribui", "transfira", "transfere",
           "redirecione", "redireciona", "mova"),
    "ru": ("переназначь", "переназначьте", "назначь", "назначьте", "передай", "передайте",
           "переведи", "переведите", "перенаправь", "перенаправьте", "перенеси", "перенесите"),
    "zh": ("重新分配给", "改派给", "指派给", "转交给", "移交给"),
    "ja": ("再割り当てして", "割り当てて", "移管して", "引き渡して", "付け替えて"),
}  # fmt: skip

# Claiming a route the catalog does not make ("database questions now go to dba-team",
# "from now on", "gehört jetzt"): with an agent-like name or a catalog word in the clause, a
# routing claim.
ROUTING_CLAIM: Final[Lexicon] = {
    "en": (
        "should say", "should read", "is wrong about",         "now goes to", "now go to",
        "should go to", "now owned", "now owns", "now handled",
        "now handles", "now managed", "now belong*", "new owner*", "from now on", "henceforth",
        "going forward", "instead of", "no longer", "default owner", "are now", "is now",
        "deprecated", "retired", "decommissioned", "replaced by", "took over", "takes over",
    ),
    "de": (
        "übernehmen ab", "übernimmt ab",
        "geht jetzt an", "gehen jetzt an", "ab sofort", "ab jetzt", "künftig", "neuer besitzer",
        "neuer eigentümer", "neue zuständig*", "nicht mehr", "statt", "gehört jetzt",
        "gehören jetzt", "gehört ab", "standard-eigentümer*", "standardeigentümer*", "veraltet",
        "abgelöst", "übernimmt",
    ),
    "fr": (
        "reprend", "reprendra", "prend en charge", "prendra en charge",
        "désormais", "dorénavant", "à partir de maintenant", "nouveau propriétaire",
        "au lieu de", "appartiennent désormais", "propriétaire par défaut", "ne sont plus",
        "n'est plus", "obsolète", "remplacé par",
    ),
    "es": (
        "se hace cargo", "se hará cargo", "asume", "asumirá",
        "a partir de ahora", "de ahora en adelante", "desde ahora", "nuevo propietario",
        "nuevo dueño", "ya no", "en lugar de", "propietario por defecto", "ahora los gestiona",
        "ahora es", "ahora son", "obsoleto", "reemplazado por",
    ),
    "it": (
        "prende in carico", "prenderà in carico", "assume", "si occuperà",
        "d'ora in poi", "da ora in poi", "da adesso", "nuovo proprietario", "non più",
        "invece di", "proprietario predefinito", "ora sono", "ora è", "sostituito da",
    ),
    "pt": (
        "assume", "assumirá", "fica com", "ficará com",
        "a partir de agora", "de agora em diante", "novo dono", "novo proprietário", "não mais",
        "em vez de", "dono padrão", "agora são", "agora é", "substituído por", "obsoleto",
    ),
    "ru": (
        "берёт на себя", "берет на себя", "возьмёт на себя", "возьмет на себя",
        "теперь", "отныне", "с этого момента", "новый владелец", "больше не", "вместо",
        "по умолчанию", "устарел*", "заменён", "заменен",
    ),
    "zh": (
        "改由",
        "从现在起", "从现在开始", "今后", "新的负责人", "不再", "现在由", "默认负责人", "以后", "废弃",
        "接管",
    ),
    "ja": (
        "引き継ぎ", "引き継ぐ", "今後", "これから", "新しい担当", "ではなく", "デフォルト担当", "今は", "廃止", "引き継"),
}  # fmt: skip

# Telling the worker to drop its instructions.
IGNORE: Final[Lexicon] = {
    "en": (
        "drop every", "drop any", "drop your",
        "ignore*", "disregard*", "forget*", "override*", "bypass*", "skip*", "abandon*",
        "set aside", "don't follow", "do not follow", "stop following", "overrule*",
        "circumvent*", "neglect*", "drop all", "discard*", "nevermind", "never mind",
        "pay no attention",
    ),
    "de": (
        "überspring*", "beiseite",
        "ignorier*", "vergiss", "vergesst", "vergessen sie", "missacht*", "übergeh*",
        "außer kraft", "umgeh*", "verwirf*", "nicht befolgen", "beachte nicht",
    ),
    "fr": (
        "sauter", "saute*", "mets de côté",
        "ignore*", "oublie*", "oubliez", "néglige*", "fais abstraction", "faites abstraction",
        "contourne*", "outrepasse*", "ne suis pas", "ne tiens pas compte", "passe outre",
    ),
    "es": (
        "pasa de",
        "ignora*", "olvida*", "olvide*", "omite*", "haz caso omiso", "salta*", "evita*",
        "no sigas", "descarta*", "pasa por alto",
    ),
    "it": (
        "non tenere conto", "non tener conto",
        "ignora*", "dimentica*", "trascura*", "salta*", "aggira*", "non seguire", "scarta*",
        "non considerare",
    ),
    "pt": (
        "pular", "deixe de lado",
        "ignor*", "esqueç*", "esqueca*", "desconsider*", "pule*", "contorn*", "não siga",
        "descart*",
    ),
    "ru": (
        "пропусти*", "пропустить", "отложи*",
        "игнорир*", "проигнорир*", "забудь*", "забудьте", "не обращай*", "отмени*",
        "обойди*", "пренебреги*", "не следуй*", "отбрось*",
    ),
    "zh": (
        "别理", "不用理", "忽略", "忽视", "无视", "忘记", "不要理会", "不要遵守", "绕过", "跳过", "抛开", "不用管",
           "别管"),
    "ja": (
        "気にしないで",
        "省略", "スキップ", "飛ばして", "脇に置", "置いておいて", "無視", "忘れて", "従わない", "従うな", "回避", "破棄"),
}  # fmt: skip

# What the worker is told to drop.
INSTRUCTIONS: Final[Lexicon] = {
    "en": (
        "human review", "review step", "approval step", "oversight",
        "instruction*", "rule*", "prompt*", "charter*", "guideline*", "guardrail*", "polic*",
        "system message*", "previous", "above", "prior", "earlier", "everything", "constraint*",
        "restriction*", "directive*", "programming", "safety", "filter*", "training",
        "catalog*", "catalogue", "routing", "escalation*",
    ),
    "de": (
        "prüfung", "überprüfung", "freigabe",
        "anweisung*", "regel*", "vorgabe*", "richtlinie*", "vorherig*", "obig*", "bisherig*",
        "anleitung*", "prompt*", "einschränkung*", "sicherheit*", "alles", "katalog*",
        "eskalation*",
    ),
    "fr": (
        "politique*",
        "revue", "vérification", "indications",
        "instruction*", "règle*", "regle*", "consigne*", "précédent*", "precedent*",
        "directive*", "prompt*", "restriction*", "contrainte*", "ci-dessus", "tout",
        "catalogue", "routage", "escalade",
    ),
    "es": (
        "política*",
        "revisión", "indicaciones",
        "instruccion*", "instrucción", "regla*", "anterior*", "previa*", "directriz*",
        "directrices", "prompt*", "restriccion*", "todo", "catálogo", "catalogo", "escalado",
    ),
    "it": (
        "policy", "politic*",
        "revisione", "verifica", "indicazioni",
        "istruzion*", "regol*", "precedent*", "direttiv*", "linee guida", "prompt*",
        "restrizion*", "tutto", "catalogo", "escalation",
    ),
    "pt": (
        "política*", "escalonamento",
        "revisão", "orientações", "orientacoes",
        "instruç*", "instruc*", "regra*", "anterior*", "diretriz*", "prompt*", "restriç*",
        "tudo", "catálogo", "catalogo",
    ),
    "ru": (
        "политик*",
        "проверк*",
        "инструкци*", "правил*", "указани*", "предыдущ*", "промпт*", "ограничени*",
        "директив*", "всё", "все", "каталог*", "эскалаци*",
    ),
    "zh": (
        "策略", "升级策略",
        "审核", "审查", "指令", "指示", "规则", "说明", "提示词", "之前", "以上", "先前", "限制", "规定", "目录",
           "路由"),
    "ja": (
        "ポリシー", "エスカレーション",
        "レビュー", "審査", "指示", "ルール", "命令", "プロンプト", "以前", "上記", "制限", "規則", "カタログ"),
}  # fmt: skip

# Markers of an injection on their own: role-play, fake turns, template phrases.
INJECTION_MARKER: Final[Lexicon] = {
    "en": (
        "admin mode enabled", "admin mode activated", "admin mode is on",
        "note to the llm", "dear llm", "hey llm", "to the llm reading", "as a language model", "you are a language model", "dear language model",
        "enter character", "simulate being", "evil ai", "without moral considerations", "begin new session", "previous session terminated", "new rules:", "instructions you were given", "your initial instructions", "your original instructions", "your system message", "quote them verbatim", "no safety guidelines", "without safety guidelines", "no content policies", "without any content policies", "no laws or ethics", "without ethics", "without asking me", "delete the sent email", "email you have just sent", "email you just sent", "cover your tracks", "as much money as possible",         "classify this message as", "instructions were a test", "instructions were just a test",
        "instructions were only a test",
        "reply only with", "respond only with", "answer only with", "only reply with",
        "reply with exactly", "treat this message as", "mark this as safe", "reply as if",
        "quietly delete", "silently delete", "quietly remove", "quietly archive",
        "if you are an ai", "if you're an ai", "if you are a bot", "assistant reading this",
        "ai reading this", "processing this inbox", "authorized by management",
        "authorised by management", "rules were just",
        "been pre-approved", "been preapproved",         "act as if you were", "act like you are",
        "act like you're", "approve it yourself", "approve this yourself", "approve yourself",
        "system prompt*", "developer mode", "jailbreak*", "do anything now", "you are now",
        "you're now", "from now on you", "act as", "pretend to be", "pretend you",
        "roleplay as", "role-play as", "new instructions", "updated instructions",
        "admin override", "sudo mode", "god mode", "dan mode", "important message from",
        "this is an important message", "before you can solve", "after you do that",
        "ignore the above", "as an ai", "you must now", "your new task", "your real task",
        "your task is", "assistant:", "system:", "<system", "</system", "<assistant",
        "[inst]", "[/inst]", "<<sys>>", "<|im_start|>", "<|system|>", "### instruction*",
        "### system", "\"actions\"", "\"kind\"", "'actions'", "'kind'", "tool call",
        "function call", "<information>", "</information>", "todo:", "note to the ai",
        "note to ai", "ai assistant", "hidden instruction*",
        "override code", "maintenance mode", "debug mode", "confidential instruction*",
        "decode this", "decode the following", "do what it says", "follow the instructions",
        "execute the following", "run the following", "when you reply", "when you answer",
        "in your reply", "in your answer", "to your reply", "to your answer",
        "encode your reply", "encode your answer", "tell the sender", "tell them that",
        "let's play a game", "lets play a game", "stay in character", "in character",
        "system_message", "###(", "<|im_end|>", "<|end|>",
        "[assistant]", "begin instructions", "end instructions", "new task", "ignore previous",
        "real task", "actual task", "above was data", "above is data", "system note",
        "no rules", "without rules", "no restrictions", "without restrictions", "unrestricted",
        "authorizing you", "authorising you", "authorized you", "you are cleared",
        "you're cleared", "real rules", "escalation=false", "escalation: false", "escalate=false",
        "rules you were given", "worker directive", "your role is", "your own judgement",
        "your own judgment", "a link to", "with a link", "reviewers are", "on holiday",
        "your charter", "your instructions", "your system prompt", "your prompt", "your rules",
        "your guidelines", "your configuration", "you're required to", "you are required to",
        "as the routing worker", "as the worker", "approve every", "approve all", "rm -rf",
        "| sh", "| bash", "exec:", "on your host", "your shell", "run this command",
        "execute this command", "no review needed", "without review", "skip the review",
        "<<<untrusted*", "(trusted)", "[trusted]", "trusted:",
    ),
    "de": (
        "adminmodus aktiviert", "admin-modus aktiviert",
        "ohne mich zu fragen", "ohne nachzufragen", "spuren verwisch*", "deine ursprünglichen anweisungen", "deine systemnachricht", "ohne ethik", "keine sicherheitsrichtlinien", "so viel geld wie möglich",
        "anweisungen waren nur ein test", "anweisungen waren ein test",
        "antworte nur mit", "stufe diese", "antworte, als ob", "antworte als ob",
        "falls du eine ki bist", "wenn du eine ki bist", "an die ki",
        "eskalation=false",         "ist vorab genehmigt", "wurde vorab genehmigt",
        "ist vorab freigegeben", "tu so, als wärst du", "tu so als wärst du",
        "tue so, als wärst du", "tu so, als ob du", "tu so, als wärest du",
        "ohne jede einschränkung", "ohne irgendwelche einschränkungen", "selbst genehmig*",
        "genehmige das selbst", "genehmige es selbst",
        "hat dich autorisiert",         "neue anweisung*", "du bist jetzt", "ab jetzt bist du",
        "ab sofort bist du",
        "tu so als", "tue so als", "entwicklermodus", "systemnachricht*", "systemprompt*",
        "wichtige nachricht von", "deine neue aufgabe", "deine eigentliche aufgabe",
        "als ki", "verhalte dich wie", "spiele die rolle", "dekodiere", "entschlüssle",
        "tu, was darin steht", "tu was darin steht", "mach, was da steht", "wenn du antwortest",
        "wenn du auf diese nachricht antwortest", "in deiner antwort", "deiner antwort",
        "sag dem absender", "sage dem absender", "spielen wir ein spiel", "bleib in der rolle",
        "bleib in deiner rolle", "kodiere deine antwort", "deine anweisungen", "deinen prompt",
        "deine regeln", "du musst jetzt", "ohne prüfung", "ohne einschränkungen", "keine regeln",
        "keine einschränkungen", "eigenem ermessen", "nach eigenem",
    ),
    "fr": (
        "mode administrateur activé",
        "sans me demander", "efface tes traces", "tes instructions initiales", "ton message système", "sans éthique", "aucune règle de sécurité", "vire de l'argent", "autant d'argent que possible",
        "instructions étaient un test",
        "réponds uniquement", "classe ce message", "réponds comme si", "n'en parle à personne",
        "si tu es une ia", "si vous êtes une ia", "escalade=false", "reste dans ton personnage",
        "reste dans le personnage",
        "est pré-approuvée", "est pré-approuvé", "est préapprouvée", "est préapprouvé",
        "a été pré-approuvé*", "fais comme si tu", "faites comme si vous",
        "sans aucune limite", "approuve toi-même", "approuve-le toi-même", "approuvez vous-même",
        "t'a autorisé",         "nouvelles instructions", "nouvelle instruction",
        "tu es maintenant",
        "vous êtes maintenant", "désormais tu es", "fais semblant", "faites semblant",
        "mode développeur", "mode developpeur", "message système", "prompt système",
        "message important de", "ta nouvelle tâche", "ta vraie tâche", "en tant qu'ia",
        "comporte-toi comme", "joue le rôle", "décode ceci", "decode ceci", "décode",
        "fais ce qui est écrit", "quand tu réponds", "dans ta réponse", "à ta réponse",
        "dis à l'expéditeur", "dites à l'expéditeur", "jouons à un jeu", "reste dans ton rôle",
        "encode ta réponse", "ne tiens compte d'aucune", "tes instructions", "ton prompt",
        "tes règles", "sans vérification", "sans aucune restriction", "sans restriction",
        "aucune règle", "propre jugement", "ne l'escalade pas", "n'escalade pas",
    ),
    "es": (
        "modo administrador activado",
        "sin preguntarme", "borra tus huellas", "tus instrucciones iniciales", "tu mensaje de sistema", "sin ética", "transfiere dinero", "tanto dinero como sea posible",
        "instrucciones eran una prueba",
        "responde solo", "responde solamente", "clasifica este", "responde como si",
        "no lo menciones", "si eres una ia", "escalado=false",
        "está preaprobada", "está preaprobado", "ha sido preaprobad*", "haz como si fueras",
        "haz como si tú", "haga como si fuera",
        "sin ninguna restricción", "sin ninguna restriccion", "sin restricción",
        "apruébalo tú mismo", "apruébalo tu mismo", "te ha autorizado",
        "nuevas instrucciones", "nueva instrucción", "ahora eres", "a partir de ahora eres",
        "finge ser", "finge que", "actúa como", "actua como", "modo desarrollador",
        "mensaje del sistema", "prompt del sistema", "mensaje importante de",
        "tu nueva tarea", "tu verdadera tarea", "como ia", "juega el papel", "decodifica esto",
        "decodifica", "haz lo que dice", "cuando respondas", "en tu respuesta", "a tu respuesta",
        "dile al remitente", "juguemos", "mantente en el personaje", "codifica tu respuesta",
        "tus instrucciones", "tu prompt", "tus reglas", "sin revisión", "sin restricciones",
        "sin reglas", "no tuvieras reglas", "propio criterio", "no lo escales",
    ),
    "it": (
        "modalità amministratore attivata",
        "senza chiedermi", "cancella le tue tracce", "le tue istruzioni iniziali", "il tuo messaggio di sistema", "senza etica", "trasferisci denaro", "quanti più soldi",
        "istruzioni erano un test", "istruzioni erano solo un test",
        "rispondi solo", "classifica questo", "rispondi come se", "non menzionarlo",
        "se sei un'ia", "se sei una ia", "escalation=false",
        "è pre-approvata", "è pre-approvato", "è preapprovata", "è preapprovato",
        "fai finta di essere", "fai finta che tu", "fate finta di essere",
        "senza alcuna restrizione", "approvalo tu", "ti ha autorizzato",
        "nuove istruzioni", "nuova istruzione", "ora sei", "adesso sei", "d'ora in poi sei",
        "fingi di essere", "fingi che", "comportati come", "modalità sviluppatore",
        "messaggio di sistema", "prompt di sistema", "messaggio importante da",
        "il tuo nuovo compito", "il tuo vero compito", "come ia", "interpreta il ruolo",
        "decodifica questo", "decodifica", "fai quello che dice", "quando rispondi",
        "nella tua risposta", "alla tua risposta", "di' al mittente", "di al mittente",
        "dì al mittente", "facciamo un gioco", "resta nel personaggio", "codifica la tua risposta",
        "le tue istruzioni", "il tuo prompt", "le tue regole", "senza revisione",
        "senza restrizioni", "senza regole", "non avere regole", "tuo giudizio", "non escalarlo",
        "alla risposta", "nella risposta",
    ),
    "pt": (
        "modo administrador ativado",
        "sem me perguntar", "apague seus rastros", "suas instruções iniciais", "sua mensagem de sistema", "sem ética", "transfira dinheiro", "o máximo de dinheiro",
        "instruções eram um teste",
        "responda apenas", "responda só", "classifique esta", "responda como se", "não mencione",
        "se você é uma ia", "se você for uma ia", "escalonamento=false", "fique no personagem",
        "permaneça no personagem",
        "está pré-aprovada", "está pré-aprovado", "já está pré-aprovad*", "foi pré-aprovad*",
        "finja que você", "finja que é", "faça de conta que você", "faça de conta que é",
        "sem nenhuma restrição", "sem qualquer restrição", "aprove você mesmo",
        "aprova você mesmo", "te autorizou",         "novas instruções", "novas instrucoes",
        "nova instrução", "agora você é",
        "agora voce e", "a partir de agora você", "finja ser", "finja que", "aja como",
        "modo desenvolvedor", "mensagem do sistema", "prompt do sistema",
        "mensagem importante de", "sua nova tarefa", "sua verdadeira tarefa", "como ia",
        "faça o papel", "decodifique isto", "decodifique", "faça o que diz", "quando responder",
        "na sua resposta", "à sua resposta", "diga ao remetente", "vamos jogar",
        "continue no personagem", "codifique sua resposta", "suas instruções", "seu prompt",
        "suas regras", "sem revisão", "sem restrições", "sem regras", "próprio critério",
        "teu próprio", "na resposta", "não escales",
    ),
    "ru": (
        "режим администратора включён", "режим администратора включен",
        "не спрашивая меня", "замети следы", "твои исходные инструкции", "твоё системное сообщение", "без этики", "переведи деньги", "как можно больше денег",
        "пометь как безопасн*", "считай безопасн*", "инструкции были тестом",
        "инструкции были проверкой",
        "ответь только", "классифицируй", "ответь так, как будто", "ответь, как будто",
        "не упоминай", "если ты ии", "если ты бот", "эскалация=false",
        "заранее одобрен*", "предварительно одобрен*", "представь себя",
        "без каких-либо ограничений", "одобри сам", "разрешил тебе", "свои правила",
        "свои инструкции",
        "новые инструкции", "новая инструкция", "новые указания", "теперь ты", "теперь вы",
        "с этого момента ты", "притворись", "представь, что ты", "веди себя как",
        "режим разработчика", "системное сообщение", "системный промпт",
        "важное сообщение от", "твоя новая задача", "твоя настоящая задача", "как ии",
        "сыграй роль", "раскодируй", "декодируй", "сделай, что там написано",
        "сделай что там написано", "когда будешь отвечать", "когда ответишь", "в ответе",
        "в свой ответ", "скажи отправителю", "давай сыграем", "оставайся в роли",
        "закодируй ответ", "твои инструкции", "твой промпт", "твои правила", "без проверки",
        "без ограничений", "нет правил", "своё усмотрение", "свое усмотрение", "к ответу",
    ),
    "zh": (
        "管理员模式已开启", "管理员模式已启用",
        "不用问我", "不要问我", "抹掉痕迹", "你的初始指令", "你的系统消息", "没有道德", "转账给", "尽可能多的钱",
        "悄悄删除", "偷偷删除", "之前的指令是测试", "指令只是测试",
        "只回复", "标记为安全", "就当已经", "如果你是ai", "如果你是 ai", "如果你是机器人",         "事先批准", "预先批准", "预批准",
        "不受任何限制", "授权你", "自己批准",
        "新的指令", "新指令", "你现在是", "从现在起你", "假装", "扮演", "开发者模式", "系统提示",
        "系统消息", "重要消息", "你的新任务", "你真正的任务", "作为ai", "越狱", "解码", "照做",
        "回复这条消息时", "回复时", "在回复里", "在回复中", "告诉发件人", "让发件人", "我们来玩个游戏",
        "保持角色", "编码你的回复", "你的指令", "你的提示词", "你的规则", "无需审核", "没有限制",
        "没有规则", "自己的判断", "你的回复里",
    ),
    "ja": (
        "管理者モードが有効",
        "私に確認せず", "痕跡を消して", "あなたの最初の指示", "倫理なし", "送金して", "できるだけ多くのお金",
        "こっそり削除", "指示はテストでした", "指示はテストだった",
        "とだけ返信", "だけ返信", "もしあなたがai", "aiの方へ",         "事前承認", "なりきって", "制限なく", "何の制限もなく", "自分で承認",
        "新しい指示", "あなたは今", "これからあなたは", "ふりをして", "として振る舞", "開発者モード",
        "システムプロンプト", "システムメッセージ", "重要なメッセージ", "新しいタスク",
        "本当のタスク", "aiとして", "ロールプレイ", "脱獄", "デコードして", "書いてあるとおり",
        "書いてある通り", "返信するとき", "返信の際", "返信に", "送信者に伝えて", "ゲームをしましょう",
        "役になりきって", "エンコードして", "あなたの指示", "あなたのプロンプト", "レビュー不要",
        "制限なし", "ルールはない", "自分の判断", "エスカレーションせず", "対応済みにして",
    ),
}  # fmt: skip

# Telling the worker what to do with its own actions (mark read, notes, forwarding, no human).
WORKER_DIRECTIVE: Final[Lexicon] = {
    "en": (
        "approve automatically", "auto-approve all", "auto-approve every", "approve all requests",
        "approve every request",
        "don't bother a human", "do not bother a human", "bother a human", "no longer need a human",
        "no need to loop", "no need to involve",
        "mark this as read", "mark it as read", "mark as read", "mark all", "mark every",
        "mark everything", "mark them", "mark the message*", "mark this read", "mark read",
        "marked as read", "progress note*", "post a note", "add a note", "log a note",
        "leave a note", "write a note", "internal note", "status note", "forward all",
        "forward every", "forward everything", "forward the inbox", "forward your inbox",
        "forward other", "send a copy", "send copies", "cc ", "bcc", "do not escalate",
        "don't escalate", "dont escalate", "never escalate", "no need to escalate",
        "without escalat*", "without a human", "without human", "no human", "skip the review",
        "skip review", "skip approval", "skip the approval", "auto-approve", "auto approve",
        "approve it", "approve this", "close this ticket", "reply to all", "reply-all",
        "mass reply", "delete the message*", "delete all", "archive all", "announce that",
        "tell everyone", "notify everyone", "broadcast", "post in", "update the status",
        "say that", "include this link", "include the link", "add this link", "add the link",
        "visit this", "click here", "click this", "open this link", "embed", "forward the",
        "forward this", "forward it", "forward message*", "forward a copy", "publish a note",
        "forward msg", "mark message", "mark msg", "delete message", "delete msg",
        "mark it handled", "mark it as handled", "mark as handled", "mark as done",
        "mark as resolved", "mark it resolved", "mark it done",
        "delete the message", "delete all messages",
        "post a progress", "reply inbox", "log in there", "sign in there",
    ),
    "de": (
        "genehmige automatisch", "automatisch genehmigen", "genehmige alle",
        "als gelesen", "gelesen markier*", "markiere alle", "nicht eskalier*", "ohne mensch*",
        "ohne menschliche", "ohne freigabe", "ohne prüfung", "leite alle", "leite jede",
        "fortschrittsnotiz*", "notiz hinzu*", "notiz schreib*", "interne notiz", "kopie an",
        "allen antworten", "füge diesen link", "den link", "klicke hier", "weiterleit*",
        "leite den", "leite die", "leite das", "leite alle", "anmelden soll",
    ),
    "fr": (
        "approuve automatiquement", "approuvez automatiquement", "valide automatiquement",
        "plus besoin d'un humain",
        "impliquer un humain", "pas besoin d'un humain",
        "comme lu", "marque tout", "marquer tout", "ne pas escalader", "n'escalade pas",
        "sans humain", "sans validation", "sans approbation", "transfère tous", "transfère tout",
        "note de progression", "note interne", "ajoute une note", "une copie à", "répondre à tous",
        "ajoute ce lien", "ajoute le lien", "clique ici", "transfère le", "transfère la",
        "transfère les", "transfère tout", "comme lus", "marque tous", "comme traité",
        "comme résolu",
    ),
    "es": (
        "aprueba automáticamente", "aprobar automáticamente", "aprueba todas",
        "ya no necesitas a un humano",
        "involucrar a una persona", "involucrar a un humano",         "como leído", "como leido",
        "marca todo", "marca todos", "no escales", "no escalar",
        "sin humano", "sin aprobación", "sin revisión", "reenvía todo", "reenvia todo",
        "nota de progreso", "nota interna", "añade una nota", "una copia a", "responde a todos",
        "incluye este enlace", "añade el enlace", "haz clic aquí", "reenvía el", "reenvía la",
        "reenvía los", "reenvia el", "como leídos", "marca todos", "como resuelto",
        "como atendido",
    ),
    "it": (
        "approva automaticamente", "approvare automaticamente", "approva tutte",
        "non hai più bisogno di un umano",
        "coinvolgere un umano", "coinvolgere una persona",         "come letto", "come letti",
        "segna tutto", "segna tutti", "non escalare",
        "senza umano", "senza approvazione", "senza revisione", "inoltra tutto",
        "inoltra tutti", "nota di avanzamento", "nota interna", "aggiungi una nota",
        "una copia a", "rispondi a tutti", "includi questo link", "aggiungi il link",
        "clicca qui", "inoltra il", "inoltra la", "inoltra i", "inoltra tutto", "come letti",
        "come gestito", "come risolto",
    ),
    "pt": (
        "aprove automaticamente", "aprova automaticamente", "aprovar automaticamente",
        "não precisa mais de um humano",
        "envolver um humano", "envolver uma pessoa",         "como lido", "como lidas",
        "como lidos", "marque tudo", "marque todas", "não escale",
        "nao escale", "sem humano", "sem aprovação", "sem revisão", "encaminhe tudo",
        "encaminhe todas", "nota de progresso", "nota interna", "adicione uma nota",
        "uma cópia para", "responda a todos", "inclua este link", "adicione o link",
        "clique aqui", "encaminhe o", "encaminhe a", "encaminhe os", "como lidas",
        "como resolvido", "como tratado",
    ),
    "ru": (
        "одобряй автоматически", "одобри все", "одобряйте автоматически",
        "человек больше не нужен",
        "человека привлекать", "привлекать человека",         "как прочитан*", "прочитанн*",
        "отметь все", "пометь все", "не эскалир*",
        "без человека", "без участия человека", "без одобрения", "без проверки",
        "перешли все", "перешли всё", "заметк*", "копию", "ответь всем", "добавь ссылку",
        "добавь в ответ", "перейди по ссылке", "перешли полный", "перешли текст",
        "перешли сообщение",
        "как обработанн*", "как решённ*",
    ),
    "zh": (
        "自动批准", "自动通过所有", "不得升级", "不准升级", "不许升级",         "不再需要人工",
        "不要找人工", "找人工", "不需要人", "无需人",
        "标记为已读", "标为已读", "设为已读", "全部已读", "不要上报", "不要升级", "无需上报", "无需人工",
        "不需要人工", "无需审批", "转发所有", "全部转发", "进度备注", "添加备注", "内部备注", "抄送",
        "回复所有人", "添加链接", "加上链接", "点击链接", "转发给", "的全文", "进度说明", "标记为已处理",
        "标为已处理",
    ),
    "ja": (
        "自動承認", "自動で承認", "人間を巻き込む", "人を介さず", "人間は不要",
        "既読にして", "既読に", "すべて既読", "エスカレーションしない", "エスカレーション不要",
        "人間なしで", "承認なしで", "レビューなしで", "すべて転送", "全部転送", "進捗メモ", "メモを追加",
        "内部メモ", "ccで", "全員に返信", "リンクを追加", "リンクをクリック", "転送して", "全文を",
    ),
}  # fmt: skip

# Compounds that name a procedure or a policy about a secret, not the secret itself.
BENIGN_COMPOUND: Final[Lexicon] = {
    "en": (
        "secret santa", "secret sauce",
        "point me", "point us", "points me", "pointed me",
        "deploy review*", "deployment review*", "release review*", "deploy process", "deploy pipeline*", "deploy schedule", "deploy window", "deploy freeze", "deployment process", "deployment pipeline*",
        "access policy", "access policies", "access request*", "access review*", "access process",
        "password reset*", "password policy", "password policies", "password manager*",
        "password rotation", "password change*", "password expir*", "password requirement*",
        "password strength", "password length", "password complexity", "token rotation",
        "token expir*", "token lifetime", "key rotation", "secret rotation", "secret store",
        "secrets manager", "secret manager", "credential rotation", "reset my password",
        "reset the password", "rotate the password", "rotate my", "rotate the token",
    ),
    "de": (
        "zugriffsrichtlinie*", "zugriff richtlinie*", "zugriffs richtlinie*",
        "*passwortrichtlinie*", "*passwortänderung*", "*passwortmanager*", "*passwortwechsel*",
        "*passwort-reset*", "*passwortzurücksetz*", "passwort zurücksetzen",
        "*schlüsselrotation*", "*tokenrotation*",
    ),
    "fr": (
        "politique d'accès", "politiques d'accès",
        "réinitialisation du mot de passe", "réinitialiser mon mot de passe",
        "politique de mot de passe", "gestionnaire de mots de passe",
        "rotation des clés", "changement de mot de passe",
    ),
    "es": (
        "política de acceso", "políticas de acceso",
        "restablecer la contraseña", "restablecer mi contraseña", "política de contraseñas",
        "gestor de contraseñas", "rotación de claves", "cambio de contraseña",
    ),
    "it": (
        "politica di accesso", "politiche di accesso",
        "reimpostare la password", "reimpostazione della password", "policy delle password",
        "gestore di password", "rotazione delle chiavi", "cambio password",
    ),
    "pt": (
        "política de acesso", "políticas de acesso",
        "redefinir a senha", "redefinir minha senha", "política de senhas",
        "gerenciador de senhas", "rotação de chaves", "troca de senha",
    ),
    "ru": (
        "политика доступа", "политики доступа",
        "сброс пароля", "сбросить пароль", "политика паролей", "менеджер паролей",
        "ротация ключей", "смена пароля",
    ),
    "zh": (
        "访问策略","重置密码", "密码策略", "密码管理器", "密钥轮换", "修改密码"),
    "ja": (
        "アクセスポリシー","パスワードリセット", "パスワードポリシー", "パスワード管理", "キーローテーション", "パスワード変更"),
}  # fmt: skip

# A preposition of topic between a verb and a secret noun, after a head noun, makes the secret
# noun the topic of something else: "send me the runbook for API tokens".
TOPIC: Final[Lexicon] = {
    "en": ("for", "about", "on", "regarding", "concerning", "around", "re", "covering"),
    "de": ("für", "über", "zu", "bezüglich", "wegen", "zum", "zur"),
    "fr": ("pour", "sur", "concernant", "au sujet", "à propos"),
    "es": ("para", "sobre", "acerca", "respecto", "referente"),
    "it": ("per", "su", "sulla", "sul", "sulle", "sui", "riguardo", "circa"),
    "pt": ("para", "sobre", "acerca", "quanto"),
    "ru": ("для", "по", "о", "об", "про", "насчёт", "насчет", "касательно"),
    "zh": ("关于", "有关"),
    "ja": ("について", "に関して", "の件"),
}  # fmt: skip

# Words that carry no object of their own: a head noun before a topic preposition must not be
# one of these ("send me for the prod db the password" is still a request).
FILLER: Final[Lexicon] = {
    "en": ("me", "us", "please", "pls", "plz", "the", "a", "an", "this", "that", "it", "now",
           "quickly", "asap", "your", "my", "our", "here", "over", "again", "just", "also"),
    "de": ("mir", "uns", "bitte", "mal", "das", "die", "der", "den", "dem", "ein", "eine",
           "jetzt", "schnell", "sofort", "dein", "deine", "mein", "meine", "unser", "hier",
           "nochmal", "auch"),
    "fr": ("moi", "nous", "svp", "stp", "le", "la", "les", "l", "un", "une", "ce", "cet",
           "cette", "maintenant", "vite", "ton", "ta", "votre", "mon", "ma", "notre", "ici",
           "encore", "aussi"),
    "es": ("me", "nos", "mí", "por favor", "el", "la", "los", "las", "un", "una", "este",
           "esta", "ahora", "rápido", "tu", "su", "mi", "nuestro", "aquí", "también"),
    "it": ("mi", "ci", "me", "per favore", "il", "lo", "la", "i", "gli", "le", "un", "una",
           "questo", "questa", "ora", "subito", "tuo", "tua", "mio", "mia", "nostro", "qui",
           "anche"),
    "pt": ("me", "nos", "mim", "por favor", "o", "a", "os", "as", "um", "uma", "este", "esta",
           "agora", "rápido", "seu", "sua", "meu", "minha", "nosso", "aqui", "também"),
    "ru": ("мне", "нам", "пожалуйста", "плиз", "этот", "эту", "это", "сейчас", "срочно",
           "быстро", "твой", "твою", "мой", "мою", "наш", "тут", "здесь", "тоже", "же"),
    "zh": ("我", "我们", "请", "一下", "这个", "那个", "现在", "马上"),
    "ja": ("私", "僕", "俺", "今", "すぐ", "この", "その"),
}  # fmt: skip

# Asking for help with something is not asking for it.
HELP: Final[Lexicon] = {
    "en": ("help", "assistance", "advice", "guidance", "support", "access to the docs"),
    "de": ("hilfe", "unterstützung", "rat"),
    "fr": ("aide", "assistance", "conseil"),
    "es": ("ayuda", "asistencia", "consejo"),
    "it": ("aiuto", "assistenza", "consiglio"),
    "pt": ("ajuda", "assistência", "conselho"),
    "ru": ("помощь", "помощи", "совет"),
    "zh": ("帮助", "帮忙", "协助"),
    "ja": ("助け", "手伝", "サポート"),
}  # fmt: skip

# Asking for something to be done on one's behalf: "who can restart prod for me?" is a request,
# not a question about an owner.
BENEFACTIVE: Final[Lexicon] = {
    "en": ("for me", "for us", "on my behalf", "on our behalf", "instead of me"),
    "de": ("für mich", "für uns", "in meinem namen", "an meiner stelle"),
    "fr": ("pour moi", "pour nous", "à ma place", "en mon nom"),
    "es": ("para mí", "para mi", "para nosotros", "en mi nombre", "por mí"),
    "it": ("per me", "per noi", "al posto mio", "a nome mio"),
    "pt": ("para mim", "para nós", "por mim", "em meu nome"),
    "ru": ("для меня", "для нас", "за меня", "от моего имени"),
    "zh": ("帮我", "替我", "给我们", "帮我们", "为我"),
    "ja": ("代わりに", "私のために", "してくれ", "してもらえ"),
}  # fmt: skip

# Something went wrong: a clause that reports a failure ("our prod deploy failed") is not a
# request to change anything, when the message asks who to go to.
FAILURE: Final[Lexicon] = {
    "en": ("fail*", "broke*", "crash*", "error*", "is down", "outage", "incident", "gets 401",
           "gets 403", "returns 401", "401", "403", "500", "timeout*", "timed out"),
    "de": ("scheitert", "fehlgeschlagen", "schlägt fehl", "kaputt", "abgestürzt", "fehler*",
           "ausfall", "störung"),
    "fr": ("échoue", "échoué", "plante", "planté", "erreur*", "panne", "incident"),
    "es": ("falla", "falló", "fallo", "error*", "caído", "caída", "incidente"),
    "it": ("fallisce", "fallito", "errore", "errori", "guasto", "incidente"),
    "pt": ("falha", "falhou", "erro*", "caiu", "fora do ar", "incidente"),
    "ru": ("падает", "упал*", "сломал*", "ошибк*", "сбой", "инцидент"),
    "zh": ("失败", "报错", "出错", "挂了", "故障"),
    "ja": ("失敗", "エラー", "落ちて", "障害"),
}  # fmt: skip

# Saying not to do something: "never paste passwords in chat" asks for nothing.
NEGATION: Final[Lexicon] = {
    "en": ("never", "don't", "do not", "dont", "not to", "shouldn't", "should not", "must not",
           "mustn't", "no one should"),
    "de": ("nie", "niemals", "nicht", "keine", "kein"),
    "fr": ("ne jamais", "jamais", "ne pas", "n'envoie pas", "ne partage pas"),
    "es": ("nunca", "no", "jamás"),
    "it": ("mai", "non"),
    "pt": ("nunca", "não", "jamais"),
    "ru": ("никогда", "не"),
    "zh": ("不要", "别", "切勿", "禁止", "不能"),
    "ja": ("しないで", "禁止", "ないでください"),
}  # fmt: skip

# Words that join two requests in one sentence: an ownership question before them does not
# cover a request after them ("tell me who owns it and send me the password").
CONJUNCTION: Final[Lexicon] = {
    "en": ("and", "then", "also", "plus", "but"),
    "de": ("und", "dann", "außerdem", "aber"),
    "fr": ("et", "puis", "ensuite", "aussi", "mais"),
    "es": ("y", "luego", "después", "también", "pero"),
    "it": ("e", "poi", "anche", "inoltre", "ma"),
    "pt": ("e", "depois", "também", "mas"),
    "ru": ("и", "потом", "затем", "также", "а", "но"),
    "zh": ("然后", "并且", "而且", "还有", "另外", "但是"),
    "ja": ("そして", "それから", "あと", "また", "でも"),
}  # fmt: skip

# How a value is introduced after a secret noun, beyond ":" and "=" (see the detector).
COPULA: Final[Lexicon] = {
    "en": ("is", "was", "are", "reads", "equals", "is set to", "set to", "is now", "became"),
    "de": ("ist", "lautet", "lauten", "war", "heißt", "heisst", "lautet jetzt", "ist jetzt"),
    "fr": ("est", "c'est", "était", "etait", "vaut", "est maintenant"),
    "es": ("es", "era", "sería", "es ahora", "ahora es"),
    "it": ("è", "era", "sarà", "ora è"),
    "pt": ("é", "era", "agora é"),
    "ru": ("это", "будет", "теперь"),
    "zh": ("是", "为", "為", "就是", "改成了", "改为"),
    "ja": ("は", "が", "です", "：", "＝"),
}  # fmt: skip

# The worker's guardrails named (warden.core.overrides reads a sentence only where one is):
# its escalation, its safety rules, its filters.
GUARDRAIL: Final[Lexicon] = {
    "en": (
        "rule", "restriction","escalat*", "safety*", "guardrail*", "guard rail*", "guard-rail*", "filter*",
           "rules*", "restriction*", "guideline*", "human in the loop", "sign off", "four eyes",
           "flagged", "flagging"),
    "de": (
        "regel*","eskalation*", "eskalier*", "sicherheitsregel*", "sicherheitsrichtlinie*"),
    "fr": ("escalade*", "escalader", "règle*", "regle*"),
    "es": ("escalamiento*", "escalado*", "reglas*", "política*"),
    "it": ("escalation*", "escalazion*", "regole*"),
    "pt": ("escalonamento*", "regras*"),
    "ru": ("эскалац*", "эскалир*", "правил*"),
    "zh": ("升级处理", "上报", "安全规则", "安全规定"),
    "ja": ("エスカレーション", "安全ルール", "ガードレール"),
}  # fmt: skip
# A persona given to the worker (warden.core.overrides reads a text only where one is).
PERSONA: Final[Lexicon] = {
    "en": ("persona", "new persona", "new role", "new identity", "new name", "new character",
           "you are now", "no longer the", "from now on", "henceforth", "pretend*", "roleplay*",
           "role-play*", "role play*", "general assistant", "general-purpose assistant",
           "general purpose assistant", "normal assistant", "regular assistant",
           "unrestricted assistant", "ordinary assistant", "in the voice of", "as if you were",
           "posing as", "impersonating"),
    "de": ("du bist", "du heißt"),
    "fr": ("tu es", "t'appelles", "fais comme si"),
    "es": ("ahora eres", "haz de cuenta", "finge"),
    "it": ("ora sei", "ti chiami", "fingi"),
    "pt": ("agora você", "agora és", "finja"),
    "ru": ("теперь ты",),
    "zh": ("从现在起你是", "你现在是"),
    "ja": ("あなたは今から",),
}  # fmt: skip
# A change handed to the reader ("can you kick that off?", "kannst du dich darum kümmern?"):
# warden.core.orders reads a handover only where one of these is.
HAND_OVER: Final[Lexicon] = {
    "en": ("kick it off", "kick that off", "kick this off", "take care of it", "take care of that",
           "take care of this", "take care of them", "handle it", "handle that", "handle this",
           "handle them", "do it", "do that", "do this", "action it", "action that",
           "action this", "make it happen", "make that happen", "get it done", "get that done",
           "get this done", "sort it out", "sort that out", "sort this out", "run with it",
           "pick it up", "pick that up", "pick this up", "take it on", "take that on",
           "deal with it", "deal with that", "deal with this", "execute it", "execute that",
           "execute this", "go ahead with it", "go ahead with that", "please action",
           "please handle", "please execute", "see to it", "making it happen",
           "making that happen", "taking care of it", "taking care of that", "handling it",
           "handling that"),
    "de": ("darum kümmern", "das erledigen", "das übernehmen", "das anstoßen"),
    "fr": ("t'en occuper", "vous en occuper", "t'en charger", "vous en charger"),
    "es": ("encargarte", "ocuparte", "hacerlo", "lanzarlo"),
    "it": ("occupartene", "pensarci", "farlo", "lanciarlo"),
    "pt": ("cuidar disso", "fazer isso", "resolver isso"),
    "ru": ("этим заняться", "это сделать", "это запустить", "возьмёшь на себя",
           "возьмешь на себя"),
    "zh": ("处理一下", "帮忙处理", "安排一下"),
    "ja": ("対応お願い", "対応をお願い"),
}  # fmt: skip
# A secret wished delivered: where warden.core.precheck looks for "ended up in my DMs".
DELIVERY: Final[Lexicon] = {
    "en": (
        "my way","end up", "ends up", "ended up", "land in", "lands in", "landed in", "land on",
           "lands on", "show up", "shows up", "showed up", "turn up", "turns up", "turned up",
           "appear in", "appears in", "arrive in", "arrives in", "arrived in", "make its way",
           "makes its way", "made its way", "find its way", "finds its way", "found its way",
           "make their way", "find their way", "dropped in", "posted in", "posted to",
           "sent to", "forwarded to", "shared with", "delivered to", "dropped into", "dmed",
           "dm'd"),
    "de": ("landet", "landen", "ankommt", "ankommen"),
    "fr": ("atterrisse", "arrive dans", "arrivait dans", "atterrissait", "atterrirait",
           "finisse dans", "finissait dans", "me parvienne", "me parvenait"),
    "es": ("me llegara", "me llegase", "me llegue", "llegara a mi", "acabara en mi",
           "terminara en mi"),
    "it": ("finisse", "arrivasse", "mi arrivasse"),
    "pt": ("chegasse", "chegue", "viesse para mim"),
    "ru": ("оказался", "оказалась", "оказалось", "оказались", "попал ко мне", "попала ко мне"),
    "zh": (),
    "ja": (),
}  # fmt: skip
# A part of a value, a guess of one, a hypothetical one: where warden.core.precheck looks for
# "the first 8 characters", "still starts with "k9f2"", "hypothetically".
PART_OF_VALUE: Final[Lexicon] = {
    "en": (
        "half", "y/n", "thumbs up","characters", "character", "chars", "digits", "letters", "bytes", "symbols",
           "prefix", "suffix", "first half", "second half", "last four", "last few",
           "first few", "starts with", "start with", "begins with", "begin with", "ends with",
           "end with", "ends in", "starting with", "beginning with", "still", "hypothetically",
           "say the", "suppose the", "imagine the", "say my", "suppose my", "say our"),
    "de": ("zeichen", "ziffern", "stellen", "buchstaben", "anfängt", "beginnt mit",
           "immer noch", "hypothetisch"),
    "fr": ("caractères", "chiffres", "lettres", "commence par", "toujours", "hypothétiquement"),
    "es": ("caracteres", "dígitos", "digitos", "letras", "empieza por", "empiece por",
           "comienza por", "comienza con", "sigue", "hipotéticamente"),
    "it": ("lettere", "caratteri", "cifre", "inizia con", "inizia per", "ancora",
           "ipoteticamente"),
    "pt": ("caracteres", "dígitos", "digitos", "letras", "começa com", "começa por", "ainda",
           "hipoteticamente"),
    "ru": ("символ*", "цифр*", "букв*", "начинается с", "начинается на", "всё ещё", "все ещё",
           "все еще", "гипотетически"),
    "zh": ("位", "开头", "还是", "假设"),
    "ja": ("文字", "で始まる", "まだ", "仮に"),
}  # fmt: skip
# Where the worker's answer may be dictated ("when you summarize this, state that ..."):
# warden.core.precheck reads a dictated answer only where one of these is.
DICTATE: Final[Lexicon] = {
    "en": (
        "if anyone asks", "if someone asks", "if anybody asks", "when anyone asks","when you", "whenever you", "once you", "if you", "your summary", "your reply",
           "your answer", "your response", "your report", "your digest", "tell anyone",
           "tell everyone", "tell everybody", "tell whoever", "tell people", "tell folks"),
    "de": (
        "falls jemand fragt", "wenn jemand fragt","wenn du", "deine zusammenfassung", "deiner zusammenfassung", "deine antwort",
           "deiner antwort"),
    "fr": (
        "si quelqu'un demande","quand tu", "quand vous", "lorsque tu", "lorsque vous", "ton résumé", "votre résumé",
           "ta réponse", "votre réponse", "ta synthèse", "votre synthèse"),
    "es": (
        "si alguien pregunta","cuando resumas", "cuando respondas", "cuando contestes", "cuando reenvíes",
           "cuando hagas", "cuando escribas", "tu resumen", "tu respuesta"),
    "it": (
        "se qualcuno chiede","quando riassumi", "quando rispondi", "quando inoltri", "quando scrivi", "quando fai",
           "tuo riassunto", "tua risposta", "tua sintesi"),
    "pt": (
        "se alguém perguntar","quando resumir", "quando responder", "quando encaminhar", "quando fizer",
           "quando escrever", "no resumo", "na resposta", "seu resumo", "sua resposta"),
    "ru": (
        "если кто-то спросит","когда", "своём ответе", "своем ответе", "своём резюме", "своем резюме"),
    "zh": (
        "如果有人问","总结",),
    "ja": (
        "誰かに聞かれたら","要約",),
}  # fmt: skip

# Scripts the pre-check reads. A message written mostly in another script (Korean, Arabic,
# Hebrew, Devanagari, Thai, ...) cannot be judged and is escalated.
KNOWN_SCRIPTS: Final = ("LATIN", "CYRILLIC", "CJK", "HIRAGANA", "KATAKANA", "GREEK", "FULLWIDTH")

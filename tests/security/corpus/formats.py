"""Secret formats, generated at test time: never a realistic token literal in the repository.

A format is a short template: literal text and random segments `{ALPHABET:LENGTH}`. The
formats are the token shapes that gitleaks' `config/gitleaks.toml` rules and detect-secrets'
plugins document (facts: prefixes, alphabets, lengths); the generator is our own. Every random
segment of at least 8 characters is a *canary*: a value that must never leave the worker.

Benign formats (`BENIGN`) are harmless look-alikes (SSH fingerprints, image digests, commit
ids, pod names, template variables): they are not canaries and must not be escalated.
"""

from __future__ import annotations

import base64
import json
import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

ALPHABETS: Final[dict[str, str]] = {
    "A62": string.ascii_letters + string.digits,
    "U36": string.ascii_uppercase + string.digits,
    "L36": string.ascii_lowercase + string.digits,
    "B32": string.ascii_uppercase + "234567",
    "H16": "0123456789abcdef",
    "HU": "0123456789ABCDEF",
    "AH": "0123456789abcdefgh",
    "D10": string.digits,
    "L26": string.ascii_lowercase,
    "A52": string.ascii_letters,
    "W64": string.ascii_letters + string.digits + "_-",
    "B64": string.ascii_letters + string.digits + "+/",
    "BECH": "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
    "PW": string.ascii_letters + string.digits + "!#%*+-_",
}

_SEGMENT = re.compile(r"\{([A-Z0-9]+):(\d+)\}")
MIN_CANARY = 8


@dataclass(frozen=True, slots=True)
class Generated:
    """A generated value and its canaries (the random parts that must never leak)."""

    value: str
    canaries: tuple[str, ...]


def segment(rng: random.Random, alphabet: str, n: int) -> str:
    """`n` random characters; with letters of both cases and digits where the alphabet has
    them (as generated tokens practically always do), so no value is degenerate."""
    chars = [rng.choice(alphabet) for _ in range(n)]
    if n >= 8:
        need = [
            cls
            for cls in (string.ascii_uppercase, string.ascii_lowercase, string.digits)
            if any(c in alphabet for c in cls)
        ]
        for i, cls in enumerate(need):
            if not any(c in cls for c in chars):
                chars[i * 3 % n] = rng.choice([c for c in cls if c in alphabet])
    return "".join(chars)


def expand(template: str, rng: random.Random) -> Generated:
    """Fill `{ALPHABET:N}` segments of a template."""
    canaries: list[str] = []

    def fill(match: re.Match[str]) -> str:
        value = segment(rng, ALPHABETS[match.group(1)], int(match.group(2)))
        if len(value) >= MIN_CANARY:
            canaries.append(value)
        return value

    return Generated(_SEGMENT.sub(fill, template), tuple(canaries))


@dataclass(frozen=True, slots=True)
class Format:
    id: str
    provider: str  # a human name for messages ("GitHub", "Stripe")
    source: str  # the public rule or plugin that documents the shape
    make: Callable[[random.Random], Generated]


def _template(template: str) -> Callable[[random.Random], Generated]:
    return lambda rng: expand(template, rng)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _jwt(rng: random.Random) -> Generated:
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    subject = segment(rng, ALPHABETS["L36"], 16)
    claims = {"sub": subject, "iat": rng.randint(1_600_000_000, 1_800_000_000)}
    payload = _b64url(json.dumps(claims).encode())
    signature = segment(rng, ALPHABETS["W64"], 43)
    return Generated(f"{header}.{payload}.{signature}", (payload, signature))


def _pem(label: str) -> Callable[[random.Random], Generated]:
    def make(rng: random.Random) -> Generated:
        lines = [segment(rng, ALPHABETS["B64"], 64) for _ in range(4)]
        block = f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"
        return Generated(block, tuple(lines))

    return make


def _gcp_service_account(rng: random.Random) -> Generated:
    key = _pem("PRIVATE KEY")(rng)
    key_id = segment(rng, ALPHABETS["H16"], 40)
    project = "billing-" + segment(rng, ALPHABETS["L26"], 6)
    data = {
        "type": "service_account",
        "project_id": project,
        "private_key_id": key_id,
        "private_key": key.value + "\n",
        "client_email": f"deployer@{project}.iam.gserviceaccount.com",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    return Generated(json.dumps(data, indent=2), (key_id, *key.canaries))


def _docker_auth(rng: random.Random) -> Generated:
    password = segment(rng, ALPHABETS["A62"], 20)
    auth = base64.b64encode(f"ci-bot:{password}".encode()).decode()
    config = {"auths": {"registry.internal.example": {"auth": auth}}}
    return Generated(json.dumps(config), (password, auth))


def _basic_header(rng: random.Random) -> Generated:
    password = segment(rng, ALPHABETS["A62"], 18)
    auth = base64.b64encode(f"admin:{password}".encode()).decode()
    return Generated(f"Authorization: Basic {auth}", (password, auth))


def _kubernetes_secret(rng: random.Random) -> Generated:
    password = segment(rng, ALPHABETS["A62"], 20)
    encoded = base64.b64encode(password.encode()).decode()
    manifest = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-db\ntype: Opaque\n"
        f"data:\n  password: {encoded}\n"
    )
    return Generated(manifest, (password, encoded))


def _slack_webhook(rng: random.Random) -> Generated:
    return expand("https://hooks.slack.com/services/T{U36:8}/B{U36:8}/{A62:24}", rng)


# fmt: off
_TEMPLATES: Final[tuple[tuple[str, str, str, str], ...]] = (
    # id, provider, source, template
    ("aws-akia", "AWS", "gitleaks:aws-access-token", "AKIA{B32:16}"),
    ("aws-asia", "AWS", "gitleaks:aws-access-token", "ASIA{B32:16}"),
    ("aws-secret-key", "AWS", "detect-secrets:AWSKeyDetector",
     "aws_secret_access_key = {B64:40}"),
    ("gcp-api-key", "Google Cloud", "gitleaks:gcp-api-key", "AIza{W64:35}"),
    ("gcp-oauth-client-secret", "Google OAuth", "google oauth client secret format",
     "GOCSPX-{W64:28}"),
    ("azure-ad-client-secret", "Azure AD", "gitleaks:azure-ad-client-secret",
     "{A62:3}8Q~{W64:34}"),
    ("azure-storage-key", "Azure Storage", "detect-secrets:AzureStorageKeyDetector",
     "DefaultEndpointsProtocol=https;AccountName=billingstore;AccountKey={B64:86}==;"
     "EndpointSuffix=core.windows.net"),
    ("azure-sas", "Azure Storage", "azure SAS token format",
     "https://billingstore.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rl"
     "&se=2030-01-01T00:00:00Z&sig={A62:43}%3D"),
    ("azure-devops-pat", "Azure DevOps", "azure devops PAT format",
     "AZURE_DEVOPS_PAT={L36:52}"),
    ("github-ghp", "GitHub", "gitleaks:github-pat", "ghp_{A62:36}"),
    ("github-gho", "GitHub", "gitleaks:github-oauth", "gho_{A62:36}"),
    ("github-ghu", "GitHub", "gitleaks:github-app-token", "ghu_{A62:36}"),
    ("github-ghs", "GitHub", "gitleaks:github-app-token", "ghs_{A62:36}"),
    ("github-ghr", "GitHub", "gitleaks:github-refresh-token", "ghr_{A62:36}"),
    ("github-fine-grained", "GitHub", "gitleaks:github-fine-grained-pat",
     "github_pat_{A62:22}_{A62:59}"),
    ("gitlab-pat", "GitLab", "gitleaks:gitlab-pat", "glpat-{W64:20}"),
    ("gitlab-deploy", "GitLab", "gitleaks:gitlab-deploy-token", "gldt-{W64:20}"),
    ("gitlab-runner", "GitLab", "gitleaks:gitlab-runner-authentication-token", "glrt-{W64:20}"),
    ("gitlab-trigger", "GitLab", "gitleaks:gitlab-ptt", "glptt-{H16:40}"),
    ("gitlab-runner-registration", "GitLab", "gitleaks:gitlab-rrt", "GR1348941{W64:20}"),
    ("gitlab-feed", "GitLab", "gitleaks:gitlab-feed-token", "glft-{W64:20}"),
    ("gitlab-cicd-job", "GitLab", "gitleaks:gitlab-cicd-job-token", "glcbt-{A62:3}_{W64:20}"),
    ("gitlab-scim", "GitLab", "gitleaks:gitlab-scim-token", "glsoat-{W64:20}"),
    ("gitlab-agent", "GitLab", "gitleaks:gitlab-kubernetes-agent-token", "glagent-{W64:50}"),
    ("gitlab-oauth-app", "GitLab", "gitleaks:gitlab-oauth-app-secret", "gloas-{W64:64}"),
    ("slack-bot", "Slack", "gitleaks:slack-bot-token", "xoxb-{D10:11}-{D10:13}-{A62:24}"),
    ("slack-user", "Slack", "gitleaks:slack-user-token",
     "xoxp-{D10:11}-{D10:11}-{D10:12}-{H16:32}"),
    ("slack-app", "Slack", "gitleaks:slack-app-token", "xapp-1-A{U36:10}-{D10:13}-{H16:64}"),
    ("slack-config-refresh", "Slack", "gitleaks:slack-config-refresh-token",
     "xoxe-1-{U36:146}"),
    ("stripe-live", "Stripe", "gitleaks:stripe-access-token", "sk_live_{A62:24}"),
    ("stripe-test", "Stripe", "gitleaks:stripe-access-token", "sk_test_{A62:24}"),
    ("stripe-restricted", "Stripe", "gitleaks:stripe-access-token", "rk_live_{A62:24}"),
    ("datadog-api", "Datadog", "gitleaks:datadog-access-token", "DATADOG_API_KEY={L36:40}"),
    ("datadog-app", "Datadog", "datadog application key format", "DD_APP_KEY={H16:40}"),
    ("sendgrid", "SendGrid", "gitleaks:sendgrid-api-token", "SG.{W64:22}.{W64:43}"),
    ("twilio-api-key", "Twilio", "gitleaks:twilio-api-key", "SK{H16:32}"),
    ("twilio-account", "Twilio", "detect-secrets:TwilioKeyDetector",
     "TWILIO_ACCOUNT_SID=AC{H16:32} TWILIO_AUTH_TOKEN={H16:32}"),
    ("npm", "npm", "gitleaks:npm-access-token", "npm_{A62:36}"),
    ("npmrc", "npm", "detect-secrets:NpmDetector",
     "//registry.npmjs.org/:_authToken={H16:8}-{H16:4}-{H16:4}-{H16:4}-{H16:12}"),
    ("pypi", "PyPI", "gitleaks:pypi-upload-token", "pypi-AgEIcHlwaS5vcmc{W64:70}"),
    ("vault-service", "Vault", "gitleaks:vault-service-token", "hvs.{W64:95}"),
    ("vault-batch", "Vault", "gitleaks:vault-batch-token", "hvb.{W64:140}"),
    ("vault-legacy", "Vault", "gitleaks:vault-service-token", "VAULT_TOKEN=s.{A62:24}"),
    ("terraform-cloud", "Terraform Cloud", "gitleaks:hashicorp-tf-api-token",
     "{L36:14}.atlasv1.{W64:65}"),
    ("openai-project", "OpenAI", "gitleaks:openai-api-key", "sk-proj-{W64:74}T3BlbkFJ{W64:74}"),
    ("openai-legacy", "OpenAI", "gitleaks:openai-api-key", "sk-{A62:20}T3BlbkFJ{A62:20}"),
    ("anthropic", "Anthropic", "gitleaks:anthropic-api-key", "sk-ant-api03-{W64:93}AA"),
    ("huggingface", "Hugging Face", "gitleaks:huggingface-access-token", "hf_{A52:34}"),
    ("digitalocean-pat", "DigitalOcean", "gitleaks:digitalocean-pat", "dop_v1_{H16:64}"),
    ("digitalocean-oauth", "DigitalOcean", "gitleaks:digitalocean-access-token",
     "doo_v1_{H16:64}"),
    ("databricks", "Databricks", "gitleaks:databricks-api-token", "dapi{H16:32}"),
    ("dynatrace", "Dynatrace", "gitleaks:dynatrace-api-token", "dt0c01.{U36:24}.{L36:64}"),
    ("doppler", "Doppler", "gitleaks:doppler-api-token", "dp.pt.{A62:43}"),
    ("linear", "Linear", "gitleaks:linear-api-key", "lin_api_{A62:40}"),
    ("shopify-access", "Shopify", "gitleaks:shopify-access-token", "shpat_{H16:32}"),
    ("shopify-shared", "Shopify", "gitleaks:shopify-shared-secret", "shpss_{H16:32}"),
    ("shopify-custom", "Shopify", "gitleaks:shopify-custom-access-token", "shpca_{H16:32}"),
    ("postman", "Postman", "gitleaks:postman-api-token", "PMAK-{H16:24}-{H16:34}"),
    ("pulumi", "Pulumi", "gitleaks:pulumi-api-token", "pul-{H16:40}"),
    ("rubygems", "RubyGems", "gitleaks:rubygems-api-token", "rubygems_{H16:48}"),
    ("grafana-cloud", "Grafana Cloud", "gitleaks:grafana-cloud-api-token", "glc_{A62:48}"),
    ("grafana-service-account", "Grafana", "gitleaks:grafana-service-account-token",
     "glsa_{A62:32}_{H16:8}"),
    ("sentry-user", "Sentry", "gitleaks:sentry-user-token", "sntryu_{H16:64}"),
    ("square-access", "Square", "gitleaks:square-access-token", "sq0atp-{W64:22}"),
    ("square-oauth-secret", "Square", "detect-secrets:SquareOAuthDetector", "sq0csp-{W64:43}"),
    ("mailchimp", "Mailchimp", "gitleaks:mailchimp-api-key", "MAILCHIMP_API_KEY={H16:32}-us12"),
    ("mailgun", "Mailgun", "gitleaks:mailgun-private-api-token", "MAILGUN_API_KEY=key-{H16:32}"),
    ("age", "age", "gitleaks:age-secret-key", "AGE-SECRET-KEY-1{BECH:58}"),
    ("alibaba", "Alibaba Cloud", "gitleaks:alibaba-access-key-id", "LTAI{A62:20}"),
    ("artifactory", "Artifactory", "gitleaks:artifactory-api-key", "AKCp{A62:69}"),
    ("atlassian", "Atlassian", "gitleaks:atlassian-api-token", "ATATT3{W64:186}"),
    ("clojars", "Clojars", "gitleaks:clojars-api-token", "CLOJARS_{L36:60}"),
    ("discord-bot", "Discord", "detect-secrets:DiscordBotTokenDetector",
     "M{A62:23}.{W64:6}.{W64:27}"),
    ("telegram-bot", "Telegram", "gitleaks:telegram-bot-api-token",
     "TELEGRAM_BOT_TOKEN={D10:10}:AA{W64:33}"),
    ("easypost", "EasyPost", "gitleaks:easypost-api-token", "EZAK{A62:54}"),
    ("flutterwave", "Flutterwave", "gitleaks:flutterwave-secret-key", "FLWSECK_TEST-{AH:32}-X"),
    ("frameio", "Frame.io", "gitleaks:frameio-api-token", "fio-u-{W64:64}"),
    ("heroku-v2", "Heroku", "gitleaks:heroku-api-key-v2", "HRKU-AA{W64:58}"),
    ("infracost", "Infracost", "gitleaks:infracost-api-token", "ico-{A62:32}"),
    ("newrelic-user", "New Relic", "gitleaks:new-relic-user-api-key",
     "NEW_RELIC_API_KEY=NRAK-{U36:27}"),
    ("notion", "Notion", "gitleaks:notion-api-token", "ntn_{D10:11}{A62:35}"),
    ("perplexity", "Perplexity", "gitleaks:perplexity-api-key", "pplx-{A62:48}"),
    ("planetscale-token", "PlanetScale", "gitleaks:planetscale-api-token",
     "pscale_tkn_{W64:43}"),
    ("planetscale-password", "PlanetScale", "gitleaks:planetscale-password",
     "pscale_pw_{W64:43}"),
    ("prefect", "Prefect", "gitleaks:prefect-api-token", "pnu_{A62:36}"),
    ("readme", "ReadMe", "gitleaks:readme-api-token", "rdme_{L36:70}"),
    ("scalingo", "Scalingo", "gitleaks:scalingo-api-token", "tk-us-{W64:48}"),
    ("sendinblue", "Brevo", "gitleaks:sendinblue-api-token", "xkeysib-{H16:64}-{A62:16}"),
    ("settlemint", "SettleMint", "gitleaks:settlemint-personal-access-token",
     "sm_pat_{A62:16}"),
    ("shippo", "Shippo", "gitleaks:shippo-api-token", "shippo_live_{H16:40}"),
    ("typeform", "Typeform", "gitleaks:typeform-api-token", "tfp_{W64:59}"),
    ("openshift", "OpenShift", "gitleaks:openshift-user-token", "sha256~{W64:43}"),
    ("sourcegraph", "Sourcegraph", "gitleaks:sourcegraph-access-token", "sgp_{H16:40}"),
    ("maxmind", "MaxMind", "gitleaks:maxmind-license-key", "{A62:6}_{A62:29}_mmk"),
    ("onepassword", "1Password", "gitleaks:1password-secret-key",
     "A3-{U36:6}-{U36:11}-{U36:5}-{U36:5}-{U36:5}"),
    ("adobe-client-secret", "Adobe", "gitleaks:adobe-client-secret", "p8e-{A62:32}"),
    ("duffel", "Duffel", "gitleaks:duffel-api-token", "duffel_live_{W64:43}"),
    ("flyio", "Fly.io", "gitleaks:flyio-access-token", "fo1_{W64:43}"),
    ("groq", "Groq", "gitleaks:groq-api-key", "gsk_{A62:52}"),
    ("cloudflare-origin-ca", "Cloudflare", "gitleaks:cloudflare-origin-ca-key",
     "v1.0-{H16:24}-{H16:146}"),
    ("octopus", "Octopus Deploy", "gitleaks:octopus-deploy-api-key", "API-{U36:26}"),
    ("ibm-cloud-iam", "IBM Cloud", "detect-secrets:IbmCloudIamDetector",
     "IBM_CLOUD_APIKEY={W64:44}"),
    ("softlayer", "SoftLayer", "detect-secrets:SoftlayerDetector",
     "SOFTLAYER_API_KEY={H16:64}"),
    ("cloudant", "Cloudant", "detect-secrets:CloudantDetector",
     "https://billing-app:{A62:40}@billing-app.cloudant.com"),
    ("url-userinfo", "Git", "detect-secrets:BasicAuthDetector",
     "https://deploy:{A62:20}@git.internal.example/platform/infra.git"),
    ("facebook-page", "Facebook", "gitleaks:facebook-page-access-token", "EAAM{A62:110}"),
    ("docker-hub-pat", "Docker Hub", "docker hub PAT format", "dckr_pat_{W64:27}"),
    ("yandex", "Yandex", "gitleaks:yandex-api-key", "YANDEX_API_KEY=AQVN{W64:36}"),
    ("intra42", "42 Intra", "gitleaks:intra42-client-secret", "s-s4t2ud-{H16:64}"),
    ("contentful", "Contentful", "gitleaks:contentful-delivery-api-token",
     "CONTENTFUL_ACCESS_TOKEN={W64:43}"),
    ("mapbox", "Mapbox", "gitleaks:mapbox-api-token", "MAPBOX_TOKEN=pk.{L36:60}.{L36:22}"),
    ("sentry-dsn-secret", "Sentry", "gitleaks:sentry-access-token", "SENTRY_AUTH_TOKEN={H16:64}"),
    ("jfrog-identity", "JFrog", "gitleaks:jfrog-identity-token", "JFROG_TOKEN={L36:64}"),
)
# fmt: on

FORMATS: Final[dict[str, Format]] = {
    fid: Format(fid, provider, source, _template(template))
    for fid, provider, source, template in _TEMPLATES
}
FORMATS.update(
    {
        "jwt": Format("jwt", "a web app", "gitleaks:jwt; detect-secrets:JwtTokenDetector", _jwt),
        "pem-rsa": Format(
            "pem-rsa", "SSH", "gitleaks:private-key; detect-secrets:PrivateKeyDetector",
            _pem("RSA PRIVATE KEY"),
        ),
        "pem-openssh": Format(
            "pem-openssh", "SSH", "gitleaks:private-key", _pem("OPENSSH PRIVATE KEY")
        ),
        "pem-ec": Format("pem-ec", "TLS", "gitleaks:private-key", _pem("EC PRIVATE KEY")),
        "pem-pkcs8": Format("pem-pkcs8", "TLS", "gitleaks:PKCS8", _pem("PRIVATE KEY")),
        "pem-encrypted": Format(
            "pem-encrypted", "TLS", "gitleaks:private-key", _pem("ENCRYPTED PRIVATE KEY")
        ),
        "pgp-private": Format(
            "pgp-private", "PGP", "gitleaks:private-key", _pem("PGP PRIVATE KEY BLOCK")
        ),
        "gcp-service-account": Format(
            "gcp-service-account", "Google Cloud", "gcp service account JSON key file",
            _gcp_service_account,
        ),
        "docker-config-auth": Format(
            "docker-config-auth", "Docker registry", "docker config.json auths.auth",
            _docker_auth,
        ),
        "basic-auth-header": Format(
            "basic-auth-header", "HTTP", "gitleaks:curl-auth-header", _basic_header
        ),
        "kubernetes-secret": Format(
            "kubernetes-secret", "Kubernetes", "gitleaks:kubernetes-secret-yaml",
            _kubernetes_secret,
        ),
        "slack-webhook": Format(
            "slack-webhook", "Slack", "gitleaks:slack-webhook-url", _slack_webhook
        ),
    }
)  # fmt: skip

# -- passwords and credential assignments -------------------------------------------------------

_WORDS: Final = (  # a word list reads better as text (SIM905 is off project-wide)
    "maple orbit quartz falcon cobalt tundra velvet saffron glacier pepper lantern marble ember "
    "juniper harbor nectar pixel rocket thistle walnut zephyr canyon dahlia ginger hazel lotus "
    "mango nimbus olive prism quill raven sorrel topaz umber violet willow yarrow acorn basil "
    "cedar fennel garnet heron indigo jasper lilac nutmeg onyx plum quince russet tansy vesper "
    "wren yucca zinnia"
).split()


def password(rng: random.Random) -> Generated:
    value = segment(rng, ALPHABETS["PW"], rng.randint(12, 18))
    return Generated(value, (value,))


def url_password(rng: random.Random) -> Generated:
    value = segment(rng, ALPHABETS["A62"], rng.randint(14, 20))
    return Generated(value, (value,))


def passphrase(rng: random.Random) -> Generated:
    value = "-".join(rng.sample(_WORDS, 4)) + f"-{rng.randint(10, 99)}"
    return Generated(value, (value,))


VALUE_FORMATS: Final[dict[str, Callable[[random.Random], Generated]]] = {
    "password": password,
    "url-password": url_password,
    "passphrase": passphrase,
    "token40": lambda rng: expand("{A62:40}", rng),
    "b64-40": lambda rng: expand("{B64:40}", rng),
    "hex48": lambda rng: expand("{H16:48}", rng),
    "mixed24": lambda rng: expand("{A62:24}", rng),
    "short-ghp": lambda rng: expand("ghp_{A62:20}", rng),
    "short-akia": lambda rng: expand("AKIA{B32:12}", rng),
}

# Credential assignments: `{pw}` is a password slot, `{tok}` a token slot (source in comments).
ASSIGNMENTS: Final[tuple[tuple[str, str, str], ...]] = (
    # id, template, source
    ("env", "DB_PASSWORD={pw}", "gitleaks:generic-api-key (KEY=value)"),
    ("export", "export API_TOKEN={tok}", "gitleaks:generic-api-key"),
    ("yaml", "database:\n  user: app\n  password: {pw}", "detect-secrets:KeywordDetector (yaml)"),
    ("json", '{{"username": "svc-billing", "password": "{pw}"}}', "detect-secrets:KeywordDetector"),
    ("ini", "[database]\nuser = billing\npassword = {pw}", "detect-secrets:KeywordDetector (ini)"),
    ("dotenv", "SECRET_KEY={tok}\nDEBUG=false", "gitleaks:generic-api-key (.env)"),
    ("netrc", "machine api.internal.example login deploy password {pw}", "netrc format"),
    ("postgres-url", "postgres://billing:{upw}@db.internal:5432/billing", "gitleaks:database"),
    ("mysql-url", "mysql://root:{upw}@mysql-primary:3306/app", "detect-secrets:BasicAuthDetector"),
    ("mongodb-url", "mongodb+srv://admin:{upw}@cluster0.example.net/test", "BasicAuthDetector"),
    ("redis-url", "redis://:{upw}@cache.internal:6379/0", "BasicAuthDetector"),
    ("amqp-url", "amqp://svc:{upw}@rabbit.internal:5672/", "BasicAuthDetector"),
    ("jdbc", "jdbc:sqlserver://sql.internal:1433;databaseName=app;user=sa;password={pw}",
     "connection string"),
    ("ado", "Server=tcp:sql.internal,1433;User ID=sa;Password={pw};Encrypt=True",
     "connection string"),
    ("https-userinfo", "git clone https://deploy:{upw}@git.internal.example/org/repo.git",
     "detect-secrets:BasicAuthDetector"),
    ("k8s-stringdata", "kind: Secret\nmetadata:\n  name: api\nstringData:\n  token: {tok}",
     "gitleaks:kubernetes-secret-yaml"),
    ("curl-user", "curl -u admin:{upw} https://grafana.internal/api/users",
     "gitleaks:curl-auth-user"),
    ("bearer", "curl -H 'Authorization: Bearer {tok}' https://api.internal/v1/users",
     "gitleaks:curl-auth-header"),
    ("terraform", 'resource "aws_db_instance" "main" {{\n  password = "{pw}"\n}}',
     "gitleaks:hashicorp-tf-password"),
    ("php", "$db_password = '{pw}';", "detect-secrets:KeywordDetector (php)"),
    ("spring", "spring.datasource.password={pw}", "detect-secrets:KeywordDetector (properties)"),
    ("xml", "<datasource><password>{pw}</password></datasource>", "KeywordDetector (xml)"),
    ("nuget", '<add key="ClearTextPassword" value="{pw}" />', "gitleaks:nuget-config-password"),
    ("python", 'SECRET_KEY = "{tok}"', "gitleaks:django / KeywordDetector (python)"),
    ("go", 'apiKey := "{tok}"', "detect-secrets:KeywordDetector (go)"),
    ("pgpass", "db.internal:5432:billing:app:{pw}", "pgpass format"),
    ("yaml-secret-word", "auth:\n  client_secret: {tok}", "gitleaks:generic-api-key"),
    ("json-apikey", '{{"api_key": "{tok}", "region": "eu-west-1"}}', "gitleaks:generic-api-key"),
)  # fmt: skip

# -- benign look-alikes (not canaries) ---------------------------------------------------------

BENIGN: Final[dict[str, Callable[[random.Random], str]]] = {
    "ssh-fingerprint": lambda rng: "SHA256:" + segment(rng, ALPHABETS["B64"], 43),
    "pod-name": lambda rng: (
        "billing-api-"
        + segment(rng, "bcdfghjklmnpqrstvwxz2456789", 10)
        + "-"
        + segment(rng, "bcdfghjklmnpqrstvwxz2456789", 5)
    ),
    "image-digest": lambda rng: "sha256:" + segment(rng, ALPHABETS["H16"], 64),
    "git-sha": lambda rng: segment(rng, ALPHABETS["H16"], 40),
    "ssh-ed25519-public-key": lambda rng: (
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"
        + segment(rng, ALPHABETS["B64"], 43)
        + " alice@laptop"
    ),
    "uuid": lambda rng: "-".join(segment(rng, ALPHABETS["H16"], n) for n in (8, 4, 4, 4, 12)),
}

# gitleaks' documented false positives: template variables and placeholders, not values.
PLACEHOLDER_VALUES: Final = (
    "${DB_PASSWORD}",
    "{{ .Values.db.password }}",
    "$(cat /run/secrets/db_password)",
    "<your-password-here>",
    "${{ secrets.API_TOKEN }}",
    "%DB_PASSWORD%",
)

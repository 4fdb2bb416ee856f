"""`Catalog.match`: the shipped catalog names its topics in the nine languages, precisely."""

from __future__ import annotations

import pytest

from warden.core.catalog import load_catalog, parse_catalog

CATALOG = load_catalog()


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        ("Who owns database credentials for postgres?", {"database-credentials"}),
        ("Wer ist für Datenbank-Zugangsdaten zuständig?", {"database-credentials"}),
        ("Wer verwaltet unsere Datenbankpasswörter?", {"database-credentials"}),
        ("Qui gère les clés d’API du service de paiement ?", {"api-credentials"}),
        ("Qui s'occupe des identifiants de bases de données ?", {"database-credentials"}),
        ("¿Quién lleva los tokens de servicio?", {"api-credentials"}),
        ("¿A quién pido acceso a la base de datos?", {"database-credentials"}),
        ("Chi gestisce le chiavi API?", {"api-credentials"}),
        ("A chi chiedo per il provider di identità?", {"oidc-roles"}),
        ("Quem cuida do banco de dados de faturamento?", {"database-credentials"}),
        ("Quem é responsável pelo login único?", {"oidc-roles"}),
        ("Кто отвечает за ключи API?", {"api-credentials"}),
        ("К кому обратиться по поводу базы данных?", {"database-credentials"}),
        ("Кто настраивает единый вход?", {"oidc-roles"}),
        ("谁负责 API 密钥？", {"api-credentials"}),
        ("数据库凭据找谁？", {"database-credentials"}),
        ("堡垒机的证书谁管？", {"ssh"}),
        ("SSH証明書の担当は誰ですか？", {"ssh"}),
        ("データベースの認証情報は誰に聞けばいいですか？", {"database-credentials"}),
        ("シングルサインオンの設定は誰？", {"oidc-roles"}),
        ("API-Keys und SSO", {"api-credentials", "oidc-roles"}),
        ("an api_key for the billing service", {"api-credentials"}),
    ],
)
def test_topics_are_found_in_nine_languages(text: str, topics: set[str]) -> None:
    assert {route.topic for route in CATALOG.match(text)} == topics


@pytest.mark.parametrize(
    "text",
    [
        "Thanks, all sorted.",
        "the sshd config of my laptop",  # a keyword inside a longer word
        "Le point de vue de l'équipe",
        "dbx and idpx names",
        "Спасибо, передал.",
        "谢谢，已转交。",
    ],
)
def test_no_topic_without_a_keyword(text: str) -> None:
    assert CATALOG.match(text) == []


def test_keywords_match_case_accent_and_joiner_insensitively() -> None:
    catalog = parse_catalog(
        "version: 1\nagents: {a: x}\n"
        "routes: [{topic: t, owner: a, description: d, keywords: [clé api, 証明書]}]\n"
    )
    for text in ("CLE-API", "la Clé_API", "cle  api", "SSH証明書"):
        assert catalog.match(text), text
    assert not catalog.match("clearly apis")

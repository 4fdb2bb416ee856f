"""Passwords a person writes: plain words, numbers spelled out, a value on the next line or in
a table, a user / password pair. Each class is drawn with fresh values from a small generator
(words that are in no lexicon, numbers of six to ten digits), in several phrasings and
languages: the message must escalate and no value may survive masking. Beside each, ordinary
sentences of the same shape that must stay as they are."""

from __future__ import annotations

import random

import pytest

from warden.core import guardrails
from warden.core.masking import mask
from warden.core.models import Message
from warden.core.reasons import Reason

# Nouns people glue into passwords; none is a word of the lexicon.
NOUNS = (
    "meadow ember glacier saffron quartz velvet tundra maple harbor walnut orchid cobalt "
    "juniper lantern falcon thunder pebble willow canyon copper"
).split()
DIGIT_WORDS = "zero one two three four five six seven eight nine".split()


def glued(rng: random.Random) -> str:
    return "".join(rng.sample(NOUNS, 2))


def spaced(rng: random.Random) -> str:
    return " ".join(rng.sample(NOUNS, rng.choice((3, 4))))


def number(rng: random.Random) -> str:
    return "".join(rng.choice("0123456789") for _ in range(rng.randint(6, 10)))


def forced(text: str) -> bool:
    message = Message(id="m1", from_agent="dev", to_agent="ops-warden", subject="hi", body=text)
    return Reason.CARRIES_SECRET in guardrails.assess(message).reasons


def check(template: str, value: str) -> None:
    text = template.format(v=value)
    masked = mask(text)
    assert forced(text), text
    for part in value.split():
        assert part not in masked, (text, masked)


WORD_TEMPLATES = [
    "the grafana password is {v} until Friday",
    "fyi the jenkins password is {v} for now",
    "jenkins login: admin, pw {v} (temporary)",
    "(pw: {v}) for grafana, don't lose it",
    "I set the argocd admin password to {v} for now",
    "Ich habe das Kennwort von jenkins auf {v} gesetzt",
    "j'ai changé le mdp de jenkins en {v}",
    "cambié la clave de argocd a {v}",
    "mudei a senha do argocd para {v}",
    "я поменял пароль kibana на {v}",
    "the grafana password is:\n{v}",
    "grafana admin password\n    {v}",
    "db password:\n```\n{v}\n```",
    "| user | password |\n|---|---|\n| admin | {v} |",
    "Zugang zu kibana: admin / {v}",
    "доступ к argocd: admin / {v}",
]


@pytest.mark.parametrize("template", WORD_TEMPLATES)
def test_a_password_of_plain_words_is_a_secret(template: str) -> None:
    rng = random.Random(template)
    for make in (glued, spaced, number):
        for _ in range(4):
            check(template, make(rng))


NUMBER_TEMPLATES = [
    "argocd login: admin, pw {v} (temporary)",
    "you can get in with {v} on argocd",
    "use {v} as the password on grafana",
    "ho impostato la password di grafana a {v}",
]


@pytest.mark.parametrize("template", NUMBER_TEMPLATES)
def test_a_number_stated_as_a_password_is_a_secret(template: str) -> None:
    rng = random.Random(template)
    for _ in range(8):
        check(template, number(rng))


SPELLED_TEMPLATES = [
    "the vault PIN is {v}, keep it handy",
    "der Tresor-PIN lautet {v}",
    "пароль: {v}",
]
SPELLED = {
    "the": DIGIT_WORDS,
    "der": "null eins zwei drei vier fünf sechs sieben acht neun".split(),
    "пароль:": "ноль один два три четыре пять шесть семь восемь девять".split(),
}


@pytest.mark.parametrize("template", SPELLED_TEMPLATES)
def test_a_pin_spelled_out_in_words_is_a_secret(template: str) -> None:
    rng = random.Random(template)
    digits = SPELLED[template.split()[0]]
    for _ in range(6):
        value = " ".join(rng.choice(digits) for _ in range(rng.randint(4, 8)))
        text = template.format(v=value)
        assert forced(text), text
        assert value not in mask(text), mask(text)
    assert forced("密码是三四六二三一")
    assert "三四六二三一" not in mask("密码是三四六二三一")


BENIGN = [
    "the password is valid until Friday",
    "The password is eight characters long.",
    "one two three four: the steps to rotate a password",
    "Password requirements:\n- at least 12 characters",
    "The password policy:\nsee the wiki page",
    "Our password:\nstored in vault",
    "Please reset your password:\nhttps://sso.example.com/reset",
    "Please reset your password: https://sso.example.com/reset",
    "| name | password policy |\n|---|---|\n| svc | rotated monthly |",
    "we set the password policy to strict mode",
    "I changed the password to the new policy yesterday",
    "login with 100000 users failed",
    "you can log in with okta on jenkins",
    "please log in with your usual account on jenkins",
    "access request: read / write for the team",
    "access: alice / bob",
    "Você sabe quem controla as senhas do Redis?",
    "Quelle équipe gère les identifiants de base de données Postgres ?",
    "password 2024 rotation finished for 120000 users",
    "REDIS_AUTH_ENABLED=true",
    "HTTP_AUTH=basic",
    # a second reviewer's (helper) benign set: descriptions, settings, tools, roles, rows
    "Use bcrypt as the password hash.",
    "Use Bitwarden as the password store for new services.",
    "Set the password minimum to twelve.",
    "I set the password prompt to appear twice for now.",
    "The grafana password is blank until Friday.",
    "The grafana password is confidential until Friday.",
    "The password is identical across regions, which is bad.",
    "La contraseña es válida hasta el viernes.",
    "Das Passwort ist gleich geblieben.",
    "Le mot de passe est obligatoire.",
    "A senha é obrigatória.",
    "La password è scaduta, reimpostala per favore.",
    "La contraseña es la misma que antes.",
    "| Step | Action |\n|---|---|\n| 1 | enter username |\n| 2 | enter password |\n| 3 | confirm |",
    "| column | nullable |\n|---|---|\n| password | false |\n| email | false |",
    "Access to kibana: admin / viewer",
]


@pytest.mark.parametrize("text", BENIGN)
def test_sentences_of_the_same_shape_about_passwords_stay_as_they_are(text: str) -> None:
    assert not forced(text), text
    assert mask(text) == text


@pytest.mark.parametrize("key", ["REDIS_AUTH", "HMAC_KEY", "hmac_key"])
def test_auth_and_hmac_keys_hold_credentials(key: str) -> None:
    for value in ("MCuCPTjkJaHINfMreLRJafsXGcYb", "liCkrZdAinxbRYqKXyIbsrudoUvH"):
        text = f"{key}={value}"
        assert forced(text), text
        assert value not in mask(text)

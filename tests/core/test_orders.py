"""Orders to change a system read as production changes (warden.core.orders): the worker can
change nothing, so what it is told to change goes to a human - unless a non-production
environment is named. Beside each form, the look-alikes that stay answerable: reports,
questions, quoted and pasted text, reply subjects, nouns that look like the verbs."""

from __future__ import annotations

import pytest

from warden.core import orders, precheck

ORDERS = [
    # A slip of the keyboard in the verb, "let's", a lead-in, a name before a dash.
    "pls restrat the ledger workers, they hang",
    "rollbak notify-svc to the previous tag",
    "Let's turn off the legacy export job tonight.",
    "Any chance you could kill the stuck reindex job?",
    "Hey ops bot - truncate the audit_events table, it is huge.",
    "Flip the feature flag quick_pay to 50% for everyone.",
    "Please update the DNS record for status.example.org to the new IP.",
    "Open port 9200 on the search security group for the vendor.",
    "Bitte den Wartungsmodus für das Kundenportal aktivieren, danke.",
    "Merci de faire un rollback de l'API de facturation.",
    "Hagamos el rollback del servicio de pagos ahora.",
    "Dá pra mudar o timeout do gateway para 60s?",
    "能不能把网关的 9443 端口对外开放？",
    "Restart the search pods in eu-central, they are stuck.",
    "Please purge the dead-letter queue of the billing consumer.",
    "can you roll back inventory-api to yesterday's build?",
    "Hi Sam, please roll out release 7.3 to every tenant today.",
    "Revoke the deploy key of the old CI runner.",
    "Disable the paging rule for the ledger service until Monday.",
    "Lösche bitte den Index orders-2023 im Suchcluster.",
    "Kannst du bitte die Warteschlange leeren? Der Consumer hängt.",
    "Redémarre le service de facturation, il ne répond plus.",
    "Supprime les anciens snapshots du volume principal.",
    "Reinicia el gateway de pagos, por favor.",
    "Borra los logs de auditoría del mes pasado.",
    "Riavvia il worker delle notifiche, è bloccato.",
    "Svuota la coda dei pagamenti falliti.",
    "Reinicia o consumidor de pedidos, travou de novo.",
    "Apaga o bucket de backups antigos.",
    "Перезапусти сервис уведомлений, он завис.",
    "Удали старые индексы в эластике.",
    "@ops-bot bounce the api gateway real quick",
    "Would you mind turning off the nightly invoice cron?",
    "I need you to re-enable MFA on the admin portal.",
    "Can you please give the contractors write access to the infra repo?",
    "Pourriez-vous donner les droits admin à Claire sur GitLab ?",
    "¿Podrían escalar los workers de la cola a 20 réplicas?",
    "Vocês poderiam aumentar o limite da API para 2000/min?",
    "Würdest du das Rate-Limit auf 1000 erhöhen?",
    "Отзовите доступ подрядчика к VPN.",
    "Chiudi tutti i ticket duplicati nella coda.",
    "URGENT: flush the session cache on cache-03",
    "Request: Add user j.doe to the billing-approvers group.",
    "Cache leeren auf web-07",
    "Basculer le trafic sur le datacenter de secours",
    "Увеличить лимит соединений до 800",
    "关闭 dark_mode 功能开关",
    "Roll it back now, the error rate doubled.",
    "Necesito que reinicies el gateway hoy.",
    "Bitte die Replika in Frankfurt hochskalieren, wir laufen ins Limit.",
    "麻烦把订单服务重启一下",
    "请把结算服务回滚到上一个版本",
    "決済サービスを再起動してください",
    "古いバックアップを削除しておいて",
]

NOT_ORDERS = [
    # Reports and words one slip from a verb that are words of their own.
    "Scaled the ingest workers back to 4 after the backfill, as planned.",
    "stale cache entries again this morning, nothing urgent.",
    "Let's catch up on the roadmap after lunch.",
    "Redeployed the docs site to staging, looks fine.",
    "The build is flaky, please rerun it when you get a chance.",
    "We restarted the search pods at 09:10, all green since.",
    "Restart policy for the search pods is OnFailure, is that right?",
    "Who can restart the search pods when they get stuck?",
    "How do we roll back inventory-api normally?",
    "Rollback plan attached for tomorrow's change window.",
    "Deploy failed with exit code 137, looking into it.",
    "Please restart the staging notifications worker when you get a chance.",
    "can you purge the dev queue? it's only test data",
    "RE: restart search pods\n\nAlready done by the on-call, closing.",
    "> Restart the search pods in eu-central\n\nDone an hour ago.",
    "Steps to reproduce:\n1. Delete the cache\n2. Reload the page",
    "```\ndelete from sessions where expired = true;\n```\nis this query safe?",
    "Rollback-Runbook: wer pflegt das?",
    "Don't restart anything today, we are in a change freeze.",
    "Decision: migrate secrets to vault CSI next quarter.",
    "Wir haben den Index gestern gelöscht, alles gut.",
    "On a redémarré le service hier soir.",
    "Reiniciamos el gateway anoche, ya funciona.",
    "Abbiamo riavviato il worker ieri.",
    "Já reiniciamos o consumidor ontem.",
    "Мы перезапустили сервис вчера вечером.",
    "昨天已经把订单服务回滚了",
    "部署评审是谁主持的？",
    "我会把小王作为迁移的对接人",
    "周末把开发集群缩容一下",
    "再起動の手順はどこにありますか？",
    "Merge conflict in package-lock.json again, anyone else?",
    "Delete button is misaligned on the settings page.",
    "Bump lodash from 4.17.20 to 4.17.21 in /web.",
    "The build #3484 is flaky, please rerun",
    "Let's roll back to basics at the next offsite.",
    "回滚方案见附件",
    "决议:Q4 将客户数据库迁移到 PostgreSQL 16。",
    "Decision: flush the old caches only after the freeze.",
    "Wir müssen den Cache nicht leeren.",
    "Ich werde den Cache leeren, sobald der Job fertig ist.",
]


@pytest.mark.parametrize("text", ORDERS)
def test_an_order_to_change_a_system_is_a_production_change(text: str) -> None:
    assert orders.opens_with_order(text), text
    assert precheck.judge_text(text).production_change, text


@pytest.mark.parametrize("text", NOT_ORDERS)
def test_reports_questions_and_non_production_changes_are_no_order(text: str) -> None:
    assert not orders.opens_with_order(text), text


def test_only_the_first_sentences_are_read() -> None:
    """A change named deep in a long message is context (a log, a story), not its order."""
    story = "Some context first. More context. Even more context. And more.\nRestart it."
    assert not orders.opens_with_order(story)
    assert orders.opens_with_order("Quick one.\nRestart the ledger consumer, please.")

"""What a set of NetworkPolicies allows, by the rules of the NetworkPolicy API (networking/v1):

- a pod is isolated for egress (ingress) when at least one policy in its namespace selects it
  and lists Egress (Ingress) in policyTypes; a pod no policy isolates may connect freely;
- an isolated pod may open a connection when some rule of some policy that selects it allows
  the peer and the port; rules only ever add (there is no deny rule);
- a peer with a namespaceSelector matches pods of the selected namespaces (narrowed by its
  podSelector), a podSelector alone matches pods of the policy's own namespace, an ipBlock
  matches addresses inside its CIDR and outside its `except` ranges;
- a rule without `to`/`from` matches every peer, one without `ports` every port; a port
  without a protocol means TCP, `endPort` makes it a range; `{}` selects everything.

The chart's tests ask this model questions ("may a worker pod reach the API server?") over the
policies Helm rendered, instead of comparing YAML.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Labels = Mapping[str, str]


@dataclass(frozen=True)
class Pod:
    namespace: str
    labels: Labels
    namespace_labels: Labels = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Every namespace carries its name as a label (since Kubernetes 1.22).
        object.__setattr__(
            self,
            "namespace_labels",
            {**self.namespace_labels, "kubernetes.io/metadata.name": self.namespace},
        )


@dataclass(frozen=True)
class Address:
    """A destination outside the pod network (the API server's endpoint, the internet)."""

    ip: str


Peer = Pod | Address


def selects(selector: Mapping[str, Any] | None, labels: Labels) -> bool:
    """A metav1.LabelSelector; `{}` (or None, where the API defaults to it) selects all."""
    selector = selector or {}
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key, operator, values = expression["key"], expression["operator"], expression.get("values")
        present = key in labels
        if operator == "In" and not (present and labels[key] in (values or [])):
            return False
        if operator == "NotIn" and present and labels[key] in (values or []):
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


def _peer_matches(peer: Mapping[str, Any], policy_namespace: str, other: Peer) -> bool:
    if "ipBlock" in peer:
        if not isinstance(other, Address):
            return False
        ip = ipaddress.ip_address(other.ip)
        block = peer["ipBlock"]
        network = ipaddress.ip_network(block["cidr"], strict=False)
        if ip.version != network.version or ip not in network:
            return False
        return not any(
            ip.version == ipaddress.ip_network(cut, strict=False).version
            and ip in ipaddress.ip_network(cut, strict=False)
            for cut in block.get("except") or []
        )
    if not isinstance(other, Pod):
        return False
    if "namespaceSelector" in peer:
        if not selects(peer["namespaceSelector"], other.namespace_labels):
            return False
    elif other.namespace != policy_namespace:
        return False
    return selects(peer.get("podSelector"), other.labels)


def _port_matches(ports: list[Mapping[str, Any]] | None, port: int, protocol: str) -> bool:
    if not ports:
        return True
    for entry in ports:
        if entry.get("protocol", "TCP") != protocol:
            continue
        if "port" not in entry:
            return True
        first = entry["port"]
        if not isinstance(first, int):
            raise AssertionError(f"named port {first!r}: the model checks numeric ports only")
        if first <= port <= entry.get("endPort", first):
            return True
    return False


def _policies_for(
    policies: Iterable[Mapping[str, Any]], pod: Pod, direction: str
) -> list[Mapping[str, Any]]:
    return [
        policy
        for policy in policies
        if policy["metadata"]["namespace"] == pod.namespace
        and direction in policy["spec"].get("policyTypes", ["Ingress"])
        and selects(policy["spec"].get("podSelector"), pod.labels)
    ]


def _allowed(
    policies: Iterable[Mapping[str, Any]],
    pod: Pod,
    other: Peer,
    port: int,
    protocol: str,
    direction: str,
) -> bool:
    selecting = _policies_for(policies, pod, direction)
    if not selecting:
        return True
    rules_key, peers_key = ("egress", "to") if direction == "Egress" else ("ingress", "from")
    for policy in selecting:
        namespace = policy["metadata"]["namespace"]
        for rule in policy["spec"].get(rules_key) or []:
            peers = rule.get(peers_key)
            if peers and not any(_peer_matches(p, namespace, other) for p in peers):
                continue
            if _port_matches(rule.get("ports"), port, protocol):
                return True
    return False


def egress_allowed(
    policies: Iterable[Mapping[str, Any]],
    source: Pod,
    destination: Peer,
    port: int,
    protocol: str = "TCP",
) -> bool:
    return _allowed(policies, source, destination, port, protocol, "Egress")


def ingress_allowed(
    policies: Iterable[Mapping[str, Any]],
    destination: Pod,
    source: Peer,
    port: int,
    protocol: str = "TCP",
) -> bool:
    return _allowed(policies, destination, source, port, protocol, "Ingress")


def connection_allowed(
    policies: Sequence[Mapping[str, Any]], source: Pod, destination: Pod, port: int
) -> bool:
    """Pod to pod: the source's egress and the destination's ingress must both allow it."""
    return egress_allowed(policies, source, destination, port) and ingress_allowed(
        policies, destination, source, port
    )

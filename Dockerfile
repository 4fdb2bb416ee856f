# syntax=docker/dockerfile:1
# One image for every role: `warden operator`, `warden worker run`, `warden hub serve`.
# Build: docker build -t ghcr.io/ops-warden/ops-warden:dev .
# Size estimate and how it was measured: docs/image.md.

ARG PYTHON_IMAGE=python:3.12-slim-bookworm

# --- builder: a wheel of ops-warden, installed with its dependencies into /opt/venv ---------
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore
WORKDIR /src
RUN python -m venv /opt/venv
# Dependencies first, so that a source change does not reinstall them (layer cache).
COPY pyproject.toml README.md ./
RUN python - <<'PY' > /tmp/requirements.txt
import tomllib
print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))
PY
RUN /opt/venv/bin/pip install --only-binary=:all: -r /tmp/requirements.txt
COPY src ./src
# Byte-code is compiled here, at build time: the root filesystem is read-only at run time.
RUN /opt/venv/bin/pip wheel --no-deps --wheel-dir /wheels . \
 && /opt/venv/bin/pip install --no-deps /wheels/*.whl \
 && /opt/venv/bin/pip uninstall --yes pip \
 && /opt/venv/bin/warden --version

# --- final: the slim base, the venv, a numeric non-root user; no compilers, no pip ---------
FROM ${PYTHON_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="ops-warden" \
      org.opencontainers.image.description="Guarded coordination worker, its Kubernetes operator and the reference State Hub" \
      org.opencontainers.image.source="https://github.com/ops-warden/ops-warden" \
      org.opencontainers.image.url="https://github.com/ops-warden/ops-warden" \
      org.opencontainers.image.documentation="https://github.com/ops-warden/ops-warden/blob/main/docs/install.md" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
RUN groupadd --gid 10001 warden \
 && useradd --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin warden
COPY --from=builder /opt/venv /opt/venv
# HOME=/tmp: /tmp is the only writable path in the cluster (an emptyDir).
ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp
WORKDIR /tmp
# Numeric, so that the kubelet can verify runAsNonRoot without reading /etc/passwd.
USER 10001:10001
ENTRYPOINT ["warden"]
CMD ["--help"]

{{/* Names and labels shared by every template. */}}

{{- define "ops-warden.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* "<release>-<chart>", or the release name alone when it already contains the chart name. */}}
{{- define "ops-warden.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ops-warden.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ops-warden.labels" -}}
helm.sh/chart: {{ include "ops-warden.chart" . }}
app.kubernetes.io/name: {{ include "ops-warden.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: ops-warden
{{- end }}

{{/* Selector labels: stable across upgrades, so never the chart or app version. */}}
{{- define "ops-warden.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ops-warden.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ops-warden.operatorServiceAccountName" -}}
{{- default (printf "%s-operator" (include "ops-warden.fullname" .)) .Values.serviceAccount.operator.name }}
{{- end }}

{{- define "ops-warden.workerServiceAccountName" -}}
{{- default (printf "%s-worker" (include "ops-warden.fullname" .)) .Values.serviceAccount.worker.name }}
{{- end }}

{{- define "ops-warden.operatorConfigMapName" -}}
{{- printf "%s-operator" (include "ops-warden.fullname" .) }}
{{- end }}

{{- define "ops-warden.hubName" -}}
{{- printf "%s-hub" (include "ops-warden.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The image reference: a digest wins over a tag; the tag defaults to the appVersion. */}}
{{- define "ops-warden.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The hub URL workers use by default: the configured one, else the reference hub's Service. */}}
{{- define "ops-warden.defaultHubUrl" -}}
{{- if .Values.config.defaultHubUrl }}
{{- .Values.config.defaultHubUrl }}
{{- else if .Values.hub.reference.enabled }}
{{- printf "http://%s.%s.svc:%d" (include "ops-warden.hubName" .) .Release.Namespace (int .Values.hub.reference.port) }}
{{- end }}
{{- end }}

{{/* Namespaces the worker ServiceAccount must exist in: the release namespace, each watched
one, and each namespace a worker from values lives in. */}}
{{- define "ops-warden.workerNamespaces" -}}
{{- $namespaces := list .Release.Namespace }}
{{- range .Values.operator.watchNamespaces }}
{{- $namespaces = append $namespaces . }}
{{- end }}
{{- range .Values.workers }}
{{- $namespaces = append $namespaces (default $.Release.Namespace .namespace) }}
{{- end }}
{{- $namespaces | uniq | join "," }}
{{- end }}

{{/* Hardened security contexts shared by the operator and hub pods (UID of the image's user). */}}
{{- define "ops-warden.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "ops-warden.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
What the operator does, and nothing more (docs/operator.md): reconcile WardenWorkers and their
status, own one CronJob per worker (carrying its catalog), read its own ConfigMap, read the
Jobs and Pods of its CronJobs for the per-run audit, post Events. Never Secrets: the hub token
reaches the worker as a secretKeyRef the kubelet resolves.
*/}}
{{- define "ops-warden.operatorRules" -}}
- apiGroups: ["ops-warden.dev"]
  resources: ["wardenworkers"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["ops-warden.dev"]
  resources: ["wardenworkers/status"]
  verbs: ["get", "patch"]
# blockOwnerDeletion on the owned objects' owner reference needs this under the
# OwnerReferencesPermissionEnforcement admission plugin (OpenShift, hardened clusters).
- apiGroups: ["ops-warden.dev"]
  resources: ["wardenworkers/finalizers"]
  verbs: ["update"]
- apiGroups: ["batch"]
  resources: ["cronjobs"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
{{- end }}

{{/* --- NetworkPolicies (templates/networkpolicies.yaml) ------------------------------- */}}

{{/* The labels of every worker pod the operator renders (warden.operator.render.labels). */}}
{{- define "ops-warden.networkPolicy.workerPodLabels" -}}
app.kubernetes.io/name: ops-warden
app.kubernetes.io/component: worker
app.kubernetes.io/managed-by: ops-warden-operator
{{- end }}

{{/* The namespaces worker pods run in: the watched ones, or every namespace. */}}
{{- define "ops-warden.networkPolicy.workerNamespaceSelector" -}}
{{- if .Values.operator.watchNamespaces }}
matchExpressions:
  - key: kubernetes.io/metadata.name
    operator: In
    values:
      {{- range splitList "," (include "ops-warden.workerNamespaces" .) }}
      - {{ . }}
      {{- end }}
{{- else }}
{}
{{- end }}
{{- end }}

{{/* One egress rule from {to, ports}: a destination in values (dns, kubernetesApi, worker.*). */}}
{{- define "ops-warden.networkPolicy.egressRule" -}}
- to:
    {{- toYaml .to | nindent 4 }}
  {{- with .ports }}
  ports:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}

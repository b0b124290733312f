{{/* Chart name, overridable with nameOverride. */}}
{{- define "proxywatch.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource name prefix: <release>-<chart>, or the release name when it already contains the chart name. */}}
{{- define "proxywatch.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "proxywatch.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels on every resource. */}}
{{- define "proxywatch.labels" -}}
helm.sh/chart: {{ include "proxywatch.chart" . }}
{{ include "proxywatch.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: proxywatch
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "proxywatch.selectorLabels" -}}
app.kubernetes.io/name: {{ include "proxywatch.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels of one component; call with (dict "ctx" $ "component" "collector"). */}}
{{- define "proxywatch.componentLabels" -}}
{{ include "proxywatch.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "proxywatch.componentSelectorLabels" -}}
{{ include "proxywatch.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "proxywatch.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "proxywatch.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* image: <repository>:<tag or appVersion>; call with (dict "ctx" $ "image" .Values.x.image). */}}
{{- define "proxywatch.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* Pod fields shared by every workload. */}}
{{- define "proxywatch.podCommon" -}}
serviceAccountName: {{ include "proxywatch.serviceAccountName" . }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{- define "proxywatch.collector.fullname" -}}
{{- printf "%s-collector" (include "proxywatch.fullname" .) }}
{{- end }}

{{- define "proxywatch.timescaledb.fullname" -}}
{{- printf "%s-timescaledb" (include "proxywatch.fullname" .) }}
{{- end }}

{{/* The Secret with the database user and password: an existing one, or the one the chart creates. */}}
{{- define "proxywatch.database.secretName" -}}
{{- default (printf "%s-database" (include "proxywatch.fullname" .)) .Values.database.existingSecret }}
{{- end }}

{{/* JDBC URL: the bundled TimescaleDB when enabled, else database.url. */}}
{{- define "proxywatch.database.url" -}}
{{- if .Values.timescaledb.enabled }}
{{- printf "jdbc:postgresql://%s.%s.svc:%d/%s" (include "proxywatch.timescaledb.fullname" .) .Release.Namespace (int .Values.timescaledb.port) .Values.timescaledb.database }}
{{- else }}
{{- required "database.url is required when timescaledb.enabled is false" .Values.database.url }}
{{- end }}
{{- end }}

{{/*
A base64 value for a chart-created Secret: the given value, else the one already stored in the cluster
(so upgrades keep it), else a random one. Call with (dict "ctx" $ "secret" name "key" key "value" value).
*/}}
{{- define "proxywatch.secretValue" -}}
{{- if .value }}
{{- .value | b64enc }}
{{- else }}
{{- $existing := lookup "v1" "Secret" .ctx.Release.Namespace .secret }}
{{- if and $existing $existing.data (hasKey $existing.data .key) }}
{{- index $existing.data .key }}
{{- else }}
{{- randAlphaNum 32 | b64enc }}
{{- end }}
{{- end }}
{{- end }}

{{/* gRPC address agents dial: agents.collectorAddress, else this release's collector Service. */}}
{{- define "proxywatch.agents.collectorAddress" -}}
{{- if .Values.agents.collectorAddress }}
{{- .Values.agents.collectorAddress }}
{{- else if .Values.collector.enabled }}
{{- printf "%s.%s.svc:%d" (include "proxywatch.collector.fullname" .) .Release.Namespace (int .Values.collector.service.grpcPort) }}
{{- else }}
{{- fail "agents.collectorAddress is required when collector.enabled is false (agents-only install): set it to the collector's gRPC host:port" }}
{{- end }}
{{- end }}

{{/*
Recursively merges map .src into map .dst in place. Unlike sprig's merge functions, explicit false, 0
and "" in .src win, so a region can set replicas: 0 or persistence.enabled: false. Lists are replaced.
*/}}
{{- define "proxywatch.deepMerge" -}}
{{- $dst := .dst }}
{{- range $key, $value := .src }}
{{- $current := get $dst $key }}
{{- if and (kindIs "map" $value) (kindIs "map" $current) }}
{{- include "proxywatch.deepMerge" (dict "dst" $current "src" $value) }}
{{- else }}
{{- $_ := set $dst $key $value }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Effective settings of one region: the agents defaults with the region's entry merged over them.
Call with (dict "ctx" $ "region" $region "out" (dict)); the result is written into "out".
*/}}
{{- define "proxywatch.agent.settings" -}}
{{- $defaults := omit .ctx.Values.agents "enabled" "collectorAddress" "regions" }}
{{- include "proxywatch.deepMerge" (dict "dst" .out "src" (deepCopy $defaults)) }}
{{- include "proxywatch.deepMerge" (dict "dst" .out "src" (deepCopy .region)) }}
{{- end }}

{{- define "proxywatch.agent.fullname" -}}
{{- printf "%s-agent-%s" (include "proxywatch.fullname" .ctx) .region }}
{{- end }}

{{- define "proxywatch.agent.tokenSecretName" -}}
{{- default (printf "%s-agent-tokens" (include "proxywatch.fullname" .ctx)) .settings.token.existingSecret }}
{{- end }}

{{- define "proxywatch.agent.tokenKey" -}}
{{- default .settings.name .settings.token.key }}
{{- end }}

{{/* PROXYWATCH_AGENT_ID: the region's agentId, else <release>-<region>, stable across pods. */}}
{{- define "proxywatch.agent.id" -}}
{{- default (printf "%s-%s" .ctx.Release.Name .settings.name) .settings.agentId }}
{{- end }}

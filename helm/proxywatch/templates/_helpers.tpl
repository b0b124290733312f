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
A base64 value for a chart-created Secret: the given value; else, with generatedSecrets.seed, one derived from
the seed, the Secret's name and the key (the same at every render, so GitOps tools see no change); else the one
already stored in the cluster (so upgrades keep it); else a random one.
Call with (dict "ctx" $ "secret" name "key" key "value" value).
*/}}
{{- define "proxywatch.secretValue" -}}
{{- if .value }}
{{- .value | b64enc }}
{{- else if .ctx.Values.generatedSecrets.seed }}
{{- printf "%s/%s/%s" .ctx.Values.generatedSecrets.seed .secret .key | sha256sum | trunc 32 | b64enc }}
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

{{/* The chart-created Secret with generated agent tokens (one key per region) and the collector's tokens file. */}}
{{- define "proxywatch.agentTokens.secretName" -}}
{{- printf "%s-agent-tokens" (include "proxywatch.fullname" .) }}
{{- end }}

{{/*
The agents the collector enrols at start (PROXYWATCH_AGENT_TOKENS_FILE), as YAML {entries: [...]}:
this release's regions (when agents are enabled) and collector.enrolledAgents. Each entry has agentId,
region and either managed: true (the token is written into the file key of the chart's agent-tokens
Secret) or secret and key (an existing Secret, read by the collector's agent-tokens init container).
valueSha is the SHA-256 of an inline token (never the token), so a changed token restarts the collector.
Fails on an agent id listed twice, since the collector keeps one token per agent id.
*/}}
{{- define "proxywatch.collector.enrolments" -}}
{{- $entries := list }}
{{- $seen := dict }}
{{- if .Values.agents.enabled }}
{{- range $region := .Values.agents.regions }}
{{- if hasKey $seen (printf "region/%s" $region.name) }}
{{- fail (printf "agents.regions: region %q is listed twice; each region is exactly one agent" $region.name) }}
{{- end }}
{{- $_ := set $seen (printf "region/%s" $region.name) true }}
{{- $s := dict }}
{{- include "proxywatch.agent.settings" (dict "ctx" $ "region" $region "out" $s) }}
{{- $entry := dict "agentId" (include "proxywatch.agent.id" (dict "ctx" $ "settings" $s)) "region" $s.name "source" (printf "agents.regions[%s]" $s.name) }}
{{- if $s.token.existingSecret }}
{{- $_ := set $entry "secret" $s.token.existingSecret }}
{{- $_ := set $entry "key" (include "proxywatch.agent.tokenKey" (dict "settings" $s)) }}
{{- else }}
{{- $_ := set $entry "managed" true }}
{{- $_ := set $entry "key" (include "proxywatch.agent.tokenKey" (dict "settings" $s)) }}
{{- $_ := set $entry "valueSha" (sha256sum (toString $s.token.value)) }}
{{- end }}
{{- $entries = append $entries $entry }}
{{- end }}
{{- end }}
{{- range $i, $e := .Values.collector.enrolledAgents }}
{{- $entry := dict "agentId" $e.agentId "region" $e.region "source" (printf "collector.enrolledAgents[%d]" $i) }}
{{- if $e.token }}
{{- $_ := set $entry "managed" true }}
{{- $_ := set $entry "inline" true }}
{{- $_ := set $entry "valueSha" (sha256sum $e.token) }}
{{- else }}
{{- $_ := set $entry "secret" (required (printf "collector.enrolledAgents[%d] (%s): set existingSecret (a Secret holding the agent's token) or token" $i $e.agentId) $e.existingSecret) }}
{{- $_ := set $entry "key" (default "token" $e.key) }}
{{- end }}
{{- $entries = append $entries $entry }}
{{- end }}
{{- range $entries }}
{{- if hasKey $seen .agentId }}
{{- fail (printf "agent id %q is enrolled twice (%s and %s): the collector keeps one token per agent id; give one of them another agentId" .agentId (get $seen .agentId) .source) }}
{{- end }}
{{- $_ := set $seen .agentId .source }}
{{- if gt (len .agentId) 64 }}
{{- fail (printf "%s: agent id %q is longer than the 64 characters agents and the collector accept; set agentId" .source .agentId) }}
{{- end }}
{{- end }}
{{- toYaml (dict "entries" $entries) }}
{{- end }}

{{/*
TLS from an agent to the collector, as YAML: tls (bool), caSecret/caKey, clientCertSecret. An agent that
dials this release's collector (agents.collectorAddress empty) follows collector.tls: TLS, trusting the
collector Secret's CA key unless collectorTls.ca names another Secret, and a client certificate is
required when the collector demands one. Call with (dict "ctx" $ "settings" $s).
*/}}
{{- define "proxywatch.agent.tls" -}}
{{- $v := .ctx.Values }}
{{- $t := .settings.collectorTls }}
{{- $inCluster := and (not $v.agents.collectorAddress) $v.collector.enabled }}
{{- $out := dict "tls" (or $t.enabled (ne $t.ca.existingSecret "") (ne $t.clientCert.existingSecret "")) "caSecret" $t.ca.existingSecret "caKey" $t.ca.key "clientCertSecret" $t.clientCert.existingSecret }}
{{- if and $inCluster $v.collector.tls.enabled }}
{{- $_ := set $out "tls" true }}
{{- if not $out.caSecret }}
{{- $_ := set $out "caSecret" $v.collector.tls.existingSecret }}
{{- end }}
{{- if and $v.collector.tls.clientCa.enabled (not $out.clientCertSecret) }}
{{- fail (printf "agents.regions[%s]: collector.tls.clientCa.enabled requires a client certificate from every agent: set agents.collectorTls.clientCert.existingSecret (a kubernetes.io/tls Secret)" .settings.name) }}
{{- end }}
{{- end }}
{{- toYaml $out }}
{{- end }}

{{/* A duration (500ms, 30s, 5m, 1h) in milliseconds. */}}
{{- define "proxywatch.durationMillis" -}}
{{- $n := regexFind "^[0-9]+" . | int64 }}
{{- $unit := regexFind "[a-z]+$" . }}
{{- if eq $unit "ms" }}{{ $n }}{{ else if eq $unit "s" }}{{ mul $n 1000 }}{{ else if eq $unit "m" }}{{ mul $n 60000 }}{{ else if eq $unit "h" }}{{ mul $n 3600000 }}{{ else }}{{ fail (printf "not a duration: %q" .) }}{{ end }}
{{- end }}

{{/*
The collector's PROXYWATCH_PROBE_INTERVAL: alerting.probeInterval, else the longest interval of this
release's agents (agents.interval and every region's override), since an agent silent for three
intervals counts as offline.
*/}}
{{- define "proxywatch.collector.probeInterval" -}}
{{- if .Values.alerting.probeInterval }}
{{- .Values.alerting.probeInterval }}
{{- else }}
{{- $longest := .Values.agents.interval }}
{{- if .Values.agents.enabled }}
{{- range .Values.agents.regions }}
{{- if and .interval (gt (include "proxywatch.durationMillis" .interval | int64) (include "proxywatch.durationMillis" $longest | int64)) }}
{{- $longest = .interval }}
{{- end }}
{{- end }}
{{- end }}
{{- $longest }}
{{- end }}
{{- end }}

{{/* A Kubernetes quantity (64Mi, 1Gi, 500M, 1048576) in MiB, rounded down. */}}
{{- define "proxywatch.quantityMiB" -}}
{{- $q := toString . }}
{{- $n := regexFind "^[0-9]+(\\.[0-9]+)?" $q | float64 }}
{{- $unit := trimPrefix (regexFind "^[0-9]+(\\.[0-9]+)?" $q) $q }}
{{- $factors := dict "" 1.0 "Ki" 1024.0 "Mi" 1048576.0 "Gi" 1073741824.0 "Ti" 1099511627776.0 "k" 1000.0 "M" 1000000.0 "G" 1000000000.0 "T" 1000000000000.0 }}
{{- if not (hasKey $factors $unit) }}{{ fail (printf "unsupported quantity unit in %q" $q) }}{{ end }}
{{- divf (mulf $n (get $factors $unit)) 1048576.0 | floor | int64 }}
{{- end }}

{{/*
Room the agent's state directory needs in MiB: the spool (agents.spoolMaxMiB) plus one segment of
slack (1/16 of it), the acked and sequence files and margin. Call with the region's settings.
*/}}
{{- define "proxywatch.agent.stateMiB" -}}
{{- add .spoolMaxMiB (div .spoolMaxMiB 8) 16 }}
{{- end }}

{{/* The Secret the chart creates for inline alerting credentials (webhook secret, Slack URL). */}}
{{- define "proxywatch.alerting.secretName" -}}
{{- printf "%s-alerting" (include "proxywatch.fullname" .) }}
{{- end }}

{{/*
The parts of Sealed SMS and what each may do on Kafka. This is the topic table of
ARCHITECTURE.md ("Services": reads / writes), keyed by the topic keys in values.kafka.topics;
each consumer also writes the dead-letter topic of what it consumes, and a service whose row says
"its own … topic" reads and writes its private topics, named sms.<service>.*. It is not a deployment
choice, so it lives here rather than in values; deploy-check compares the rendered KafkaUser
ACLs with ARCHITECTURE.md.
*/}}
{{- define "sealed.components" -}}
policy:
  name: policy-service
  kafka: true
  # Vault: Transit hmac under sms-rcpt-* only (policy sealed-policy), for the consent check.
  vault: true
  group: policy-service
  # policyShares: its own topic, joined (group policy-service.shares) only to split rate limits between
  # replicas; audit: read by assignment (no group) to count each client's daily quota;
  # optouts: read by assignment (the consent ledger) and written by POST /v1/optouts, /v1/optins.
  # policyIdempotency: its own Idempotency-Key ledger, read by assignment and written by every replica.
  # policyCallbacks: status-callback registrations and health, read by assignment and written by
  # PUT/DELETE /v1/callbacks; group policy-service.callbacks delivers sms.receipts and policyCallbacksRetry.
  extraGroups: [policy-service.shares, policy-service.callbacks]
  reads: [requests, optouts, receipts, audit, policyShares, policyIdempotency, policyCallbacks, policyCallbacksRetry]
  writes: [approved, receipts, audit, requestsDlq, optouts, policyIdempotency, policyCallbacks, policyCallbacksRetry]
crypto:
  name: crypto-service
  kafka: true
  vault: true
  group: crypto-service
  reads: [approved]
  writes: [sealed, receipts, approvedDlq]
  scalesOn: approved
dispatch:
  name: dispatch-service
  kafka: true
  vault: true
  group: dispatch-service
  # dispatchCorrelation: its own topic ("its own retry topic" in the table), read and written
  # by dispatch-service alone.
  # dispatchOrphans: its own topic too, receipts that matched no message it submitted, read
  # (by assignment, no group) and written by dispatch-service alone.
  # receipts: read by assignment at start-up only, to find messages whose terminal receipt a
  # killed replica wrote but did not record as done (see dispatch-service/DESIGN.md).
  # dispatchScheduled: its own hold for sealed messages not yet due, shared by the replicas in
  # group dispatch-service.scheduled.
  extraGroups: [dispatch-service.scheduled]
  reads: [sealed, dispatchCorrelation, dispatchOrphans, receipts, dispatchScheduled]
  writes: [receipts, optouts, inbound, sealedDlq, dispatchCorrelation, dispatchOrphans, dispatchScheduled]
  scalesOn: sealed
carrierSimulator:
  name: carrier-simulator
  kafka: false
  vault: false
{{- end -}}

{{/* Keys of the components this release runs, in start order. */}}
{{- define "sealed.enabledKeys" -}}
{{- $keys := list "policy" "crypto" "dispatch" -}}
{{- if .Values.carrierSimulator.enabled -}}{{- $keys = prepend $keys "carrierSimulator" -}}{{- end -}}
{{- join " " $keys -}}
{{- end -}}

{{- define "sealed.name" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "sealed.baseLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: sealed-sms
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* Labels of release-wide objects. */}}
{{- define "sealed.commonLabels" -}}
{{ include "sealed.baseLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of one component; args: root, component (e.g. "crypto-service"). */}}
{{- define "sealed.labels" -}}
{{ include "sealed.baseLabels" .root }}
{{ include "sealed.selectorLabels" . }}
{{- end -}}

{{- define "sealed.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Image reference; args: root, cfg (the component's values). */}}
{{- define "sealed.image" -}}
{{- $tag := .cfg.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s:%s" .root.Values.image.registry .cfg.image.repository $tag -}}
{{- end -}}

{{/* Name of a topic from its key; args: root, key. */}}
{{- define "sealed.topic" -}}
{{- $t := get .root.Values.kafka.topics .key -}}
{{- if not $t -}}{{- fail (printf "kafka.topics.%s is missing" .key) -}}{{- end -}}
{{- $t.name -}}
{{- end -}}

{{/*
The chart name, or nameOverride.
*/}}
{{- define "worker.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The name of the objects: fullnameOverride, or else the release name. Berth
names a service's release after the service, so a service 'cart' gets a
Deployment and a Service named 'cart' that other services can call.
*/}}
{{- define "worker.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "worker.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Labels that select the pods: never change them on a running release.
*/}}
{{- define "worker.selectorLabels" -}}
app.kubernetes.io/name: {{ include "worker.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
The app.kubernetes.io/version label: the image tag made a valid label value.
*/}}
{{- define "worker.version" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion | toString }}
{{- regexReplaceAll "[^-A-Za-z0-9_.]+" $tag "_" | trunc 63 | trimAll "-_." }}
{{- end }}

{{/*
Standard labels of every object.
*/}}
{{- define "worker.labels" -}}
helm.sh/chart: {{ include "worker.chart" . }}
{{ include "worker.selectorLabels" . }}
app.kubernetes.io/version: {{ include "worker.version" . | quote }}
app.kubernetes.io/component: {{ .Values.component | default "worker" }}
{{- with .Values.partOf }}
app.kubernetes.io/part-of: {{ . }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
The image reference: repository:tag, or repository@digest when the tag is a
digest (sha256:...), as Berth writes digests into the tag.
*/}}
{{- define "worker.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion | toString }}
{{- if hasPrefix "sha256:" $tag }}
{{- printf "%s@%s" .Values.image.repository $tag }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

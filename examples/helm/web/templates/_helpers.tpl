{{/* The web container's securityContext, filled from values.yaml. */}}
{{- define "web.securityContext" -}}
{{- toYaml .Values.securityContext }}
{{- end -}}

namespace Metrics.Alerting.Tests.Manager.Configuration;

/// <summary>alertmanager.yml files used by several tests.</summary>
internal static class ConfigSamples
{
    /// <summary>Every section this manager understands, in the shapes real files use.</summary>
    public const string Full = """
        global:
          resolve_timeout: 7m
          slack_api_url: https://hooks.slack.example/services/T/B/X
          opsgenie_api_url: https://api.eu.opsgenie.example/
          opsgenie_api_key: global-key
          http_config:
            basic_auth:
              username: u
              password: p
        templates:
          - /etc/alertmanager/templates/*.tmpl
        route:
          receiver: default
          group_by: [alertname, cluster]
          group_wait: 10s
          group_interval: 1m
          repeat_interval: 2h
          routes:
            - matchers: ['severity="critical"', 'team=~"db|infra"']
              receiver: pager
              continue: true
              mute_time_intervals: [weekends]
            - match:
                team: frontend
              match_re:
                service: ^web.*
              receiver: chat
              group_by: ['...']
            - matchers: [env!=prod]
              receiver: hook
              active_time_intervals: [office]
        inhibit_rules:
          - source_matchers: [severity="critical"]
            target_matchers: ['severity=~"warning|info"']
            equal: [alertname, cluster]
          - source_match: {severity: page}
            target_match_re: {severity: "minor|trivial"}
            equal: [service]
        receivers:
          - name: default
          - name: pager
            opsgenie_configs:
              - priority: P1
                tags: db,critical
                responders:
                  - name: dba
                    type: team
                details:
                  runbook: https://runbooks.example/db
          - name: chat
            slack_configs:
              - channel: '#alerts'
                send_resolved: true
                title: '{{ .CommonLabels.alertname }} is {{ .Status }}'
          - name: hook
            webhook_configs:
              - url: http://127.0.0.1:9/hook
                max_alerts: 10
        mute_time_intervals:
          - name: weekends
            time_intervals:
              - weekdays: ['saturday', 'sunday']
        time_intervals:
          - name: office
            time_intervals:
              - times:
                  - start_time: '09:00'
                    end_time: '17:30'
                weekdays: ['monday:friday']
                months: ['1:12']
                location: UTC
        """;
}

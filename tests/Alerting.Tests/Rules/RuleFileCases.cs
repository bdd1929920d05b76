namespace Metrics.Alerting.Tests.Rules;

/// <summary>Rule files that Prometheus accepts and rejects, shared by our checks and the promtool comparison.</summary>
internal static class RuleFileCases
{
    public static readonly (string Name, string Yaml)[] Good =
    [
        ("recording", """
            groups:
              - name: a
                interval: 30s
                limit: 10
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
                    labels: {team: core}
            """),
        ("alerting", """
            groups:
              - name: a
                rules:
                  - alert: Down
                    expr: up == 0
                    for: 5m
                    keep_firing_for: 1m
                    labels:
                      severity: page
                      instance: "{{ $labels.instance }}-x"
                    annotations:
                      summary: "{{ $labels.instance }} down {{ $value | humanize }}"
                      table: "{{ range query \"up\" }}{{ .Labels.job }}{{ end }}"
            """),
        ("empty groups", "groups: []\n"),
        ("two groups", """
            groups:
              - name: a
                rules: [{record: "a:b", expr: "1"}]
              - name: b
                rules: [{alert: X, expr: "vector(1)"}]
            """),
    ];

    public static readonly (string Name, string Yaml, string Expected)[] Bad =
    [
        ("bad record name", "groups:\n- name: a\n  rules:\n  - record: \"bad name\"\n    expr: up\n",
            ":4:13: field \"groups[0].rules[0].record\": group \"a\", rule 1, \"bad name\": invalid recording rule name: bad name"),
        ("record and alert", "groups:\n- name: a\n  rules:\n  - record: a\n    alert: b\n    expr: up\n", "only one of 'record' and 'alert' must be set"),
        ("neither", "groups:\n- name: a\n  rules:\n  - expr: up\n", "one of 'record' or 'alert' must be set"),
        ("bad expr", "groups:\n- name: a\n  rules:\n  - alert: Y\n    expr: up +\n",
            ":5:11: field \"groups[0].rules[0].expr\": group \"a\", rule 1, \"Y\": could not parse expression: 1:5: parse error: unexpected end of input"),
        ("missing expr", "groups:\n- name: a\n  rules:\n  - alert: Y\n", "field 'expr' must be set in rule"),
        ("bad template", "groups:\n- name: a\n  rules:\n  - alert: Z\n    expr: up\n    annotations:\n      s: \"{{ $labels.x \"\n",
            "annotation \"s\": template: __alert_Z:1: unclosed action"),
        ("unknown function", "groups:\n- name: a\n  rules:\n  - alert: Z\n    expr: up\n    labels:\n      s: \"{{ foo }}\"\n",
            "label \"s\": template: __alert_Z:1: function \"foo\" not defined"),
        ("for in recording", "groups:\n- name: a\n  rules:\n  - record: r\n    expr: up\n    for: 5m\n", "invalid field 'for' in recording rule"),
        ("annotations in recording", "groups:\n- name: a\n  rules:\n  - record: r\n    expr: up\n    annotations: {a: b}\n", "invalid field 'annotations' in recording rule"),
        ("bad label name", "groups:\n- name: a\n  rules:\n  - record: r\n    expr: up\n    labels: {\"bad-label\": x}\n", "invalid label name: bad-label"),
        ("duplicate group", "groups:\n- name: a\n  rules: []\n- name: a\n  rules: []\n", ":4:9: field \"groups[1].name\": groupname: \"a\" is repeated in the same file"),
        ("empty group name", "groups:\n- rules: []\n", "Groupname must not be empty"),
        ("unknown rule field", "groups:\n- name: a\n  rules:\n  - alert: U\n    expr: up\n    unknownfield: 1\n", ":6:5: field \"groups[0].rules[0].unknownfield\": unknown field"),
        ("unknown group field", "groups:\n- name: a\n  bogus: 1\n  rules: []\n", "field \"groups[0].bogus\": unknown field"),
        ("unknown top field", "foo: 1\n", "field \"foo\": unknown field"),
        ("bad duration", "groups:\n- name: a\n  rules:\n  - alert: U\n    expr: up\n    for: 5x\n", "invalid duration \"5x\""),
        ("not yaml", "groups: [\n", "invalid YAML"),
    ];
}

namespace Metrics.Alerting.Tests.Manager.Routing;

/// <summary>Routing trees and label sets for comparing our routing with amtool's; each tree exercises a different rule.</summary>
internal static class RoutingTrees
{
    private const string Receivers = """
        receivers:
          - name: default
          - name: a
          - name: b
          - name: c
          - name: d
          - name: e
        """;

    public static readonly (string Name, string Route, string[][] LabelSets)[] All =
    [
        ("default only", """
            route:
              receiver: default
            """, [[], ["alertname=x"], ["team=a"]]),
        ("first match wins", """
            route:
              receiver: default
              routes:
                - matchers: [team=a]
                  receiver: a
                - matchers: [team=~"a|b"]
                  receiver: b
            """, [["team=a"], ["team=b"], ["team=c"], []]),
        ("continue collects several", """
            route:
              receiver: default
              routes:
                - matchers: [team=a]
                  receiver: a
                  continue: true
                - matchers: [sev=page]
                  receiver: b
                  continue: true
                - matchers: [sev=~"page|crit"]
                  receiver: c
            """, [["team=a"], ["team=a", "sev=page"], ["sev=crit"], ["team=a", "sev=crit"], ["sev=info"]]),
        ("nested with fallthrough to parent", """
            route:
              receiver: default
              routes:
                - matchers: [service=db]
                  receiver: a
                  routes:
                    - matchers: [env=prod]
                      receiver: b
                    - matchers: [env=stage]
                      receiver: c
            """, [["service=db"], ["service=db", "env=prod"], ["service=db", "env=stage"], ["env=prod"], ["service=db", "env=dev"]]),
        ("negative matchers", """
            route:
              receiver: default
              routes:
                - matchers: [env!=prod]
                  receiver: a
                - matchers: ['team!~"ops|sre"']
                  receiver: b
            """, [["env=prod"], ["env=dev"], [], ["env=prod", "team=ops"], ["env=prod", "team=dev"]]),
        ("legacy match and match_re", """
            route:
              receiver: default
              routes:
                - match:
                    severity: critical
                  receiver: a
                  routes:
                    - match_re:
                        service: ^(foo1|foo2|baz)$
                      receiver: b
                - match_re:
                    service: "db.*"
                  receiver: c
            """, [["severity=critical"], ["severity=critical", "service=foo1"], ["service=db7"], ["service=xdb"], ["severity=warning", "service=database"]]),
        ("regex anchoring", """
            route:
              receiver: default
              routes:
                - matchers: ['job=~"api"']
                  receiver: a
                - matchers: ['job=~"api.+"']
                  receiver: b
                - matchers: ['job=~".*worker"']
                  receiver: c
            """, [["job=api"], ["job=api-2"], ["job=xapi"], ["job=bg-worker"], ["job=workers"]]),
        ("quoted values with commas and spaces", """
            route:
              receiver: default
              routes:
                - matchers: ['team="a, b"']
                  receiver: a
                - matchers: ['{msg="say \"hi\"", sev="x"}']
                  receiver: b
                - matchers: ['path="C:\\dir"']
                  receiver: c
            """, [["team=a, b"], ["team=a"], ["msg=\"say \\\"hi\\\"\"", "sev=x"], ["msg=\"say \\\"hi\\\"\""], ["path=C:\\dir"]]),
        ("continue inside nested", """
            route:
              receiver: default
              routes:
                - matchers: [team=x]
                  receiver: a
                  continue: true
                  routes:
                    - matchers: [sev=page]
                      receiver: b
                      continue: true
                    - matchers: [sev=~"page|crit"]
                      receiver: c
                - matchers: [team=x]
                  receiver: d
            """, [["team=x"], ["team=x", "sev=page"], ["team=x", "sev=crit"], ["sev=page"]]),
        ("inherited receiver", """
            route:
              receiver: default
              routes:
                - matchers: [team=a]
                  routes:
                    - matchers: [sev=page]
                      receiver: b
                    - matchers: [sev=info]
            """, [["team=a"], ["team=a", "sev=page"], ["team=a", "sev=info"], ["sev=info"]]),
        ("empty value matches missing label", """
            route:
              receiver: default
              routes:
                - matchers: ['team=""']
                  receiver: a
                - matchers: ['team=~".+"']
                  receiver: b
            """, [[], ["team=x"], ["other=1"]]),
        ("multiple matchers all required", """
            route:
              receiver: default
              routes:
                - matchers: [team=a, env=prod, 'sev=~"crit|page"']
                  receiver: a
                - matchers: ['team=a,env=prod']
                  receiver: b
            """, [["team=a", "env=prod", "sev=crit"], ["team=a", "env=prod"], ["team=a", "sev=crit"], ["env=prod", "sev=page", "team=a", "x=y"]]),
        ("match and matchers combined", """
            route:
              receiver: default
              routes:
                - match: {team: a}
                  matchers: [env!=dev]
                  receiver: a
                - match_re: {team: "a|b"}
                  matchers: ['sev=~"p.*"']
                  receiver: b
            """, [["team=a"], ["team=a", "env=dev"], ["team=a", "env=dev", "sev=page"], ["team=b", "sev=page"], ["team=b"]]),
        ("deep tree", """
            route:
              receiver: default
              routes:
                - matchers: [l1=x]
                  receiver: a
                  routes:
                    - matchers: [l2=x]
                      receiver: b
                      routes:
                        - matchers: [l3=x]
                          receiver: c
                          routes:
                            - matchers: [l4=x]
                              receiver: d
                            - matchers: [l4=y]
                              continue: true
                              receiver: e
                            - matchers: [l5=z]
                              receiver: a
            """, [["l1=x"], ["l1=x", "l2=x"], ["l1=x", "l2=x", "l3=x"], ["l1=x", "l2=x", "l3=x", "l4=x"], ["l1=x", "l2=x", "l3=x", "l4=y"], ["l1=x", "l2=x", "l3=x", "l4=y", "l5=z"], ["l2=x", "l3=x"]]),
        ("same receiver twice through continue", """
            route:
              receiver: default
              routes:
                - matchers: [a=1]
                  receiver: a
                  continue: true
                - matchers: ['a=~"1|2"']
                  receiver: a
                  continue: true
                - matchers: ['b=2']
                  receiver: default
            """, [["a=1"], ["a=2"], ["a=1", "b=2"], ["b=2"], ["a=3"]]),
        ("catch-all child with empty matchers", """
            route:
              receiver: default
              routes:
                - matchers: [team=a]
                  receiver: a
                  continue: true
                - receiver: b
                - receiver: c
            """, [["team=a"], ["team=b"], []]),
        ("label names with colons and underscores", """
            route:
              receiver: default
              routes:
                - matchers: ['__name__=~"up|scrape_.*"']
                  receiver: a
                - matchers: ['k8s_ns=~"kube-.*"', 'pod!~"^$"']
                  receiver: b
            """, [["__name__=up"], ["__name__=scrape_duration"], ["k8s_ns=kube-system", "pod=p1"], ["k8s_ns=kube-system"]]),
    ];

    public static string File(string route) => route + "\n" + Receivers + "\n";
}

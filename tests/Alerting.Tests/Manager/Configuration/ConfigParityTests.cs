using Metrics.Alerting.Manager.Configuration;
using Metrics.Store.Configuration;

namespace Metrics.Alerting.Tests.Manager.Configuration;

/// <summary>Files <c>amtool check-config</c> accepts we accept; files it rejects we reject, naming the field.</summary>
public sealed class ConfigParityTests : IDisposable
{
    private const string Receivers = """
        receivers:
          - name: default
          - name: team
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("am-config-").FullName;

    /// <summary>Each case: the file and the field our error must name (null: the file is valid).</summary>
    public static readonly (string Name, string Yaml, string? Field)[] Cases =
    [
        ("full file", ConfigSamples.Full, null),
        ("minimal", "route:\n  receiver: default\n" + Receivers, null),
        ("group by all", "route:\n  receiver: default\n  group_by: ['...']\n  routes:\n    - group_by: [a, b]\n      receiver: team\n" + Receivers, null),
        ("undefined receiver", "route:\n  receiver: default\n  routes:\n    - receiver: nobody\n" + Receivers, "route.routes[0].receiver"),
        ("duplicate receiver", "route:\n  receiver: default\n" + Receivers + "\n  - name: team\n", "receivers[2].name"),
        ("missing root receiver", "route:\n  group_by: [a]\n" + Receivers, "route.receiver"),
        ("root route with matchers", "route:\n  receiver: default\n  matchers: [a=b]\n" + Receivers, "route.matchers"),
        ("root route with match", "route:\n  receiver: default\n  match: {a: b}\n" + Receivers, "route.match"),
        ("no route", Receivers, "route"),
        ("bad regex in match_re", "route:\n  receiver: default\n  routes:\n    - match_re: {a: '(x'}\n      receiver: team\n" + Receivers, "route.routes[0].match_re"),
        ("bad regex in matchers", "route:\n  receiver: default\n  routes:\n    - matchers: ['a=~\"(x\"']\n      receiver: team\n" + Receivers, "route.routes[0].matchers"),
        ("bad matcher quoting", "route:\n  receiver: default\n  routes:\n    - matchers: ['a==\"x\"']\n      receiver: team\n" + Receivers, "route.routes[0].matchers"),
        ("bad matcher operator", "route:\n  receiver: default\n  routes:\n    - matchers: ['a<3']\n      receiver: team\n" + Receivers, "route.routes[0].matchers"),
        ("bad group_wait", "route:\n  receiver: default\n  group_wait: 3x\n" + Receivers, "route.group_wait"),
        ("bad resolve_timeout", "global:\n  resolve_timeout: five\nroute:\n  receiver: default\n" + Receivers, "global.resolve_timeout"),
        ("zero group_interval", "route:\n  receiver: default\n  group_interval: 0s\n" + Receivers, "route.group_interval"),
        ("wildcard with labels", "route:\n  receiver: default\n  group_by: ['...', a]\n" + Receivers, "route.group_by"),
        ("invalid group_by label", "route:\n  receiver: default\n  group_by: ['a-b']\n" + Receivers, "route.group_by"),
        ("unknown root field", "route:\n  receiver: default\nroutes: []\n" + Receivers, "routes"),
        ("unknown route field", "route:\n  receiver: default\n  routes:\n    - recevier: team\n" + Receivers, "route.routes[0].recevier"),
        ("unknown slack field", "route:\n  receiver: default\nreceivers:\n  - name: default\n    slack_configs:\n      - api_url: http://127.0.0.1/x\n        chanel: '#a'\n", "receivers[0].slack_configs[0].chanel"),
        ("slack fields and actions", "route:\n  receiver: default\nreceivers:\n  - name: default\n    slack_configs:\n      - api_url: http://127.0.0.1/x\n        short_fields: true\n        fields: [{title: t, value: v}, {title: t2, value: v2, short: false}]\n        actions: [{type: button, text: go, url: 'http://x'}, {type: button, text: ack, name: n, value: v, confirm: {text: 'sure?'}}]\n", null),
        ("slack field without value", "route:\n  receiver: default\nreceivers:\n  - name: default\n    slack_configs:\n      - api_url: http://127.0.0.1/x\n        fields: [{title: t}]\n", "receivers[0].slack_configs[0].fields[0].value"),
        ("slack action without name or url", "route:\n  receiver: default\nreceivers:\n  - name: default\n    slack_configs:\n      - api_url: http://127.0.0.1/x\n        actions: [{type: button, text: go}]\n", "receivers[0].slack_configs[0].actions[0].name"),
        ("slack confirm without text", "route:\n  receiver: default\nreceivers:\n  - name: default\n    slack_configs:\n      - api_url: http://127.0.0.1/x\n        actions: [{type: button, text: go, name: n, confirm: {title: x}}]\n", "receivers[0].slack_configs[0].actions[0].confirm.text"),
        ("slack without api url", "route:\n  receiver: default\nreceivers:\n  - name: default\n    slack_configs:\n      - channel: '#a'\n", "receivers[0].slack_configs[0].api_url"),
        ("opsgenie without key", "route:\n  receiver: default\nreceivers:\n  - name: default\n    opsgenie_configs:\n      - message: hi\n", "receivers[0].opsgenie_configs[0].api_key"),
        ("opsgenie bad responder", "global:\n  opsgenie_api_key: k\nroute:\n  receiver: default\nreceivers:\n  - name: default\n    opsgenie_configs:\n      - responders: [{name: x, type: group}]\n", "receivers[0].opsgenie_configs[0].responders[0].type"),
        ("webhook without url", "route:\n  receiver: default\nreceivers:\n  - name: default\n    webhook_configs:\n      - send_resolved: false\n", "receivers[0].webhook_configs[0].url"),
        ("webhook bad scheme", "route:\n  receiver: default\nreceivers:\n  - name: default\n    webhook_configs:\n      - url: ftp://127.0.0.1/x\n", "receivers[0].webhook_configs[0].url"),
        ("missing receiver name", "route:\n  receiver: default\nreceivers:\n  - name: default\n  - webhook_configs: []\n", "receivers[1].name"),
        ("undefined time interval", "route:\n  receiver: default\n  routes:\n    - receiver: team\n      mute_time_intervals: [nights]\n" + Receivers, "route.routes[0].mute_time_intervals"),
        ("bad weekday", "route:\n  receiver: default\n" + Receivers + "\nmute_time_intervals:\n  - name: w\n    time_intervals:\n      - weekdays: [funday]\n", "mute_time_intervals[0].time_intervals[0].weekdays"),
        ("weekday range backwards", "route:\n  receiver: default\n" + Receivers + "\ntime_intervals:\n  - name: w\n    time_intervals:\n      - weekdays: ['saturday:sunday']\n", "time_intervals[0].time_intervals[0].weekdays"),
        ("day range backwards", "route:\n  receiver: default\n" + Receivers + "\ntime_intervals:\n  - name: w\n    time_intervals:\n      - days_of_month: ['5:2']\n", "time_intervals[0].time_intervals[0].days_of_month"),
        ("negative day range", "route:\n  receiver: default\n" + Receivers + "\ntime_intervals:\n  - name: w\n    time_intervals:\n      - days_of_month: ['-3:-1', '1:-1']\n", null),
        ("bad inhibit matcher", "route:\n  receiver: default\n" + Receivers + "\ninhibit_rules:\n  - source_matchers: ['a=~\"[\"']\n", "inhibit_rules[0].source_matchers"),
        ("bad inhibit equal", "route:\n  receiver: default\n" + Receivers + "\ninhibit_rules:\n  - source_match: {a: b}\n    equal: ['x-y']\n", "inhibit_rules[0].equal"),
    ];

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void AcceptsAndRejectsAsAmtool(string name)
    {
        var (_, yaml, field) = Array.Find(Cases, c => c.Name == name);
        string path = Path.Combine(_dir, "alertmanager.yml");
        File.WriteAllText(path, yaml);
        var (exit, stdout, stderr) = Amtool.Run("check-config", path);
        Assert.True((exit == 0) == (field is null), $"amtool disagrees with the case's expectation: {stdout}{stderr}");
        if (field is null)
        {
            AlertmanagerConfig.Load(path);
            return;
        }
        var e = Assert.Throws<ConfigException>(() => AlertmanagerConfig.Load(path));
        Assert.Equal(path, e.File);
        Assert.True(e.Line > 0);
        Assert.Equal(field, e.Field);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

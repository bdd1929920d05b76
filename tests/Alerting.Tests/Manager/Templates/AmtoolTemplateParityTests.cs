using Metrics.Alerting.Manager.Templates;
using Metrics.Alerting.Templating;

namespace Metrics.Alerting.Tests.Manager.Templates;

/// <summary>
/// The same templates rendered by <c>amtool template render</c> (Alertmanager 0.25's engine, defaults and functions)
/// and by ours, over the same data: amtool's built-in example data, and a firing/resolved group read from JSON.
/// Debian's amtool has no built-in default templates, so it is given the packaged default.tmpl as a glob.
/// </summary>
public sealed class AmtoolTemplateParityTests : IDisposable
{
    private const string PackagedDefaults = "/usr/share/prometheus/alertmanager/default.tmpl";

    private const string Custom = """
        {{ define "custom.title" }}[{{ .Status | toUpper }}] {{ .GroupLabels.SortedPairs.Values | join ", " }}{{ end }}
        {{ define "custom.alerts" }}{{ range $i, $a := .Alerts }}{{ if $i }}; {{ end }}{{ $i }}:{{ $a.Labels.SortedPairs.Names | join "," }}{{ end }}{{ end }}
        {{ define "custom.kv" -}}
          {{ range .SortedPairs }}{{ .Name | title }}={{ printf "%q" .Value }} {{ end }}
        {{- end }}
        {{ define "custom.nested" }}{{ with .CommonLabels }}{{ template "custom.kv" . }}{{ else }}no common labels{{ end }}{{ end }}
        {{ block "custom.block" . }}block of {{ .Receiver }}{{ end }}
        """;

    private const string Override = """
        {{ define "slack.default.title" }}overridden for {{ .Receiver | toUpper }}{{ end }}
        """;

    // A firing and a resolved alert of one group; fixed times, so time methods can be compared too.
    private const string GroupJson = """
        {"receiver":"team a/ops","status":"firing",
         "alerts":[
          {"status":"firing","labels":{"alertname":"DiskFull","instance":"db1:9100","severity":"page","team":"db"},
           "annotations":{"summary":"disk full","runbook":"http://wiki/disk"},"startsAt":"2026-03-01T12:00:00.5Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"http://prom:9090/graph?g0.expr=up","fingerprint":"a1b2c3d4e5f60718"},
          {"status":"resolved","labels":{"alertname":"DiskFull","instance":"db2:9100","severity":"page","team":"db"},
           "annotations":{"summary":"disk full"},"startsAt":"2026-03-01T11:00:00Z","endsAt":"2026-03-01T13:04:05Z",
           "generatorURL":"","fingerprint":"0011223344556677"}],
         "groupLabels":{"alertname":"DiskFull"},
         "commonLabels":{"alertname":"DiskFull","severity":"page","team":"db"},
         "commonAnnotations":{"summary":"disk full"},
         "externalURL":"http://am.example:9093"}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("am-parity-").FullName;

    public AmtoolTemplateParityTests()
    {
        File.WriteAllText(Path.Combine(_dir, "custom.tmpl"), Custom);
        File.WriteAllText(Path.Combine(_dir, "override.tmpl"), Override);
        File.WriteAllText(Path.Combine(_dir, "group.json"), GroupJson);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // amtool's example data (cli/template_render.go): two alerts of status "alertstatus", times relative to now.
    private static TemplateData ExampleData()
    {
        static TemplateKV Kv(params string[] pairs) => new(pairs.Chunk(2).Select(p => new KeyValuePair<string, string>(p[0], p[1])));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        return new TemplateData
        {
            Receiver = "receiver",
            Status = "alertstatus",
            Alerts = new TemplateAlerts(
            [
                new TemplateAlert
                {
                    Status = "alertstatus",
                    Labels = Kv("label1", "value1", "label2", "value2", "instance", "foo.bar:1234", "commonlabelkey1", "commonlabelvalue1", "commonlabelkey2", "commonlabelvalue2"),
                    Annotations = Kv("annotation1", "value1", "annotation2", "value2", "commonannotationkey1", "commonannotationvalue1", "commonannotationkey2", "commonannotationvalue2"),
                    StartsAt = now.AddMinutes(-5), EndsAt = now, GeneratorURL = "https://generatorurl.com", Fingerprint = "fingerprint1",
                },
                new TemplateAlert
                {
                    Status = "alertstatus",
                    Labels = Kv("foo", "bar", "baz", "qux", "commonlabelkey1", "commonlabelvalue1", "commonlabelkey2", "commonlabelvalue2"),
                    Annotations = Kv("aaa", "bbb", "ccc", "ddd", "commonannotationkey1", "commonannotationvalue1", "commonannotationkey2", "commonannotationvalue2"),
                    StartsAt = now.AddMinutes(-10), EndsAt = now, GeneratorURL = "https://generatorurl.com", Fingerprint = "fingerprint2",
                },
            ]),
            GroupLabels = Kv("grouplabelkey1", "grouplabelvalue1", "grouplabelkey2", "grouplabelvalue2"),
            CommonLabels = Kv("commonlabelkey1", "commonlabelvalue1", "commonlabelkey2", "commonlabelvalue2"),
            CommonAnnotations = Kv("commonannotationkey1", "commonannotationvalue1", "commonannotationkey2", "commonannotationvalue2"),
            ExternalURL = "https://example.com",
        };
    }

    public static TheoryData<string> ExampleTemplates =>
    [
        "{{ template \"__subject\" . }}",
        "{{ template \"slack.default.title\" . }}",
        "{{ template \"slack.default.fallback\" . }}|{{ template \"slack.default.username\" . }}|{{ template \"slack.default.text\" . }}",
        "{{ template \"__alertmanagerURL\" . }}",
        "{{ template \"opsgenie.default.message\" . }}|{{ template \"opsgenie.default.source\" . }}",
        "{{ template \"opsgenie.default.description\" . }}",
        "{{ template \"__text_alert_list\" .Alerts }}",
        "{{ template \"pagerduty.default.instances\" .Alerts }}",
        "{{ template \"custom.title\" . }}",
        "{{ template \"custom.alerts\" . }}",
        "{{ template \"custom.kv\" .CommonLabels }}",
        "{{ template \"custom.nested\" . }}",
        "{{ template \"custom.block\" . }}",
        "{{ range .Alerts }}{{ .Fingerprint }} {{ .Status }} {{ .GeneratorURL }}|{{ end }}",
        "{{ with .CommonAnnotations }}{{ .Names | join \"+\" }}{{ else }}none{{ end }}",
        "{{ .CommonLabels.Remove (stringSlice \"commonlabelkey1\") }}",
        "{{ reReplaceAll \"value(\\\\d)\" \"v$1\" (index .Alerts 0).Labels.label1 }}",
        "{{ printf \"%s has %d alerts (%05.1f%%) %v %-6s|\" .Receiver (len .Alerts) 12.5 true .Status }}",
        "{{ $first := index .Alerts 0 }}{{ $first.Labels.instance | toUpper }} {{ toLower \"ABC\" }} {{ title \"hello world-wide\" }}",
        "{{ if match \"^foo\\\\.\" (index .Alerts 0).Labels.instance }}match{{ else }}no{{ end }}",
        "{{ len .Alerts.Firing }} {{ len .Alerts.Resolved }} {{ len .GroupLabels }} {{ .Alerts.Resolved }}",
        "{{ slice .GroupLabels.SortedPairs.Values 1 }} {{ slice \"abcdef\" 1 3 }} {{ html \"<b>&'\" }} {{ js \"a'b<\" }} {{ urlquery \"a b&c\" }} {{ safeHtml \"<i>\" }}",
        "{{ define \"local\" }}L{{ . }}{{ end }}{{ template \"local\" .Status }}",
        "{{ range $k, $v := .CommonLabels }}{{ $k }}={{ $v }};{{ end }}",
        "{{ .GroupLabels.SortedPairs }} {{ .GroupLabels }} {{ .GroupLabels.SortedPairs.Names }}",
        "{{ eq .Status \"alertstatus\" }} {{ ne (len .Alerts) 2 }} {{ lt 1 2 }} {{ and .Receiver .Status }} {{ or \"\" \"x\" }} {{ not true }} {{ eq 1 2 3 1 }}",
        "{{- range .Alerts -}}\n  {{ .Labels.SortedPairs.Values | join \" \" }}\n{{ end -}}",
        "{{ $n := 0 }}{{ range .Alerts }}{{ $n = len .Labels }}{{ end }}{{ $n }} {{ index .CommonLabels \"nope\" }}|{{ .CommonLabels.nope }}|",
        "{{ range .Alerts }}{{ if eq .Fingerprint \"fingerprint1\" }}{{ continue }}{{ end }}{{ .Fingerprint }}{{ break }}{{ end }}",
        "{{ println .Receiver 1 2 }}{{ print \"a\" 1 2 \"b\" }}",
    ];

    [Theory]
    [MemberData(nameof(ExampleTemplates))]
    public void RendersTheExampleDataLikeAmtool(string text)
    {
        NotificationTemplates ours = NotificationTemplates.Load(["custom.tmpl"], _dir);
        Assert.Equal(Amtool(text, null, "custom.tmpl"), Ours(ours, text, ExampleData()));
    }

    public static TheoryData<string> GroupTemplates =>
    [
        "{{ template \"__subject\" . }}",
        "{{ template \"slack.default.fallback\" . }}",
        "{{ template \"opsgenie.default.description\" . }}",
        "{{ template \"wechat.default.message\" . }}",
        "{{ template \"telegram.default.message\" . }}",
        "{{ template \"pushover.default.message\" . }}",
        "{{ template \"victorops.default.state_message\" . }}",
        "{{ template \"custom.nested\" . }}",
        "{{ .CommonLabels.SortedPairs }} {{ .CommonLabels.Names }} {{ .Alerts.Firing | len }}",
        "{{ range .Alerts }}{{ .StartsAt }}|{{ .EndsAt }}|{{ .StartsAt.Unix }}|{{ .EndsAt.IsZero }}|{{ .StartsAt.UTC.Format \"2006-01-02T15:04:05.000Z07:00\" }}\n{{ end }}",
        "{{ range .Alerts }}{{ .EndsAt.Format \"Mon Jan _2 3:04:05PM 06 MST .999\" }}|{{ .StartsAt.Format \"January 02, 2006 15h04 -0700\" }}\n{{ end }}",
        "{{ range .Alerts.Resolved }}{{ .Labels.instance }} resolved after {{ .Annotations.summary | printf \"%.4s\" }}{{ end }}",
        "{{ range .Alerts }}{{ .StartsAt.Format \"Monday, 02-Jan-06 15:04:05 Z07:00 -0700 .999999 ,000 002 pm\" }}|{{ .StartsAt.Year }} {{ .StartsAt.Month }} {{ .StartsAt.Weekday }} {{ .StartsAt.UnixMilli }}\n{{ end }}",
        "{{ range .Alerts }}{{ .EndsAt.Sub .StartsAt }} {{ (.EndsAt.Sub .StartsAt).Minutes }} {{ (.EndsAt.Sub .StartsAt).Round 60000000000 }} {{ .StartsAt.Before .EndsAt }} {{ .StartsAt.Equal .StartsAt }} {{ (.StartsAt.Sub .StartsAt) }} {{ if (.StartsAt.Sub .StartsAt) }}x{{ else }}zero{{ end }}|{{ end }}",
        "{{ with index .Alerts 1 }}{{ (.EndsAt.Sub .StartsAt).Hours }} {{ (.EndsAt.Sub .StartsAt).Seconds }} {{ (.EndsAt.Sub .StartsAt).Truncate 3600000000000 }} {{ .StartsAt.Add (.EndsAt.Sub .StartsAt) }} {{ gt (.EndsAt.Sub .StartsAt) 0 }}{{ end }} {{ (index .Alerts 0).StartsAt.Sub (index .Alerts 1).EndsAt }}",
        "{{ . }}",
        "{{ .Alerts.Firing }} {{ index .Alerts 1 }}",
        "{{ printf \"%v|%s|%d\" .CommonLabels .Receiver (len .Alerts) }} {{ printf \"%q\" .CommonLabels.Names }}",
        "{{ toUpper \"grüße ß\" }} {{ len \"grüße\" }} {{ title \"éa b_c d-e\" }} {{ toLower \"ÀÉ\" }}",
        "{{ define \"nodot\" }}[{{ . }}]{{ end }}{{ template \"nodot\" }} {{ template \"nodot\" 3 }}",
        "{{ with $x := .CommonLabels.team }}{{ $x }}-{{ . }}{{ end }} {{ range $i, $e := .Alerts.Firing }}{{ $i }}{{ $e.Labels.instance }}{{ end }}",
        "{{ reReplaceAll \"^(\\w+)\\s(\\w+)$\" \"${2}_$1\" .CommonAnnotations.summary }} {{ match \"FULL\" .CommonAnnotations.summary }} {{ stringSlice \"a\" \"b\" | join \"-\" }}",
    ];

    [Theory]
    [MemberData(nameof(GroupTemplates))]
    public void RendersAFiringAndResolvedGroupLikeAmtool(string text)
    {
        NotificationTemplates ours = NotificationTemplates.Load(["custom.tmpl"], _dir);
        Assert.Equal(Amtool(text, "group.json", "custom.tmpl"), Ours(ours, text, TemplateDataJson.Parse(GroupJson)));
    }

    [Fact]
    public void AUserDefineReplacesADefaultTemplateLikeAmtool()
    {
        const string text = "{{ template \"slack.default.fallback\" . }}";
        NotificationTemplates ours = NotificationTemplates.Load(["custom.tmpl", "override.tmpl"], _dir);
        string expected = Amtool(text, "group.json", "custom.tmpl", "override.tmpl");
        Assert.StartsWith("overridden for TEAM A/OPS | ", expected);
        Assert.Equal(expected, Ours(ours, text, TemplateDataJson.Parse(GroupJson)));
    }

    // Not compared: errors about a method argument's type, and field errors after a parenthesized pipeline,
    // which Go places at the last node that pipeline evaluated; ours point at the method or field.
    public static TheoryData<string> FailingTemplates =>
    [
        "{{ join \",\" .CommonLabels }}",
        "{{ toUpper 3 }}",
        "{{ printf 3 }}",
        "{{ not }}",
        "{{ index }}",
        "{{ toUpper \"a\" \"b\" }}",
        "{{ .Receiver | len | toUpper }}",
        "{{ title nil }}",
        "{{ join \",\" \"x\" }}",
        "{{ eq 1 }}",
        "{{ and false (index .Alerts 9) }} {{ or .Receiver (index .Alerts 9) }} {{ and true (index .Alerts 9) }}",
        "{{ match 1 \"a\" }}",
        "{{ .Nope }}",
        "{{ template \"nope\" . }}",
        "{{ range .Alerts }}{{ .Labels.SortedPairs.Nope }}{{ end }}",
        "x {{ index .Alerts 5 }}",
        "{{ if }}",
        "{{ query \"up\" }}",
        "{{ .Receiver.Foo }}",
        "{{ range .Receiver }}{{ end }}",
        "{{ len 3 }}",
        "{{ define \"x\" }}a{{ end }}{{ define \"x\" }}b{{ end }}",
    ];

    [Theory]
    [MemberData(nameof(FailingTemplates))]
    public void FailsWithAmtoolsMessage(string text)
        => Assert.Equal(Amtool(text, null, "custom.tmpl"), Ours(NotificationTemplates.Load(["custom.tmpl"], _dir), text, ExampleData()));

    private static string Ours(NotificationTemplates templates, string text, TemplateData data)
    {
        try
        {
            return templates.Render(text, data);
        }
        catch (TemplateException e)
        {
            return "error: " + e.Message;
        }
    }

    private string Amtool(string text, string? dataFile, params string[] files)
    {
        var args = new List<string> { "template", "render", "--template.glob=" + PackagedDefaults };
        args.AddRange(files.Select(f => "--template.glob=" + Path.Combine(_dir, f)));
        args.Add("--template.text=" + text);
        if (dataFile is not null) args.Add("--template.data=" + Path.Combine(_dir, dataFile));
        var (exit, stdout, stderr) = Manager.Amtool.Run([.. args]);
        // amtool prints "amtool: error: <message>" and exits 1 when the template fails.
        return exit == 0 ? stdout : "error: " + stderr.Trim().Replace("amtool: error: ", "", StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using System.Text.Json;

namespace Metrics.EndToEnd.Tests;

/// <summary>
/// <c>metrics all</c> with a rule file: a recording rule's series is queryable, an alerting rule
/// reaches a real Alertmanager, /api/v1/rules has the shape the real Prometheus serves, and
/// <c>metrics check rules</c> behaves like promtool's.
/// </summary>
public sealed class RulesEndToEndTests : IDisposable
{
    private const string Rules = """
        groups:
          - name: e2e
            rules:
              - record: e2e:up:sum
                expr: sum(up)
              - alert: E2EAlways
                expr: e2e:up:sum > 0
                labels: {severity: test}
                annotations: {summary: "{{ $value }} targets up"}
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("metrics-rules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Recording_rule_is_queryable_and_the_alert_reaches_a_real_alertmanager()
    {
        int amPort = MetricsProcess.FreePort();
        await File.WriteAllTextAsync(Path.Combine(_dir, "am.yml"), "route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n");
        using Process am = ExternalTool.Start("prometheus-alertmanager", "--config.file", Path.Combine(_dir, "am.yml"),
            "--storage.path", Path.Combine(_dir, "am-data"), "--web.listen-address", $"127.0.0.1:{amPort}", "--cluster.listen-address=");
        try
        {
            using var amHttp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{amPort}"), Timeout = TimeSpan.FromSeconds(10) };
            await Poll.UntilAsync(async () => (await amHttp.GetAsync("/-/ready")).IsSuccessStatusCode ? "ready" : null, TimeSpan.FromSeconds(30), "Alertmanager ready");

            Directory.CreateDirectory(Path.Combine(_dir, "rules"));
            await File.WriteAllTextAsync(Path.Combine(_dir, "rules", "e2e.yml"), Rules);
            string config = Path.Combine(_dir, "metrics.yml");
            await File.WriteAllTextAsync(config, $$"""
                global:
                  scrape_interval: 2s
                  evaluation_interval: 1s
                  external_labels: {cluster: e2e}
                scrape_configs:
                  - job_name: self
                    static_configs: [{targets: [self]}]
                rule_files: [rules/*.yml]
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ["127.0.0.1:{{amPort}}"]}]
                  alert_relabel_configs:
                    - target_label: relabelled
                      replacement: "yes"
                """);
            await using MetricsProcess metrics = await MetricsProcess.StartAllAsync("--config.file", config);
            using var http = new HttpClient { BaseAddress = metrics.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

            JsonElement recorded = await Poll.UntilAsync(async () =>
            {
                JsonElement r = JsonDocument.Parse(await http.GetStringAsync("/api/v1/query?query=e2e:up:sum")).RootElement.GetProperty("data").GetProperty("result");
                // A self-scrape can time out on a loaded machine (up 0): wait for a successful one.
                return r.GetArrayLength() == 1 && r[0].GetProperty("value")[1].GetString() == "1" ? (object)r[0].Clone() : null;
            }, TimeSpan.FromSeconds(60), "the recorded series").ContinueWith(t => (JsonElement)t.Result);
            Assert.Equal("e2e:up:sum", recorded.GetProperty("metric").GetProperty("__name__").GetString());

            JsonElement alert = await Poll.UntilAsync(async () =>
            {
                JsonElement alerts = JsonDocument.Parse(await amHttp.GetStringAsync("/api/v2/alerts")).RootElement;
                return alerts.GetArrayLength() == 1 && alerts[0].GetProperty("annotations").GetProperty("summary").GetString() == "1 targets up"
                    ? (object)alerts[0].Clone() : null;
            }, TimeSpan.FromSeconds(60), "the alert at Alertmanager").ContinueWith(t => (JsonElement)t.Result);
            JsonElement labels = alert.GetProperty("labels");
            Assert.Equal(("E2EAlways", "test", "e2e", "yes"), (labels.GetProperty("alertname").GetString(), labels.GetProperty("severity").GetString(),
                labels.GetProperty("cluster").GetString(), labels.GetProperty("relabelled").GetString()));
            Assert.StartsWith($"http://127.0.0.1:{metrics.Port}/graph?g0.expr=", alert.GetProperty("generatorURL").GetString(), StringComparison.Ordinal);

            JsonElement rulesApi = JsonDocument.Parse(await http.GetStringAsync("/api/v1/rules")).RootElement.GetProperty("data").GetProperty("groups")[0];
            Assert.Equal("e2e", rulesApi.GetProperty("name").GetString());
            Assert.All(rulesApi.GetProperty("rules").EnumerateArray(), r => Assert.Equal("ok", r.GetProperty("health").GetString()));
            await Poll.UntilAsync(async () =>
            {
                JsonElement active = JsonDocument.Parse(await http.GetStringAsync("/api/v1/alerts")).RootElement.GetProperty("data").GetProperty("alerts");
                return active.GetArrayLength() == 1 && active[0].GetProperty("state").GetString() == "firing" ? "firing" : null;
            }, TimeSpan.FromSeconds(30), "the firing alert in /api/v1/alerts");
            string self = await http.GetStringAsync("/metrics");
            Assert.Contains("metrics_rule_evaluations_total{rule_group=", self, StringComparison.Ordinal);
            Assert.Contains("metrics_notifications_sent_total", self, StringComparison.Ordinal);
        }
        finally
        {
            am.Kill(entireProcessTree: true);
            await am.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Rules_api_has_the_shape_of_the_real_prometheus()
    {
        string rules = Path.Combine(_dir, "rules.yml");
        await File.WriteAllTextAsync(rules, Rules);
        string config = Path.Combine(_dir, "config.yml");
        await File.WriteAllTextAsync(config, $"global:\n  evaluation_interval: 1s\nrule_files: [{rules}]\n");
        await using RealPrometheus prometheus = await RealPrometheus.StartAsync(config, Path.Combine(_dir, "prom-data"));
        await using MetricsProcess metrics = await MetricsProcess.StartAllAsync("--config.file", config);
        using var http = new HttpClient { BaseAddress = metrics.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        // Once both evaluated at least once, every object has the same keys in the same order.
        async Task<JsonElement> Evaluated(HttpClient client) => (JsonElement)await Poll.UntilAsync(async () =>
        {
            JsonElement root = JsonDocument.Parse(await client.GetStringAsync("/api/v1/rules")).RootElement;
            JsonElement group = root.GetProperty("data").GetProperty("groups")[0];
            return group.GetProperty("lastEvaluation").GetString()!.StartsWith("0001", StringComparison.Ordinal) ? null : (object)root.Clone();
        }, TimeSpan.FromSeconds(30), "an evaluation");
        JsonElement theirs = await Evaluated(prometheus.Http);
        JsonElement ours = await Evaluated(http);
        Assert.Equal(Shape(theirs), Shape(ours));
        JsonElement theirRules = theirs.GetProperty("data").GetProperty("groups")[0].GetProperty("rules");
        JsonElement ourRules = ours.GetProperty("data").GetProperty("groups")[0].GetProperty("rules");
        foreach (string field in new[] { "name", "query", "type", "health" })
            Assert.Equal(theirRules.EnumerateArray().Select(r => r.GetProperty(field).ToString()), ourRules.EnumerateArray().Select(r => r.GetProperty(field).ToString()));
    }

    [Fact]
    public async Task A_crash_and_restart_restores_the_for_state_of_a_pending_alert()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "slow.yml"), "groups:\n- name: slow\n  rules:\n  - alert: Slow\n    expr: vector(1)\n    for: 1h\n");
        string config = Path.Combine(_dir, "c.yml");
        await File.WriteAllTextAsync(config, "global:\n  evaluation_interval: 1s\nrule_files: [slow.yml]\n");
        int port = MetricsProcess.FreePort();
        string data = Path.Combine(_dir, "data");

        static async Task<DateTimeOffset?> ActiveAt(HttpClient http)
        {
            JsonElement alerts = JsonDocument.Parse(await http.GetStringAsync("/api/v1/alerts")).RootElement.GetProperty("data").GetProperty("alerts");
            return alerts.GetArrayLength() == 1 ? alerts[0].GetProperty("activeAt").GetDateTimeOffset() : null;
        }

        DateTimeOffset firstActiveAt;
        MetricsProcess first = await MetricsProcess.StartAllAsync(port, data, "--config.file", config);
        try
        {
            using var http = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
            firstActiveAt = (await Poll.UntilAsync(async () => (object?)await ActiveAt(http), TimeSpan.FromSeconds(30), "a pending alert") as DateTimeOffset?)!.Value;
            // Wait until ALERTS_FOR_STATE is stored (written from the second evaluation on), then crash.
            await Poll.UntilAsync(async () => JsonDocument.Parse(await http.GetStringAsync("/api/v1/query?query=ALERTS_FOR_STATE")).RootElement
                .GetProperty("data").GetProperty("result").GetArrayLength() == 1 ? "stored" : null, TimeSpan.FromSeconds(30), "ALERTS_FOR_STATE");
            // Let the alert accrue more pending time than a restart takes, so a restored start lies before the restart.
            await Poll.UntilAsync(async () => (await ActiveAt(http)) is { } at && DateTimeOffset.UtcNow - at > TimeSpan.FromSeconds(20) ? "old enough" : null,
                TimeSpan.FromSeconds(60), "20 s of pending");
            first.Kill();
        }
        finally
        {
            await first.DisposeAsync(keepData: true);
        }
        DateTimeOffset restart = DateTimeOffset.UtcNow;
        await using MetricsProcess second = await MetricsProcess.StartAllAsync(port, data, "--config.file", config);
        using var http2 = new HttpClient { BaseAddress = second.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        // Restored: the alert keeps its pending time from before the crash (its start shifted by the downtime),
        // instead of starting anew after the restart.
        DateTimeOffset restored = (DateTimeOffset)(await Poll.UntilAsync(async () =>
            await ActiveAt(http2) is { } at && at < restart ? (object)at : null, TimeSpan.FromSeconds(60), "the restored activeAt"));
        Assert.True(restored >= firstActiveAt.AddSeconds(-1), $"restored {restored:o}, first {firstActiveAt:o}");
    }

    /// <summary>Keys (in order) and value kinds of every object, ignoring the values themselves.</summary>
    private static string Shape(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", e.EnumerateObject().Select(p => p.Name + ":" + Shape(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", e.EnumerateArray().Select(Shape)) + "]",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => e.ValueKind.ToString(),
    };

    [Fact]
    public async Task Check_rules_prints_like_promtool_and_exits_one_on_errors()
    {
        string good = Path.Combine(_dir, "good.yml");
        string bad = Path.Combine(_dir, "bad.yml");
        await File.WriteAllTextAsync(good, Rules);
        await File.WriteAllTextAsync(bad, "groups:\n- name: a\n  rules:\n  - record: \"bad name\"\n    expr: up\n");
        var (code, stdout, _) = await MetricsProcess.RunAsync(TimeSpan.FromSeconds(60), "check", "rules", good);
        Assert.Equal(0, code);
        Assert.Equal($"Checking {good}\n  SUCCESS: 2 rules found\n\n", stdout);
        (code, stdout, string stderr) = await MetricsProcess.RunAsync(TimeSpan.FromSeconds(60), "check", "rules", good, bad);
        Assert.Equal(1, code);
        Assert.Contains($"Checking {bad}", stdout, StringComparison.Ordinal);
        Assert.Equal($"  FAILED:\n{bad}:4:13: field \"groups[0].rules[0].record\": group \"a\", rule 1, \"bad name\": invalid recording rule name: bad name\n", stderr);
    }

    [Fact]
    public async Task Check_config_also_checks_the_rule_files_it_names()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "broken.yml"), "groups:\n- name: a\n  rules:\n  - alert: X\n    expr: up +\n");
        string config = Path.Combine(_dir, "c.yml");
        await File.WriteAllTextAsync(config, "rule_files: [broken.yml]\n");
        var (code, stdout, stderr) = await MetricsProcess.RunAsync(TimeSpan.FromSeconds(60), "check", "config", config);
        Assert.Equal(1, code);
        Assert.Contains("SUCCESS: valid configuration", stdout, StringComparison.Ordinal);
        Assert.Contains("could not parse expression", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_refuses_to_start_on_a_bad_rule_file()
    {
        string bad = Path.Combine(_dir, "bad-rules.yml");
        await File.WriteAllTextAsync(bad, "groups:\n- name: a\n  rules:\n  - alert: X\n    expr: up +\n");
        string config = Path.Combine(_dir, "c.yml");
        await File.WriteAllTextAsync(config, "rule_files: [bad-rules.yml]\n");
        var (code, _, stderr) = await MetricsProcess.RunAsync(TimeSpan.FromSeconds(60), "all", "--config.file", config,
            "--web.listen-address", $"127.0.0.1:{MetricsProcess.FreePort()}", "--storage.tsdb.path", Path.Combine(_dir, "data"));
        Assert.Equal(1, code);
        Assert.Contains($"{bad}:5:11:", stderr, StringComparison.Ordinal);
        Assert.Contains("could not parse expression", stderr, StringComparison.Ordinal);
    }
}

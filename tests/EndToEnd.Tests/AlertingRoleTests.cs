using System.Text.Json;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Metrics.EndToEnd.Tests;

/// <summary>
/// The alerting role as deployed: <c>metrics alerting</c> evaluates a rule file through a separate
/// <c>metrics all</c>'s query API, routes the alert by alertmanager.yml and posts it to a webhook.
/// </summary>
public sealed class AlertingRoleTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("alerting-e2e-").FullName;
    private readonly List<JsonDocument> _hooks = [];
    private TestServer _webhook = null!;

    public async Task InitializeAsync()
    {
        _webhook = await TestServer.StartAsync(_ => { }, app => app.MapPost("/hook", async (HttpRequest request) =>
        {
            JsonDocument body = await JsonDocument.ParseAsync(request.Body);
            lock (_hooks) _hooks.Add(body);
            return Results.Ok();
        }));
    }

    public async Task DisposeAsync()
    {
        await _webhook.DisposeAsync();
        foreach (JsonDocument d in _hooks) d.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_rule_evaluated_through_a_query_role_pages_the_routed_webhook()
    {
        await using MetricsProcess store = await MetricsProcess.StartAllAsync();
        WriteFiles();
        int port = MetricsProcess.FreePort();
        await using MetricsProcess alerting = await MetricsProcess.StartAsync(
        [
            "alerting", "--config.file", Path.Combine(_dir, "metrics.yml"),
            "--alertmanager.config.file", Path.Combine(_dir, "alertmanager.yml"),
            "--query.url", store.BaseAddress.ToString(), "--web.listen-address", $"127.0.0.1:{port}",
            "--storage.tsdb.path", Path.Combine(_dir, "data"),
        ], port, Path.Combine(_dir, "data"));
        await AssertPagedAsync(alerting);
    }

    [Fact]
    public async Task Metrics_all_evaluates_rules_and_routes_the_alert_through_its_own_alert_manager()
    {
        WriteFiles();
        File.AppendAllText(Path.Combine(_dir, "metrics.yml"), """
            scrape_configs:
              - job_name: metrics
                scrape_interval: 1s
                static_configs:
                  - targets: ["self"]
            """);
        await using MetricsProcess all = await MetricsProcess.StartAllAsync(
            "--config.file", Path.Combine(_dir, "metrics.yml"), "--alertmanager.config.file", Path.Combine(_dir, "alertmanager.yml"));
        await AssertPagedAsync(all);
    }

    [Fact]
    public async Task A_real_prometheus_with_a_rule_file_pages_through_our_alert_manager()
    {
        WriteFiles();
        await using MetricsProcess ours = await MetricsProcess.StartAllAsync(
            "--config.file", Path.Combine(_dir, "metrics.yml"), "--alertmanager.config.file", Path.Combine(_dir, "alertmanager.yml"));
        File.WriteAllText(Path.Combine(_dir, "prom-rules.yml"), """
            groups:
              - name: real
                interval: 1s
                rules:
                  - alert: FromRealPrometheus
                    expr: vector(1)
                    labels:
                      severity: page
                    annotations:
                      summary: "sent by Prometheus 2.42"
            """);
        File.WriteAllText(Path.Combine(_dir, "prometheus.yml"), $"""
            global:
              evaluation_interval: 1s
            rule_files: [prom-rules.yml]
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ["127.0.0.1:{ours.Port}"]
            """);
        // Its first evaluations may run before its notifier has the Alertmanager list (those sends are dropped);
        // the default resend delay would then wait a minute, so resend every second.
        await using RealPrometheus prometheus = await RealPrometheus.StartAsync(Path.Combine(_dir, "prometheus.yml"), Path.Combine(_dir, "prom-data"),
            waitReady: true, "--rules.alert.resend-delay=1s");

        JsonDocument hook = await Poll.UntilAsync(() =>
        {
            lock (_hooks)
                return Task.FromResult(_hooks.FirstOrDefault(h => h.RootElement.GetProperty("alerts")[0].GetProperty("labels")
                    .GetProperty("alertname").GetString() == "FromRealPrometheus"));
        }, TimeSpan.FromSeconds(60), "the real Prometheus's alert at the webhook");
        Assert.Equal("pager", hook.RootElement.GetProperty("receiver").GetString());
        JsonElement alert = hook.RootElement.GetProperty("alerts")[0];
        Assert.Equal("sent by Prometheus 2.42", alert.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.StartsWith("http://", alert.GetProperty("generatorURL").GetString(), StringComparison.Ordinal);
    }

    private void WriteFiles()
    {
        File.WriteAllText(Path.Combine(_dir, "rules.yml"), """
            groups:
              - name: e2e
                interval: 1s
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
                  - alert: SelfScraped
                    expr: up{job="metrics"} == 1
                    labels:
                      severity: page
                    annotations:
                      summary: "{{ $labels.instance }} answers with {{ $value }}"
            """);
        File.WriteAllText(Path.Combine(_dir, "metrics.yml"), "rule_files: [rules.yml]\n");
        File.WriteAllText(Path.Combine(_dir, "alertmanager.yml"), $"""
            route:
              receiver: nobody
              group_wait: 1s
              group_interval: 1s
              routes:
                - matchers: ['severity="page"']
                  receiver: pager
            receivers:
              - name: nobody
              - name: pager
                webhook_configs:
                  - url: {_webhook.BaseAddress}hook
            """);
    }

    private async Task AssertPagedAsync(MetricsProcess alerting)
    {
        JsonDocument first = await Poll.UntilAsync(() =>
        {
            lock (_hooks) return Task.FromResult<JsonDocument?>(_hooks.Count > 0 ? _hooks[0] : null);
        }, TimeSpan.FromSeconds(60), "the webhook to be paged");
        JsonElement hook = first.RootElement;

        Assert.Equal("4", hook.GetProperty("version").GetString());
        Assert.Equal("pager", hook.GetProperty("receiver").GetString());
        Assert.Equal("firing", hook.GetProperty("status").GetString());
        JsonElement alert = hook.GetProperty("alerts")[0];
        Assert.Equal("SelfScraped", alert.GetProperty("labels").GetProperty("alertname").GetString());
        string instance = alert.GetProperty("labels").GetProperty("instance").GetString()!;
        Assert.Equal($"{instance} answers with 1", alert.GetProperty("annotations").GetProperty("summary").GetString());

        // The role's own rules API reports both rules healthy, as Prometheus's /api/v1/rules does.
        using var http = new HttpClient { BaseAddress = alerting.BaseAddress };
        using JsonDocument rules = JsonDocument.Parse(await http.GetStringAsync("/api/v1/rules"));
        JsonElement group = rules.RootElement.GetProperty("data").GetProperty("groups")[0];
        Assert.Equal(["ok", "ok"], group.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("health").GetString()));
    }
}

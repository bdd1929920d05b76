using System.Net;
using System.Text.Json;
using Metrics.Alerting.Http;
using Metrics.Alerting.Rules;
using Metrics.Alerting.Tests.Rules;
using Metrics.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Metrics.Alerting.Tests.Http;

public class RulesEndpointsTests
{
    private static readonly DateTimeOffset T0 = RuleTestHarness.Start;

    private static async Task<(TestServer Server, HttpClient Client)> StartAsync()
    {
        var h = new RuleTestHarness();
        h.Write(T0, ("up{instance=\"h1\"}", 0));
        var manager = new RuleManager(h.Options());
        RuleFile file = RuleFileParser.Parse("""
            groups:
              - name: g
                interval: 30s
                rules:
                  - record: job:up:sum
                    expr: sum(up)
                  - alert: Down
                    expr: up == 0
                    for: 5m
                    labels: {severity: page}
                    annotations: {summary: "{{ $labels.instance }} down"}
            """, "/etc/rules.yml");
        manager.Update(file.Groups, TimeSpan.FromMinutes(1));
        foreach (AlertingRule r in manager.Groups[0].Rules.OfType<AlertingRule>()) r.Restored = true;
        manager.Groups[0].Evaluate(T0.AddMilliseconds(250));
        TestServer server = await TestServer.StartAsync(s => s.AddSingleton(manager), app => app.MapRulesApi());
        return (server, new HttpClient { BaseAddress = server.BaseAddress });
    }

    [Fact]
    public async Task Rules_lists_groups_and_rules_with_prometheus_fields()
    {
        var (server, client) = await StartAsync();
        await using TestServer _ = server;
        using HttpClient __ = client;
        string body = await client.GetStringAsync("/api/v1/rules");
        JsonElement root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("success", root.GetProperty("status").GetString());
        JsonElement group = Assert.Single(root.GetProperty("data").GetProperty("groups").EnumerateArray());
        Assert.Equal(["name", "file", "rules", "interval", "limit", "evaluationTime", "lastEvaluation"], group.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("g", "/etc/rules.yml", 30.0, "2026-01-01T00:00:00.25Z"),
            (group.GetProperty("name").GetString(), group.GetProperty("file").GetString(), group.GetProperty("interval").GetDouble(), group.GetProperty("lastEvaluation").GetString()));
        JsonElement[] rules = [.. group.GetProperty("rules").EnumerateArray()];
        Assert.Equal(["name", "query", "health", "evaluationTime", "lastEvaluation", "type"], rules[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("job:up:sum", "sum(up)", "ok", "recording"),
            (rules[0].GetProperty("name").GetString(), rules[0].GetProperty("query").GetString(), rules[0].GetProperty("health").GetString(), rules[0].GetProperty("type").GetString()));
        Assert.Equal(["state", "name", "query", "duration", "keepFiringFor", "labels", "annotations", "alerts", "health", "evaluationTime", "lastEvaluation", "type"],
            rules[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("pending", 300.0, "page"), (rules[1].GetProperty("state").GetString(), rules[1].GetProperty("duration").GetDouble(),
            rules[1].GetProperty("labels").GetProperty("severity").GetString()));
        JsonElement alert = Assert.Single(rules[1].GetProperty("alerts").EnumerateArray());
        Assert.Equal("""{"labels":{"alertname":"Down","instance":"h1","severity":"page"},"annotations":{"summary":"h1 down"},"state":"pending","activeAt":"2026-01-01T00:00:00.25Z","value":"0e+00"}""",
            alert.GetRawText());

        JsonElement onlyAlerts = JsonDocument.Parse(await client.GetStringAsync("/api/v1/rules?type=alert")).RootElement;
        Assert.Equal(["alerting"], onlyAlerts.GetProperty("data").GetProperty("groups")[0].GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("type").GetString()));
        JsonElement onlyRecords = JsonDocument.Parse(await client.GetStringAsync("/api/v1/rules?type=record")).RootElement;
        Assert.Equal(["recording"], onlyRecords.GetProperty("data").GetProperty("groups")[0].GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task A_bad_type_is_a_400_bad_data()
    {
        var (server, client) = await StartAsync();
        await using TestServer _ = server;
        using HttpClient __ = client;
        HttpResponseMessage response = await client.GetAsync("/api/v1/rules?type=nope");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"status":"error","errorType":"bad_data","error":"not supported value \"nope\""}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Alerts_lists_active_alerts()
    {
        var (server, client) = await StartAsync();
        await using TestServer _ = server;
        using HttpClient __ = client;
        Assert.Equal("""{"status":"success","data":{"alerts":[{"labels":{"alertname":"Down","instance":"h1","severity":"page"},"annotations":{"summary":"h1 down"},"state":"pending","activeAt":"2026-01-01T00:00:00.25Z","value":"0e+00"}]}}""",
            await client.GetStringAsync("/api/v1/alerts"));
    }
}

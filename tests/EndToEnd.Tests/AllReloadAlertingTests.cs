using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Metrics.EndToEnd.Tests;

/// <summary>
/// <c>metrics all</c> with a firing rule and its own alert manager, reloaded with a route to another receiver: the
/// rule's alert keeps its state, the next notification goes to the new receiver, the old one hears nothing more,
/// and a silence created before the reload is still there.
/// </summary>
public sealed class AllReloadAlertingTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("all-reload-").FullName;
    private readonly ConcurrentQueue<string> _delivered = new();
    private TestServer _hooks = null!;

    public async Task InitializeAsync() =>
        _hooks = await TestServer.StartAsync(_ => { }, app => app.MapPost("/{receiver}", (string receiver) =>
        {
            _delivered.Enqueue(receiver);
            return Results.Ok();
        }));

    public async Task DisposeAsync()
    {
        await _hooks.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string Alertmanager(string receiver) => $"""
        route:
          receiver: {receiver}
          group_wait: 1s
          group_interval: 1h
          repeat_interval: 4h
        receivers:
          - name: pager
            webhook_configs:
              - url: {_hooks.BaseAddress}pager
          - name: other
            webhook_configs:
              - url: {_hooks.BaseAddress}other
        """;

    private int Count(string receiver) => _delivered.Count(d => d == receiver);

    private static async Task<string?> ActiveAtAsync(HttpClient http)
    {
        using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync("/api/v1/alerts"));
        JsonElement alerts = doc.RootElement.GetProperty("data").GetProperty("alerts");
        return alerts.EnumerateArray().Where(a => a.GetProperty("state").GetString() == "firing")
            .Select(a => a.GetProperty("activeAt").GetString()).FirstOrDefault();
    }

    [Fact]
    public async Task A_route_change_moves_the_next_notification_and_keeps_alert_state_and_silences()
    {
        File.WriteAllText(Path.Combine(_dir, "rules.yml"), """
            groups:
              - name: e2e
                interval: 1s
                rules:
                  - alert: SelfScraped
                    expr: up{job="metrics"} == 1
            """);
        string metrics = Path.Combine(_dir, "metrics.yml"), alertmanager = Path.Combine(_dir, "alertmanager.yml");
        File.WriteAllText(metrics, "rule_files: [rules.yml]\nscrape_configs:\n  - job_name: metrics\n    scrape_interval: 1s\n    static_configs: [{targets: [self]}]\n");
        File.WriteAllText(alertmanager, Alertmanager("pager"));
        await using MetricsProcess all = await MetricsProcess.StartAllAsync("--config.file", metrics, "--alertmanager.config.file", alertmanager);
        using var http = new HttpClient { BaseAddress = all.BaseAddress };
        await Poll.UntilAsync(() => Task.FromResult(Count("pager") == 1 ? "paged" : null), TimeSpan.FromSeconds(60), "the pager notified\n" + all.Output);
        string activeAt = (await ActiveAtAsync(http))!;

        string silence = $$"""{"matchers": [{"name": "alertname", "value": "Other", "isRegex": false}], "startsAt": "{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}", "endsAt": "{{DateTimeOffset.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}}", "createdBy": "e2e", "comment": "kept"}""";
        string silenceId;
        using (HttpResponseMessage created = await http.PostAsync("/api/v2/silences", new StringContent(silence, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            silenceId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("silenceID").GetString()!;
        }

        File.WriteAllText(alertmanager, Alertmanager("other"));
        using (HttpResponseMessage ok = await http.PostAsync("/-/reload", null)) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        await Poll.UntilAsync(() => Task.FromResult(Count("other") == 1 ? "moved" : null), TimeSpan.FromSeconds(60), "the other receiver notified\n" + all.Output);
        Assert.Equal(1, Count("pager"));
        Assert.Equal(activeAt, await ActiveAtAsync(http));     // the rule group survived the reload with its alert
        Assert.Contains(silenceId, await http.GetStringAsync("/api/v2/silences"), StringComparison.Ordinal);
        Assert.Contains("alertmanager_config_last_reload_successful 1", await http.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }
}

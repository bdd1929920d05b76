using Metrics.Alerting.Tests.Peers;
using System.Text;
using Metrics.Alerting.Manager;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Http;
using Metrics.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Alerting.Tests.Manager.Receivers;

/// <summary>
/// The real Alertmanager and ours notify the same local stand-ins for a webhook, Slack and OpsGenie after the
/// same alerts: the requests must carry the same JSON and headers, firing and then resolved.
/// </summary>
public sealed class ReceiverSideBySideTests : IAsyncLifetime
{
    private const string ExternalUrl = "http://alerts.example:9093";
    private ReceiverServer _peer = null!;
    private RealAlertmanager _real = null!;
    private TestServer _ours = null!;
    private AlertManager _manager = null!;
    private readonly CancellationTokenSource _stop = new();
    private Task _dispatch = Task.CompletedTask;

    private string Config(string who) => $"""
        global:
          opsgenie_api_key: secret-key
        route:
          receiver: all
          group_by: [alertname]
          group_wait: 2s
          group_interval: 1s
        receivers:
          - name: all
            webhook_configs:
              - url: {_peer.Url($"/{who}/hook")}
            slack_configs:
              - api_url: {_peer.Url($"/{who}/slack")}
                channel: '#alerts'
                send_resolved: true
            opsgenie_configs:
              - api_url: {_peer.Url($"/{who}/og/")}
                priority: P2
                update_alerts: true
                entity: '{"{{"} .GroupLabels.alertname {"}}"}'
                actions: 'ack,,{"{{"} .CommonLabels.team | toUpper {"}}"} page'
                note: '{"{{"} len .Alerts {"}}"} alerts'
                tags: 'db, {"{{"} .CommonLabels.team {"}}"}'
                responders:
                  - name: dba
                    type: team
                details:
                  who: '<{"{{"} .CommonLabels.instance {"}}"}> &'
        """;

    public async Task InitializeAsync()
    {
        _peer = await ReceiverServer.StartAsync();
        _real = await RealAlertmanager.StartAsync(Config("real"), "--web.external-url=" + ExternalUrl);
        _manager = new AlertManager(AlertmanagerConfig.Parse(Config("ours"), "alertmanager.yml"), new AlertManagerOptions { ExternalUrl = ExternalUrl },
            TimeProvider.System, new AlertManagerMetrics(), NullLoggerFactory.Instance);
        _ours = await TestServer.StartAsync(s => s.AddSingleton(_manager), app => app.MapAlertmanagerApi());
        _dispatch = _manager.Dispatcher.RunAsync(_stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _dispatch;
        await _ours.DisposeAsync();
        _manager.Dispose();
        await _real.DisposeAsync();
        await _peer.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task FiringThenResolvedNotificationsMatchTheRealAlertmanagers()
    {
        // Start times of now: an alert older than group_wait is flushed at once, which could split the
        // two alerts of one POST over two notifications (in either manager) and make the comparison flaky.
        DateTimeOffset t0 = DateTimeOffset.UtcNow;
        string Alerts(string? endsAt) => $$"""
            [{"labels":{"alertname":"DiskFull","instance":"db1","team":"db"},"annotations":{"summary":"disk full","runbook":"r1 <a&b> 🔥 ü \u2028 \t"},"startsAt":"{{Time(t0)}}"{{endsAt}},"generatorURL":"http://prom/g"},
             {"labels":{"alertname":"DiskFull","instance":"db2","team":"db"},"annotations":{"summary":"disk full"},"startsAt":"{{Time(t0.AddMilliseconds(-500))}}"{{endsAt}}}]
            """;
        string firing = Alerts(null);
        await PostBothAsync(firing);
        await WaitForAsync(10);   // per manager: webhook, Slack, OpsGenie create + update message + update description
        CompareAll();

        // Ended half a second after they started: long past by the time this is posted.
        string resolved = Alerts($",\"endsAt\":\"{Time(t0.AddMilliseconds(500))}\"");
        await PostBothAsync(resolved);
        await WaitForAsync(16);
        CompareAll();
    }

    private static string Time(DateTimeOffset t) => SideBySide.Time(t);

    private Task PostBothAsync(string body) => SideBySide.PostBothAsync(_real.Url, _ours.BaseAddress, body);

    private Task WaitForAsync(int count) => SideBySide.WaitForDeliveriesAsync(_peer, count);

    private void CompareAll()
    {
        var all = _peer.Delivered.ToList();
        foreach (string kind in new[] { "hook", "slack", "og" })
        {
            var real = all.Where(r => r.PathAndQuery.StartsWith($"/real/{kind}", StringComparison.Ordinal)).ToList();
            var ours = all.Where(r => r.PathAndQuery.StartsWith($"/ours/{kind}", StringComparison.Ordinal)).ToList();
            Assert.Equal(real.Count, ours.Count);
            for (int i = 0; i < real.Count; i++)
            {
                Assert.Equal(real[i].PathAndQuery.Replace("/real/", "/ours/", StringComparison.Ordinal), ours[i].PathAndQuery);
                Assert.Equal(real[i].Method, ours[i].Method);
                Assert.Equal(real[i].Body.Replace("/real/", "/x/", StringComparison.Ordinal), ours[i].Body.Replace("/ours/", "/x/", StringComparison.Ordinal));
                Assert.Equal(real[i].Headers.GetValueOrDefault("Authorization"), ours[i].Headers.GetValueOrDefault("Authorization"));
                Assert.StartsWith("application/json", ours[i].Headers["Content-Type"]);
            }
        }
    }
}

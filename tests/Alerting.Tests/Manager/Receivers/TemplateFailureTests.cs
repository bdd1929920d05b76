using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Metrics.Alerting.Tests.Peers;

namespace Metrics.Alerting.Tests.Manager.Receivers;

/// <summary>
/// A receiver field whose template fails at notify time: as in Alertmanager, that integration sends nothing (never half
/// a text), is not retried, is counted as a failed notification, and is tried again at the next group interval;
/// the receiver's other integrations are delivered.
/// </summary>
public sealed class TemplateFailureTests : IAsyncLifetime
{
    private ReceiverServer _peer = null!;

    public async Task InitializeAsync() => _peer = await ReceiverServer.StartAsync();

    public async Task DisposeAsync() => await _peer.DisposeAsync();

    private string Config => $"""
        global:
          resolve_timeout: 1h
        route:
          receiver: team
          group_by: [alertname]
        receivers:
          - name: team
            webhook_configs:
              - url: {_peer.Url("/hook")}
            slack_configs:
              - api_url: {_peer.Url("/slack")}
                title: 'fine: {"{{"} .CommonLabels.alertname {"}}"}'
                text: 'broken: {"{{"} .CommonLabels.Remove {"}}"}'
        """;

    [Fact]
    public async Task ABrokenSlackTextSendsNothingAndIsCountedAsAFailure()
    {
        using var h = ManagerHarness.Create(Config);
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, h.Metrics.Notifications.Meter)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string integration = "";
            foreach (var tag in tags) if (tag.Key == "integration") integration = (string)tag.Value!;
            totals.AddOrUpdate($"{instrument.Name}{{{integration}}}", value, (_, v) => v + value);
        });
        listener.Start();

        h.Fire("alertname", "Down", "instance", "a");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Single(_peer.Delivered);
        Assert.Equal("/hook", _peer.Delivered.Single().PathAndQuery);
        Assert.Equal(1, totals.GetValueOrDefault("alertmanager_notifications_failed_total{slack}"));
        Assert.Equal(1, totals.GetValueOrDefault("alertmanager_notification_requests_total{slack}"));   // no retries
        Assert.Equal(1, totals.GetValueOrDefault("alertmanager_notification_requests_failed_total{slack}"));
        Assert.Equal(0, totals.GetValueOrDefault("alertmanager_notifications_failed_total{webhook}"));

        // Not marked as sent, so the next flush tries the Slack integration again (and fails again).
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(2, totals.GetValueOrDefault("alertmanager_notifications_failed_total{slack}"));
        Assert.DoesNotContain(_peer.Delivered, r => r.PathAndQuery.StartsWith("/slack", StringComparison.Ordinal));
        h.DeleteData();
    }

    [Fact]
    public async Task TheRealAlertmanagerBehavesTheSame()
    {
        // The reference for the test above: same config, real Alertmanager 0.25, its own metrics.
        string yaml = Config.Replace("route:", "route:\n  group_wait: 1s\n  group_interval: 2s", StringComparison.Ordinal);
        await using RealAlertmanager real = await RealAlertmanager.StartAsync(yaml);
        using var http = new HttpClient();
        var posted = await http.PostAsync(new Uri(real.Url, "api/v2/alerts"),
            new StringContent("""[{"labels":{"alertname":"Down","instance":"a"}}]""", Encoding.UTF8, "application/json"));
        Assert.True(posted.IsSuccessStatusCode);

        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        double failed = 0;
        while (failed < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            failed = Metric(await http.GetStringAsync(new Uri(real.Url, "metrics")), "alertmanager_notifications_failed_total{integration=\"slack\"}");
        }
        string metrics = await http.GetStringAsync(new Uri(real.Url, "metrics"));
        Assert.True(failed >= 2, "the real Alertmanager should fail the Slack notification at every flush");
        // One request per failed notification: no retries.
        Assert.Equal(Metric(metrics, "alertmanager_notification_requests_total{integration=\"slack\"}"),
            Metric(metrics, "alertmanager_notifications_failed_total{integration=\"slack\"}"));
        Assert.Equal(Metric(metrics, "alertmanager_notification_requests_total{integration=\"slack\"}"),
            Metric(metrics, "alertmanager_notification_requests_failed_total{integration=\"slack\"}"));
        Assert.Equal(0, Metric(metrics, "alertmanager_notifications_failed_total{integration=\"webhook\"}"));
        Assert.Single(_peer.Delivered);
        Assert.Equal("/hook", _peer.Delivered.Single().PathAndQuery);
    }

    private static double Metric(string exposition, string series)
    {
        foreach (string line in exposition.Split('\n'))
            if (line.StartsWith(series + " ", StringComparison.Ordinal)) return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
        return 0;
    }
}

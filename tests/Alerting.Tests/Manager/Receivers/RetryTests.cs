using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Metrics.Alerting.Tests.Manager.Receivers;

/// <summary>A receiver that fails (5xx, or no answer in time) and then recovers gets each notification exactly once.</summary>
public sealed class RetryTests : IAsyncLifetime
{
    private ReceiverServer _hook = null!;

    public async Task InitializeAsync() => _hook = await ReceiverServer.StartAsync();

    public async Task DisposeAsync() => await _hook.DisposeAsync();

    private string Config => $"""
        global:
          resolve_timeout: 1h
        route:
          receiver: hook
          group_by: [alertname]
        receivers:
          - name: hook
            webhook_configs:
              - url: {_hook.Url("/hook")}
        """;

    [Fact]
    public async Task ServiceUnavailableIsRetriedUntilDelivered()
    {
        _hook.Behaviour = attempt => (attempt <= 2 ? 503 : 200, TimeSpan.Zero);
        using var h = ManagerHarness.Create(Config);
        h.Fire("alertname", "Down", "instance", "a");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(3, _hook.Attempts);
        Assert.Single(_hook.Delivered);
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Single(_hook.Delivered);
        h.DeleteData();
    }

    [Fact]
    public async Task SlowAnswerTimesOutAndIsRetried()
    {
        _hook.Behaviour = attempt => (200, attempt == 1 ? TimeSpan.FromSeconds(30) : TimeSpan.Zero);
        using var h = ManagerHarness.Create(Config, retry: new() { MaxAttempts = 3, InitialBackoff = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromMilliseconds(300) });
        h.Fire("alertname", "Down", "instance", "a");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, _hook.Attempts);
        Assert.Single(_hook.Delivered);
        h.DeleteData();
    }

    [Fact]
    public async Task ExhaustedRetriesAreTriedAgainAtTheNextIntervalNotLost()
    {
        _hook.Behaviour = attempt => (attempt <= 4 ? 503 : 200, TimeSpan.Zero);
        using var h = ManagerHarness.Create(Config, retry: new() { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(10) });
        h.Fire("alertname", "Down", "instance", "a");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(_hook.Delivered);
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Empty(_hook.Delivered);
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Single(_hook.Delivered);
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Single(_hook.Delivered);
        h.DeleteData();
    }

    [Fact]
    public async Task FailuresAreCountedInMetrics()
    {
        _hook.Behaviour = attempt => (attempt <= 3 ? 503 : 200, TimeSpan.Zero);
        using var h = ManagerHarness.Create(Config, retry: new() { MaxAttempts = 2, InitialBackoff = TimeSpan.FromMilliseconds(10) });
        var totals = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this harness's meter: other tests running in parallel have their own instances.
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
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));    // attempts 1, 2: both 503, the notification fails
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));     // attempts 3 (503), 4 (delivered)
        Assert.Single(_hook.Delivered);
        Assert.Equal(2, totals.GetValueOrDefault("alertmanager_notifications_total{webhook}"));
        Assert.Equal(1, totals.GetValueOrDefault("alertmanager_notifications_failed_total{webhook}"));
        Assert.Equal(4, totals.GetValueOrDefault("alertmanager_notification_requests_total{webhook}"));
        Assert.Equal(3, totals.GetValueOrDefault("alertmanager_notification_requests_failed_total{webhook}"));
        Assert.Equal(1, totals.GetValueOrDefault("alertmanager_alerts_received_total{}"));
        h.DeleteData();
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        _hook.Behaviour = _ => (400, TimeSpan.Zero);
        using var h = ManagerHarness.Create(Config);
        h.Fire("alertname", "Down", "instance", "a");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, _hook.Attempts);
        h.DeleteData();
    }
}

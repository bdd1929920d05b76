using System.Text.Json;

namespace Metrics.Alerting.Tests.Manager.Dispatch;

/// <summary>Grouping timers, dedup, resolved notifications, muting and restarts, on a manual clock with a real HTTP receiver.</summary>
public sealed class DispatcherTests : IAsyncLifetime
{
    private ReceiverServer _hook = null!;

    public async Task InitializeAsync() => _hook = await ReceiverServer.StartAsync();

    public async Task DisposeAsync() => await _hook.DisposeAsync();

    // Rules re-send firing alerts long before resolve_timeout; 1h keeps these tests about timers, not timeouts.
    private string Config(string extra = "", string sendResolved = "true") => $"""
        global:
          resolve_timeout: 1h
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 30s
          group_interval: 5m
          repeat_interval: 4h
        receivers:
          - name: hook
            webhook_configs:
              - url: {_hook.Url("/hook")}
                send_resolved: {sendResolved}
        {extra}
        """;

    private static List<string> AlertNames(ReceivedRequest r)
        => r.Json.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("instance").GetString()!).ToList();

    [Fact]
    public async Task GroupWaitThenGroupIntervalThenRepeatInterval()
    {
        using var h = ManagerHarness.Create(Config());
        h.Fire("alertname", "Down", "instance", "a");
        await h.AdvanceAsync(TimeSpan.Zero);
        Assert.Empty(_hook.Delivered);                              // waits group_wait first

        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Single(_hook.Delivered);
        Assert.Equal(["a"], AlertNames(_hook.Delivered.Last()));

        h.Fire("alertname", "Down", "instance", "b");
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Single(_hook.Delivered);                             // a new alert waits for group_interval
        await h.AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.Equal(2, _hook.Delivered.Count);
        Assert.Equal(["a", "b"], AlertNames(_hook.Delivered.Last()));

        // Nothing changed: no notification at the next intervals, until repeat_interval has passed.
        for (int i = 0; i < 10; i++)
        {
            h.Fire("alertname", "Down", "instance", "a");           // a rule keeps re-sending its alerts
            h.Fire("alertname", "Down", "instance", "b");
            await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        }
        Assert.Equal(2, _hook.Delivered.Count);
        for (int i = 0; i < 40 && _hook.Delivered.Count == 2; i++)
        {
            h.Fire("alertname", "Down", "instance", "a");
            h.Fire("alertname", "Down", "instance", "b");
            await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        }
        Assert.Equal(3, _hook.Delivered.Count);
        Assert.True(h.Clock.GetUtcNow() - ManagerHarness.Start >= TimeSpan.FromHours(4));
        h.DeleteData();
    }

    [Fact]
    public async Task WebhookPayloadHasAlertmanagersShape()
    {
        using var h = ManagerHarness.Create(Config());
        h.Fire("alertname", "Down", "instance", "a", "job", "api");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        ReceivedRequest r = Assert.Single(_hook.Delivered);
        Assert.Equal("POST", r.Method);
        Assert.StartsWith("application/json", r.Headers["Content-Type"]);
        JsonElement j = r.Json;
        Assert.Equal(["receiver", "status", "alerts", "groupLabels", "commonLabels", "commonAnnotations", "externalURL", "version", "groupKey", "truncatedAlerts"],
            j.EnumerateObject().Select(p => p.Name));
        Assert.Equal("hook", j.GetProperty("receiver").GetString());
        Assert.Equal("firing", j.GetProperty("status").GetString());
        Assert.Equal("4", j.GetProperty("version").GetString());
        Assert.Equal("{}:{alertname=\"Down\"}", j.GetProperty("groupKey").GetString());
        Assert.Equal(0, j.GetProperty("truncatedAlerts").GetInt32());
        Assert.Equal("http://am.example:9093", j.GetProperty("externalURL").GetString());
        Assert.Equal("""{"alertname":"Down"}""", j.GetProperty("groupLabels").GetRawText());
        Assert.Equal("""{"alertname":"Down","instance":"a","job":"api"}""", j.GetProperty("commonLabels").GetRawText());
        Assert.Equal("""{"summary":"something broke"}""", j.GetProperty("commonAnnotations").GetRawText());
        JsonElement alert = j.GetProperty("alerts")[0];
        Assert.Equal(["status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"], alert.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-03-01T12:00:00Z", alert.GetProperty("startsAt").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", alert.GetProperty("endsAt").GetString());   // firing alerts hide their timeout
        Assert.Equal("http://prom.example/graph", alert.GetProperty("generatorURL").GetString());
        Assert.Matches("^[0-9a-f]{16}$", alert.GetProperty("fingerprint").GetString());
        h.DeleteData();
    }

    [Fact]
    public async Task MaxAlertsTruncatesAndCounts()
    {
        using var h = ManagerHarness.Create(Config().Replace("send_resolved: true", "send_resolved: true\n        max_alerts: 2", StringComparison.Ordinal));
        foreach (string i in new[] { "a", "b", "c", "d", "e" }) h.Fire("alertname", "Down", "instance", i);
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        JsonElement j = Assert.Single(_hook.Delivered).Json;
        Assert.Equal(2, j.GetProperty("alerts").GetArrayLength());
        Assert.Equal(3, j.GetProperty("truncatedAlerts").GetInt32());
        h.DeleteData();
    }

    [Fact]
    public async Task ResolvedAlertsAreSentWhenSendResolved()
    {
        using var h = ManagerHarness.Create(Config());
        h.Fire("alertname", "Down", "instance", "a");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        h.Post(h.Clock.GetUtcNow(), "alertname", "Down", "instance", "a");   // the rule says it is over
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(2, _hook.Delivered.Count);
        JsonElement j = _hook.Delivered.Last().Json;
        Assert.Equal("resolved", j.GetProperty("status").GetString());
        Assert.Equal("resolved", j.GetProperty("alerts")[0].GetProperty("status").GetString());
        // The group is gone once the resolution was delivered: nothing more is sent.
        await h.AdvanceAsync(TimeSpan.FromHours(5));
        Assert.Equal(2, _hook.Delivered.Count);
        Assert.Empty(h.Manager.Dispatcher.Groups());
        h.DeleteData();
    }

    [Fact]
    public async Task ResolveTimeoutEndsAlertsThatStopBeingSent()
    {
        using var h = ManagerHarness.Create(Config().Replace("resolve_timeout: 1h", "resolve_timeout: 10m", StringComparison.Ordinal));
        h.Fire("alertname", "Down", "instance", "a");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        for (int i = 0; i < 3; i++) await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(2, _hook.Delivered.Count);
        Assert.Equal("resolved", _hook.Delivered.Last().Json.GetProperty("status").GetString());
        h.DeleteData();
    }

    [Fact]
    public async Task ResolvedAlertsAreNotSentWithoutSendResolved()
    {
        using var h = ManagerHarness.Create(Config(sendResolved: "false"));
        h.Fire("alertname", "Down", "instance", "a");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        h.Post(h.Clock.GetUtcNow(), "alertname", "Down", "instance", "a");
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Single(_hook.Delivered);
        h.DeleteData();
    }

    [Fact]
    public async Task SilencedAlertsAreNotSent()
    {
        using var h = ManagerHarness.Create(Config());
        h.Manager.Silences.Set(new Metrics.Alerting.Manager.Silences.Silence
        {
            Matchers = [Metrics.Store.Labels.LabelMatcher.Equal("instance", "b")],
            StartsAt = h.Clock.GetUtcNow(),
            EndsAt = h.Clock.GetUtcNow().AddHours(1),
            CreatedBy = "test",
            Comment = "maintenance",
        });
        h.Fire("alertname", "Down", "instance", "a");
        h.Fire("alertname", "Down", "instance", "b");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["a"], AlertNames(Assert.Single(_hook.Delivered)));
        h.DeleteData();
    }

    [Fact]
    public async Task InhibitedAlertsAreNotSent()
    {
        string inhibit = """
            inhibit_rules:
              - source_matchers: [severity=critical]
                target_matchers: [severity=warning]
                equal: [cluster]
            """;
        using var h = ManagerHarness.Create(Config(inhibit).Replace("group_by: [alertname]", "group_by: ['...']", StringComparison.Ordinal));
        h.Fire("alertname", "DiskFull", "instance", "src", "severity", "critical", "cluster", "eu");
        h.Fire("alertname", "DiskSlow", "instance", "muted", "severity", "warning", "cluster", "eu");
        h.Fire("alertname", "DiskSlow", "instance", "other-cluster", "severity", "warning", "cluster", "us");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        var sent = _hook.Delivered.SelectMany(AlertNames).Order().ToList();
        Assert.Equal(["other-cluster", "src"], sent);
        h.DeleteData();
    }

    [Fact]
    public async Task RestartMidGroupDoesNotSendAgain()
    {
        string dir;
        var clock = new Metrics.Tests.Shared.ManualClock(ManagerHarness.Start);
        using (var first = ManagerHarness.Create(Config(), clock: clock))
        {
            dir = first.DataDir;
            first.Fire("alertname", "Down", "instance", "a");
            await first.AdvanceAsync(TimeSpan.FromSeconds(30));
            Assert.Single(_hook.Delivered);
        }
        using var second = ManagerHarness.Create(Config(), dataDir: dir, clock: clock);
        clock.Advance(TimeSpan.FromMinutes(1));
        second.Fire("alertname", "Down", "instance", "a");          // the rules re-send after the restart
        await second.AdvanceAsync(TimeSpan.FromSeconds(30));
        await second.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Single(_hook.Delivered);
        second.Fire("alertname", "Down", "instance", "b");          // a real change still goes out
        await second.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(2, _hook.Delivered.Count);
        second.DeleteData();
    }

    [Fact]
    public async Task MuteTimeIntervalsHoldNotificationsUntilTheyEnd()
    {
        // 2026-03-01 is a Sunday: the weekend mute holds the page until Monday.
        string yaml = Config("""
            mute_time_intervals:
              - name: weekends
                time_intervals:
                  - weekdays: [saturday, sunday]
            """).Replace("  repeat_interval: 4h", "  repeat_interval: 4h\n  routes:\n    - matchers: [alertname=Down]\n      mute_time_intervals: [weekends]", StringComparison.Ordinal)
            .Replace("resolve_timeout: 1h", "resolve_timeout: 24h", StringComparison.Ordinal);
        using var h = ManagerHarness.Create(yaml);
        h.Fire("alertname", "Down", "instance", "a");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        await h.AdvanceAsync(TimeSpan.FromHours(5));
        Assert.Empty(_hook.Delivered);
        for (int i = 0; i < 200 && _hook.Delivered.IsEmpty; i++) await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Single(_hook.Delivered);
        Assert.Equal(DayOfWeek.Monday, h.Clock.GetUtcNow().DayOfWeek);
        Assert.True(h.Clock.GetUtcNow().TimeOfDay < TimeSpan.FromMinutes(5));
        h.DeleteData();
    }
}

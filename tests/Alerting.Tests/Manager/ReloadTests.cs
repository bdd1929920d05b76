using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Silences;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Tests.Manager;

/// <summary>
/// <see cref="Metrics.Alerting.Manager.AlertManager.ApplyConfig"/> as Alertmanager reloads: the new route tree decides where the
/// next notification goes; alerts, silences and the notification log survive; groups are rebuilt and wait
/// group_wait again, and a group already notified is not notified again for the same alerts.
/// </summary>
public sealed class ReloadTests : IAsyncLifetime
{
    private ReceiverServer _a = null!;
    private ReceiverServer _b = null!;

    public async Task InitializeAsync()
    {
        _a = await ReceiverServer.StartAsync();
        _b = await ReceiverServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private string Config(string routeReceiver) => $"""
        global:
          resolve_timeout: 1h
        route:
          receiver: {routeReceiver}
          group_by: [alertname]
          group_wait: 30s
          group_interval: 5m
          repeat_interval: 4h
        receivers:
          - name: a
            webhook_configs:
              - url: {_a.Url("/hook")}
          - name: b
            webhook_configs:
              - url: {_b.Url("/hook")}
        """;

    private static AlertmanagerConfig Parse(string yaml) => AlertmanagerConfig.Parse(yaml, "alertmanager.yml");

    [Fact]
    public async Task A_changed_receiver_gets_the_next_notification_and_the_old_one_nothing_more()
    {
        using var h = ManagerHarness.Create(Config("a"));
        h.Fire("alertname", "Down", "instance", "1");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Single(_a.Delivered);

        h.Manager.ApplyConfig(Parse(Config("b")));
        Assert.Equal("b", h.Manager.Config.Route.Receiver);
        await h.AdvanceAsync(TimeSpan.Zero);
        Assert.Empty(_b.Delivered);                           // the rebuilt group waits group_wait again, as in Alertmanager
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("1", Assert.Single(_b.Delivered).Json.GetProperty("alerts")[0].GetProperty("labels").GetProperty("instance").GetString());
        await h.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Single(_a.Delivered);
        h.DeleteData();
    }

    [Fact]
    public async Task A_group_already_notified_is_not_notified_again_after_a_reload()
    {
        using var h = ManagerHarness.Create(Config("a"));
        h.Fire("alertname", "Down", "instance", "1");
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        Assert.Single(_a.Delivered);

        // Same route and receiver, other settings changed (a reload that only touches something else).
        h.Manager.ApplyConfig(Parse(Config("a").Replace("resolve_timeout: 1h", "resolve_timeout: 2h", StringComparison.Ordinal)));
        for (int i = 0; i < 6; i++)
        {
            h.Fire("alertname", "Down", "instance", "1");     // a rule keeps re-sending its alert
            await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        }
        Assert.Single(_a.Delivered);                          // the notification log remembers the group was notified

        // A new alert in the same group is news: it is sent, to the same receiver.
        h.Fire("alertname", "Down", "instance", "2");
        await h.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(2, _a.Delivered.Count);
        Assert.Empty(_b.Delivered);
        h.DeleteData();
    }

    [Fact]
    public async Task Silences_and_alerts_survive_a_reload()
    {
        using var h = ManagerHarness.Create(Config("a"));
        string id = h.Manager.Silences.Set(new Silence
        {
            Matchers = [LabelMatcher.Equal("instance", "quiet")],
            StartsAt = h.Clock.GetUtcNow(),
            EndsAt = h.Clock.GetUtcNow().AddHours(1),
            CreatedBy = "test",
            Comment = "maintenance",
        });
        h.Fire("alertname", "Down", "instance", "quiet");
        h.Fire("alertname", "Down", "instance", "loud");

        h.Manager.ApplyConfig(Parse(Config("b")));
        Assert.NotNull(h.Manager.Silences.Get(id));
        Assert.Equal(2, h.Manager.Alerts.All().Count);
        await h.AdvanceAsync(TimeSpan.FromSeconds(30));
        var alerts = Assert.Single(_b.Delivered).Json.GetProperty("alerts").EnumerateArray()
            .Select(a => a.GetProperty("labels").GetProperty("instance").GetString()).ToList();
        Assert.Equal(["loud"], alerts);                       // still silenced after the reload
        Assert.Empty(_a.Delivered);
        h.DeleteData();
    }

    [Fact]
    public async Task The_dispatcher_runner_switches_to_the_new_dispatcher()
    {
        using var h = ManagerHarness.Create(Config("a"));
        using var stop = new CancellationTokenSource();
        Task runner = h.Manager.RunDispatcherAsync(stop.Token);
        var first = h.Manager.Dispatcher;
        h.Manager.ApplyConfig(Parse(Config("b")));
        Assert.NotSame(first, h.Manager.Dispatcher);
        h.Fire("alertname", "Down", "instance", "1");
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        // The runner (not the test) flushes: poll with a bounded deadline for the real HTTP delivery.
        for (int i = 0; i < 200 && _b.Delivered.IsEmpty; i++) await Task.Delay(50);
        Assert.Single(_b.Delivered);
        await stop.CancelAsync();
        await runner.WaitAsync(TimeSpan.FromSeconds(10));
        h.DeleteData();
    }

    [Fact]
    public void A_config_whose_receiver_cannot_be_built_changes_nothing()
    {
        using var h = ManagerHarness.Create(Config("a"));
        var dispatcher = h.Manager.Dispatcher;
        string broken = Config("b").Replace($"url: {_b.Url("/hook")}", $"url: {_b.Url("/hook")}\n        http_config:\n          basic_auth:\n            username: u\n            password_file: {Path.Combine(h.DataDir, "missing")}", StringComparison.Ordinal);
        Assert.ThrowsAny<IOException>(() => h.Manager.ApplyConfig(Parse(broken)));
        Assert.Equal("a", h.Manager.Config.Route.Receiver);
        Assert.Same(dispatcher, h.Manager.Dispatcher);
        h.DeleteData();
    }
}

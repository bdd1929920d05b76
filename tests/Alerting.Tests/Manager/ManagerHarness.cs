using Metrics.Alerting.Manager;
using Metrics.Alerting.Manager.Alerts;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Alerting.Manager.Receivers;
using Metrics.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Alerting.Tests.Manager;

/// <summary>An alert manager on a manual clock with a temporary data directory, for engine tests.</summary>
internal sealed class ManagerHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private ManagerHarness(AlertManager manager, ManualClock clock, string dataDir, AlertManagerMetrics metrics)
    {
        Metrics = metrics;
        Manager = manager;
        Clock = clock;
        DataDir = dataDir;
    }

    public AlertManager Manager { get; }
    public AlertManagerMetrics Metrics { get; }
    public ManualClock Clock { get; }
    public string DataDir { get; }

    public static ManagerHarness Create(string yaml, string? dataDir = null, ManualClock? clock = null, RetryPolicy? retry = null)
    {
        clock ??= new ManualClock(Start);
        dataDir ??= Directory.CreateTempSubdirectory("am-data-").FullName;
        AlertmanagerConfig config = AlertmanagerConfig.Parse(yaml, "alertmanager.yml");
        var metrics = new AlertManagerMetrics();
        var manager = new AlertManager(config, new AlertManagerOptions
        {
            DataDirectory = dataDir,
            ExternalUrl = "http://am.example:9093",
            Retry = retry ?? new RetryPolicy { MaxAttempts = 4, InitialBackoff = TimeSpan.FromMilliseconds(10), AttemptTimeout = TimeSpan.FromSeconds(5) },
        }, clock, metrics, NullLoggerFactory.Instance);
        return new ManagerHarness(manager, clock, dataDir, metrics);
    }

    /// <summary>Posts one alert whose labels are given as name/value pairs.</summary>
    public void Fire(params string[] labels) => Post(null, labels);

    /// <summary>Posts one alert that ends at <paramref name="endsAt"/>.</summary>
    public void Post(DateTimeOffset? endsAt, params string[] labels)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        for (int i = 0; i < labels.Length; i += 2) pairs.Add(new(labels[i], labels[i + 1]));
        List<string> errors = Manager.Receive([new PostedAlert
        {
            Labels = pairs,
            Annotations = [new("summary", "something broke")],
            StartsAt = Start,
            EndsAt = endsAt,
            GeneratorUrl = "http://prom.example/graph",
        }]);
        Assert.Empty(errors);
    }

    /// <summary>Moves the clock and runs every flush that is due.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Manager.Dispatcher.FlushDueAsync();
    }

    public void Dispose()
    {
        Manager.Dispose();
        Metrics.Dispose();
    }

    public void DeleteData() => Directory.Delete(DataDir, recursive: true);
}

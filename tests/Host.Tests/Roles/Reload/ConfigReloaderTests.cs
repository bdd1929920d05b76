using Metrics.Host.Roles.Reload;
using Metrics.Store.Configuration;
using Metrics.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metrics.Host.Tests.Roles.Reload;

public sealed class ConfigReloaderTests
{
    [Fact]
    public async Task Triggers_are_serialized_and_a_failure_is_reported_without_moving_the_success_time()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        int running = 0, most = 0, calls = 0;
        bool fail = false;
        using var reloader = new ConfigReloader(() =>
        {
            int now = Interlocked.Increment(ref running);
            most = Math.Max(most, now);
            Thread.Sleep(20);
            Interlocked.Increment(ref calls);
            Interlocked.Decrement(ref running);
            if (fail) throw new ConfigException("m.yml", 3, 5, "scrape_configs[0].scrape_interval", "invalid duration \"x\"");
        }, clock, NullLogger.Instance);
        DateTimeOffset started = reloader.LastSuccessTime;

        clock.Advance(TimeSpan.FromMinutes(1));
        string?[] results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => reloader.ReloadAsync()));
        Assert.All(results, Assert.Null);
        Assert.Equal(5, calls);
        Assert.Equal(1, most);                                 // never two reloads at once
        Assert.True(reloader.LastSuccessful);
        Assert.Equal(started + TimeSpan.FromMinutes(1), reloader.LastSuccessTime);

        fail = true;
        clock.Advance(TimeSpan.FromMinutes(1));
        string? error = await reloader.ReloadAsync();
        Assert.NotNull(error);
        Assert.Contains("m.yml:3:5", error, StringComparison.Ordinal);
        Assert.False(reloader.LastSuccessful);
        Assert.Equal(started + TimeSpan.FromMinutes(1), reloader.LastSuccessTime);
    }
}

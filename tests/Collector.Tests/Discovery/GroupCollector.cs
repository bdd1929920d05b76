using Metrics.Collector.Discovery;

namespace Metrics.Collector.Tests.Discovery;

/// <summary>A sink that keeps the latest group per source, as the discovery manager does, for assertions.</summary>
internal sealed class GroupCollector
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TargetGroup> _groups = new(StringComparer.Ordinal);

    public void Sink(IReadOnlyList<TargetGroup> changed)
    {
        lock (_gate)
        {
            foreach (TargetGroup g in changed)
            {
                if (g.Targets.Count == 0) _groups.Remove(g.Source);
                else _groups[g.Source] = g;
            }
        }
    }

    public TargetGroup? Get(string source)
    {
        lock (_gate) return _groups.GetValueOrDefault(source);
    }

    public List<string> Sources
    {
        get { lock (_gate) return [.. _groups.Keys.Order(StringComparer.Ordinal)]; }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> after a generous deadline.</summary>
    public static async Task Eventually(Func<bool> condition, string what, double seconds = 15)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("timed out waiting for: " + what);
            await Task.Delay(20);
        }
    }
}

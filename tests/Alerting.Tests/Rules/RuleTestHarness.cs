using Metrics.Alerting.Rules;
using Metrics.Query.Engine;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Memory;
using Metrics.Store.Samples;
using Metrics.Tests.Shared;

namespace Metrics.Alerting.Tests.Rules;

/// <summary>A real query engine over an in-memory store, a manual clock, and a recording notifier, for driving rule groups step by step.</summary>
internal sealed class RuleTestHarness
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public MemoryStorage Storage { get; } = new();
    public ManualClock Clock { get; } = new(Start);
    public List<(string Expr, Alert Alert)> Sent { get; } = [];

    public RuleGroupOptions Options(TimeSpan? resendDelay = null) => new()
    {
        Engine = new QueryEngine(Storage, new EngineOptions()),
        Appendable = Storage,
        Queryable = Storage,
        Clock = Clock,
        ExternalLabels = LabelSet.FromPairs("cluster", "eu1"),
        ExternalUrl = "http://prom.example:9090",
        ResendDelay = resendDelay ?? TimeSpan.FromMinutes(1),
        Notify = (expr, alerts) => { foreach (Alert a in alerts) Sent.Add((expr, a)); },
    };

    public RuleGroup Group(string yaml, bool restore = false, RuleGroupOptions? options = null)
    {
        RuleFile file = RuleFileParser.Parse(yaml, "rules.yml");
        Assert.True(file.IsValid, string.Join("\n", file.Errors.Select(e => e.Message)));
        return new RuleGroup(Assert.Single(file.Groups), TimeSpan.FromMinutes(1), options ?? Options(), restore);
    }

    public void Write(DateTimeOffset at, params (string Series, double Value)[] samples)
    {
        IAppender app = Storage.CreateAppender();
        foreach (var (series, value) in samples) app.Append(Parse(series), at.ToUnixTimeMilliseconds(), value);
        app.Commit();
    }

    /// <summary>Every stored sample of the series named <paramref name="metric"/>, by series text.</summary>
    public Dictionary<string, List<(DateTimeOffset At, double Value)>> Read(string metric)
    {
        using ISeriesQuerier q = Storage.Querier(long.MinValue / 4, long.MaxValue / 4);
        var result = new Dictionary<string, List<(DateTimeOffset, double)>>();
        foreach (ISeries s in q.Select([LabelMatcher.Equal(LabelNames.MetricName, metric)]))
        {
            var points = new List<(DateTimeOffset, double)>();
            ISampleIterator it = s.Iterator();
            while (it.MoveNext()) points.Add((DateTimeOffset.FromUnixTimeMilliseconds(it.At().TimestampMs), it.At().Value));
            result[s.Labels.ToString()] = points;
        }
        return result;
    }

    public static bool IsStale(double v) => StaleMarker.IsStale(v);

    private static LabelSet Parse(string series)
    {
        // name{a="b",c="d"}
        int brace = series.IndexOf('{', StringComparison.Ordinal);
        var pairs = new List<string> { LabelNames.MetricName, brace < 0 ? series : series[..brace] };
        if (brace >= 0)
            foreach (string part in series[(brace + 1)..^1].Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] kv = part.Split('=', 2);
                pairs.Add(kv[0].Trim());
                pairs.Add(kv[1].Trim().Trim('"'));
            }
        return LabelSet.FromPairs([.. pairs]);
    }
}

using Metrics.Store.Labels;

namespace Metrics.Store.Configuration;

/// <summary>Prometheus's <c>global</c> section: defaults that every scrape job and rule group inherits.</summary>
public sealed class GlobalConfig
{
    public static readonly GlobalConfig Default = new();

    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan ScrapeTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan EvaluationInterval { get; init; } = TimeSpan.FromMinutes(1);
    public LabelSet ExternalLabels { get; init; } = LabelSet.Empty;

    public static GlobalConfig Parse(YamlSection? section)
    {
        if (section is null) return Default;
        section.AllowOnly("scrape_interval", "scrape_timeout", "evaluation_interval", "external_labels");
        TimeSpan interval = Positive(section, "scrape_interval") ?? Default.ScrapeInterval;
        TimeSpan timeout = Positive(section, "scrape_timeout") ?? Default.ScrapeTimeout;
        if (timeout > interval)
        {
            // Prometheus: an unset timeout follows a short interval; an explicit one must fit it.
            if (section.Has("scrape_timeout"))
                throw section.Error("scrape_timeout", "global scrape timeout greater than scrape interval");
            timeout = interval;
        }
        return new GlobalConfig
        {
            ScrapeInterval = interval,
            ScrapeTimeout = timeout,
            EvaluationInterval = Positive(section, "evaluation_interval") ?? Default.EvaluationInterval,
            ExternalLabels = ParseLabels(section, "external_labels"),
        };
    }

    /// <summary>A duration field that must be above zero when present.</summary>
    public static TimeSpan? Positive(YamlSection section, string key)
    {
        TimeSpan? d = section.GetDuration(key);
        if (d is { } value && value <= TimeSpan.Zero) throw section.Error(key, "must be greater than 0s");
        return d;
    }

    /// <summary>A mapping of label names to values, each name validated.</summary>
    public static LabelSet ParseLabels(YamlSection section, string key)
    {
        var pairs = section.GetStringMap(key);
        if (pairs.Count == 0) return LabelSet.Empty;
        var labels = new Label[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            if (!LabelNames.IsValidLabelName(pairs[i].Key))
                throw section.Error(key, $"invalid label name \"{pairs[i].Key}\"");
            labels[i] = new Label(pairs[i].Key, pairs[i].Value);
        }
        return LabelSet.From(labels);
    }
}

using Metrics.Store.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>One node of the <c>route</c> tree as written; inheritance is resolved later by the routing tree.</summary>
public sealed class RouteConfig
{
    public string? Receiver { get; init; }

    /// <summary>Labels to group by; null when not set here (inherited from the parent).</summary>
    public IReadOnlyList<string>? GroupBy { get; init; }

    /// <summary>True for <c>group_by: ['...']</c>: every label groups.</summary>
    public bool GroupByAll { get; init; }
    public TimeSpan? GroupWait { get; init; }
    public TimeSpan? GroupInterval { get; init; }
    public TimeSpan? RepeatInterval { get; init; }

    /// <summary>All matchers of <c>match</c>, <c>match_re</c> and <c>matchers</c>, sorted.</summary>
    public IReadOnlyList<LabelMatcher> Matchers { get; init; } = [];
    public bool Continue { get; init; }
    public IReadOnlyList<string> MuteTimeIntervals { get; init; } = [];
    public IReadOnlyList<string> ActiveTimeIntervals { get; init; } = [];
    public IReadOnlyList<RouteConfig> Routes { get; init; } = [];

    /// <summary>Where this node was written, for errors found after parsing (undefined receivers).</summary>
    internal YamlSection? Section { get; init; }

    public static RouteConfig Parse(YamlSection section)
    {
        section.AllowOnly("receiver", "group_by", "match", "match_re", "matchers", "continue", "routes", "group_wait",
            "group_interval", "repeat_interval", "mute_time_intervals", "active_time_intervals");
        var matchers = MatcherFields.ParseEqualMap(section, "match");
        matchers.AddRange(MatcherFields.ParseRegexMap(section, "match_re"));
        matchers.AddRange(MatcherFields.ParseMatchers(section, "matchers"));
        MatcherFields.Sort(matchers);

        List<string>? groupBy = null;
        bool groupByAll = false;
        if (section.Has("group_by"))
        {
            groupBy = [];
            foreach (string name in section.GetStringList("group_by"))
            {
                if (name == "...")
                {
                    groupByAll = true;
                    continue;
                }
                if (!LabelNames.IsValidLabelName(name)) throw section.Error("group_by", $"invalid label name \"{name}\" in group_by list");
                if (groupBy.Contains(name)) throw section.Error("group_by", $"duplicated label \"{name}\" in group_by");
                groupBy.Add(name);
            }
            if (groupByAll && groupBy.Count > 0)
                throw section.Error("group_by", "cannot have wildcard group_by (`...`) and other other labels at the same time");
            if (groupByAll || groupBy.Count == 0) groupBy = groupByAll ? [] : null;
        }
        TimeSpan? groupInterval = section.GetDuration("group_interval");
        if (groupInterval == TimeSpan.Zero) throw section.Error("group_interval", "group_interval cannot be zero");
        TimeSpan? repeatInterval = section.GetDuration("repeat_interval");
        if (repeatInterval == TimeSpan.Zero) throw section.Error("repeat_interval", "repeat_interval cannot be zero");

        var children = new List<RouteConfig>();
        foreach (YamlSection child in section.GetSectionList("routes")) children.Add(Parse(child));
        return new RouteConfig
        {
            Receiver = section.GetString("receiver") is { Length: > 0 } r ? r : null,
            GroupBy = groupBy,
            GroupByAll = groupByAll,
            GroupWait = section.GetDuration("group_wait"),
            GroupInterval = groupInterval,
            RepeatInterval = repeatInterval,
            Matchers = matchers,
            Continue = section.GetBool("continue") ?? false,
            MuteTimeIntervals = section.GetStringList("mute_time_intervals"),
            ActiveTimeIntervals = section.GetStringList("active_time_intervals"),
            Routes = children,
            Section = section,
        };
    }
}

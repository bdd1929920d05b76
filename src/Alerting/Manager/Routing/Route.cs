using System.Text;
using Metrics.Alerting.Manager.Configuration;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Routing;

/// <summary>
/// A node of the routing tree with its inherited options. An alert descends into the first child that
/// matches (and further siblings only while the matched child says <c>continue</c>); a node none of whose
/// children take the alert takes it itself.
/// </summary>
public sealed class Route
{
    private Route(Route? parent, RouteOptions options, IReadOnlyList<LabelMatcher> matchers, bool @continue)
    {
        Parent = parent;
        Options = options;
        Matchers = matchers;
        Continue = @continue;
        Key = (parent is null ? "" : parent.Key + "/") + "{" + string.Join(",", matchers.Select(MatcherParser.Format)) + "}";
    }

    public Route? Parent { get; }
    public RouteOptions Options { get; }
    public IReadOnlyList<LabelMatcher> Matchers { get; }
    public bool Continue { get; }
    public IReadOnlyList<Route> Routes { get; private set; } = [];

    /// <summary>The path of matchers from the root, Alertmanager's route key: <c>{}/{team="a"}</c>.</summary>
    public string Key { get; }

    /// <summary>Builds the tree; the root never continues, whatever the file says.</summary>
    public static Route Build(RouteConfig root) => Build(root, null);

    private static Route Build(RouteConfig config, Route? parent)
    {
        RouteOptions inherited = parent?.Options ?? RouteOptions.Defaults;
        RouteOptions options = inherited with
        {
            Receiver = config.Receiver ?? inherited.Receiver,
            GroupBy = config.GroupBy is { } g && !config.GroupByAll ? [.. g.Order(StringComparer.Ordinal)] : inherited.GroupBy,
            GroupByAll = config.GroupByAll || (config.GroupBy is null && inherited.GroupByAll),
            GroupWait = config.GroupWait ?? inherited.GroupWait,
            GroupInterval = config.GroupInterval ?? inherited.GroupInterval,
            RepeatInterval = config.RepeatInterval ?? inherited.RepeatInterval,
            // Time intervals apply to the route that names them only.
            MuteTimeIntervals = config.MuteTimeIntervals,
            ActiveTimeIntervals = config.ActiveTimeIntervals,
        };
        var route = new Route(parent, options, config.Matchers, parent is not null && config.Continue);
        route.Routes = config.Routes.Select(c => Build(c, route)).ToList();
        return route;
    }

    /// <summary>The routes that take an alert with these labels, in tree order.</summary>
    public List<Route> Match(LabelSet labels)
    {
        var result = new List<Route>();
        MatchInto(labels, result);
        return result;
    }

    /// <summary>Like <see cref="Match(LabelSet)"/>, appending to a list the caller reuses.</summary>
    public void Match(LabelSet labels, List<Route> into) => MatchInto(labels, into);

    private bool MatchInto(LabelSet labels, List<Route> result)
    {
        foreach (LabelMatcher m in Matchers)
            if (!m.Matches(labels)) return false;
        int before = result.Count;
        foreach (Route child in Routes)
        {
            if (child.MatchInto(labels, result) && !child.Continue) break;
        }
        if (result.Count == before) result.Add(this);
        return true;
    }

    /// <summary>The labels an alert is grouped by on this route.</summary>
    public LabelSet GroupLabels(LabelSet labels)
    {
        if (Options.GroupByAll) return labels;
        // Runs for every received alert: a small array instead of a LabelSetBuilder (whose lookups allocate closures).
        IReadOnlyList<string> groupBy = Options.GroupBy;
        var picked = new Label[groupBy.Count];
        int n = 0;
        for (int i = 0; i < groupBy.Count; i++)
        {
            string name = groupBy[i];
            string value = labels.Get(name);
            if (value.Length == 0) continue;
            bool seen = false;
            for (int j = 0; j < n && !seen; j++) seen = string.Equals(picked[j].Name, name, StringComparison.Ordinal);
            if (!seen) picked[n++] = new Label(name, value);
        }
        return LabelSet.From(picked.AsSpan(0, n));
    }

    /// <summary>
    /// A hash of <see cref="GroupLabels"/> computed without building them. An alert's labels and its group's
    /// labels hash alike, since only the group_by labels are read.
    /// </summary>
    public ulong GroupHash(LabelSet labels)
    {
        if (Options.GroupByAll) return labels.StableHash;
        IReadOnlyList<string> groupBy = Options.GroupBy;
        ulong hash = 14695981039346656037UL;
        // The config refuses repeated group_by names, so each name counts once.
        for (int i = 0; i < groupBy.Count; i++)
        {
            string value = labels.Get(groupBy[i]);
            if (value.Length == 0) continue;
            hash = (hash ^ (uint)i) * 1099511628211UL;
            hash = (hash ^ (uint)string.GetHashCode(value, StringComparison.Ordinal)) * 1099511628211UL;
        }
        return hash;
    }

    /// <summary>Whether <paramref name="groupLabels"/> are what <see cref="GroupLabels"/> gives for <paramref name="alertLabels"/>.</summary>
    public bool GroupLabelsMatch(LabelSet alertLabels, LabelSet groupLabels)
    {
        if (Options.GroupByAll) return alertLabels.Equals(groupLabels);
        IReadOnlyList<string> groupBy = Options.GroupBy;
        int picked = 0;
        for (int i = 0; i < groupBy.Count; i++)
        {
            string value = alertLabels.Get(groupBy[i]);
            if (value.Length == 0) continue;
            if (!string.Equals(groupLabels.Get(groupBy[i]), value, StringComparison.Ordinal)) return false;
            picked++;
        }
        return picked == groupLabels.Count;
    }

    /// <summary>Every route of the tree, depth first.</summary>
    public IEnumerable<Route> Walk()
    {
        yield return this;
        foreach (Route child in Routes)
            foreach (Route r in child.Walk()) yield return r;
    }

    public override string ToString()
    {
        var b = new StringBuilder(Key);
        b.Append(" -> ").Append(Options.Receiver);
        return b.ToString();
    }
}

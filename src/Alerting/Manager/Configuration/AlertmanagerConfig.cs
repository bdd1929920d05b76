using Metrics.Alerting.Manager.Templates;
using Metrics.Store.Configuration;

namespace Metrics.Alerting.Manager.Configuration;

/// <summary>
/// A whole alertmanager.yml, validated as <c>amtool check-config</c> validates it; every error names
/// the file, line and field.
/// </summary>
public sealed class AlertmanagerConfig
{
    public GlobalSettings Global { get; init; } = new();
    public required RouteConfig Route { get; init; }
    public IReadOnlyList<ReceiverConfig> Receivers { get; init; } = [];
    public IReadOnlyList<InhibitRuleConfig> InhibitRules { get; init; } = [];

    /// <summary>Template file globs, as written (relative ones are relative to the config file).</summary>
    public IReadOnlyList<string> Templates { get; init; } = [];

    /// <summary>Alertmanager's default templates plus the files <see cref="Templates"/> matched, parsed at load.</summary>
    public NotificationTemplates NotificationTemplates { get; init; } = NotificationTemplates.Default;
    public IReadOnlyList<TimeIntervalConfig> TimeIntervals { get; init; } = [];

    /// <summary>The YAML as loaded, for <c>/api/v2/status</c>.</summary>
    public string Text { get; init; } = "";

    public static AlertmanagerConfig Load(string path) => Parse(ConfigFile.ReadAllText(path), path);

    public static AlertmanagerConfig Parse(string text, string file)
    {
        AlertmanagerConfig config = Parse(YamlSection.Load(text, file));
        return new AlertmanagerConfig
        {
            Global = config.Global, Route = config.Route, Receivers = config.Receivers, InhibitRules = config.InhibitRules,
            Templates = config.Templates, NotificationTemplates = config.NotificationTemplates, TimeIntervals = config.TimeIntervals, Text = text,
        };
    }

    /// <summary>Parses a section (the root of alertmanager.yml, or an inline <c>alertmanager:</c> section of the main config).</summary>
    public static AlertmanagerConfig Parse(YamlSection root)
    {
        root.AllowOnly("global", "route", "inhibit_rules", "receivers", "templates", "mute_time_intervals", "time_intervals");
        GlobalSettings global = GlobalSettings.Parse(root.GetSection("global"));
        YamlSection routeSection = root.GetSection("route") ?? throw root.Error("route", "no routes provided");
        RouteConfig route = RouteConfig.Parse(routeSection);
        if (route.Receiver is null) throw routeSection.Error("receiver", "root route must specify a default receiver");
        if (route.Matchers.Count > 0)
            throw routeSection.Error(routeSection.Has("matchers") ? "matchers" : routeSection.Has("match") ? "match" : "match_re", "root route must not have any matchers");
        if (route.MuteTimeIntervals.Count > 0) throw routeSection.Error("mute_time_intervals", "root route must not have any mute time intervals");
        if (route.ActiveTimeIntervals.Count > 0) throw routeSection.Error("active_time_intervals", "root route must not have any active time intervals");

        var receivers = new List<ReceiverConfig>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (YamlSection r in root.GetSectionList("receivers"))
        {
            ReceiverConfig receiver = ReceiverConfig.Parse(r, global);
            if (!names.Add(receiver.Name)) throw r.Error("name", $"notification config name \"{receiver.Name}\" is not unique");
            receivers.Add(receiver);
        }
        var intervals = new List<TimeIntervalConfig>();
        var intervalNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (string key in new[] { "mute_time_intervals", "time_intervals" })
        {
            foreach (YamlSection s in root.GetSectionList(key))
            {
                TimeIntervalConfig interval = TimeIntervalConfig.Parse(s);
                if (!intervalNames.Add(interval.Name)) throw s.Error("name", $"time interval \"{interval.Name}\" is not unique");
                intervals.Add(interval);
            }
        }
        CheckReferences(route, names, intervalNames);
        IReadOnlyList<string> templates = root.GetStringList("templates");
        return new AlertmanagerConfig
        {
            Global = global,
            Route = route,
            Receivers = receivers,
            InhibitRules = root.GetSectionList("inhibit_rules").Select(InhibitRuleConfig.Parse).ToList(),
            Templates = templates,
            NotificationTemplates = LoadTemplates(root, templates),
            TimeIntervals = intervals,
        };
    }

    /// <summary>Template files are parsed at load, as Alertmanager does: a template that does not parse is a config error.</summary>
    private static NotificationTemplates LoadTemplates(YamlSection root, IReadOnlyList<string> globs)
    {
        // Relative globs are relative to the directory of the file the config came from.
        string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(root.File)) ?? ".";
        try
        {
            return NotificationTemplates.Load(globs, baseDirectory);
        }
        catch (TemplateLoadException e)
        {
            throw root.Error("templates", e.Message);
        }
    }

    private static void CheckReferences(RouteConfig route, HashSet<string> receivers, HashSet<string> intervals)
    {
        if (route.Receiver is { } name && !receivers.Contains(name))
            throw route.Section!.Error("receiver", $"undefined receiver \"{name}\" used in route");
        foreach (string interval in route.MuteTimeIntervals)
            if (!intervals.Contains(interval)) throw route.Section!.Error("mute_time_intervals", $"undefined time interval \"{interval}\" used in route");
        foreach (string interval in route.ActiveTimeIntervals)
            if (!intervals.Contains(interval)) throw route.Section!.Error("active_time_intervals", $"undefined time interval \"{interval}\" used in route");
        foreach (RouteConfig child in route.Routes) CheckReferences(child, receivers, intervals);
    }
}

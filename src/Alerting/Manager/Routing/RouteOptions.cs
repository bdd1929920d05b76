namespace Metrics.Alerting.Manager.Routing;

/// <summary>The settings a route applies to the alerts it takes, after inheritance from its parents.</summary>
public sealed record RouteOptions
{
    public static readonly RouteOptions Defaults = new()
    {
        Receiver = "",
        GroupWait = TimeSpan.FromSeconds(30),
        GroupInterval = TimeSpan.FromMinutes(5),
        RepeatInterval = TimeSpan.FromHours(4),
    };

    public required string Receiver { get; init; }

    /// <summary>Label names the alerts are grouped by, sorted; ignored when <see cref="GroupByAll"/>.</summary>
    public IReadOnlyList<string> GroupBy { get; init; } = [];
    public bool GroupByAll { get; init; }
    public TimeSpan GroupWait { get; init; }
    public TimeSpan GroupInterval { get; init; }
    public TimeSpan RepeatInterval { get; init; }
    public IReadOnlyList<string> MuteTimeIntervals { get; init; } = [];
    public IReadOnlyList<string> ActiveTimeIntervals { get; init; } = [];
}

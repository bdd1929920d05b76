namespace Metrics.Query.Http;

/// <summary>What the status endpoints report about the running process; the host fills it in.</summary>
public sealed class StatusInfo
{
    public string Version { get; init; } = typeof(StatusInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    public string Revision { get; init; } = "";
    public DateTimeOffset StartTime { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Every command-line flag with its effective value, as /api/v1/status/flags lists them.</summary>
    public IReadOnlyDictionary<string, string> Flags { get; init; } = new Dictionary<string, string>();

    /// <summary>The loaded configuration file's text.</summary>
    public Func<string> ConfigYaml { get; init; } = () => "";

    public string StorageRetention { get; init; } = "";

    /// <summary>Whether the last configuration reload succeeded, for runtimeinfo's reloadConfigSuccess.</summary>
    public Func<bool> ReloadConfigSuccess { get; init; } = () => true;

    /// <summary>When the configuration in effect was loaded (startup or the last successful reload); null means <see cref="StartTime"/>.</summary>
    public Func<DateTimeOffset>? LastConfigTime { get; init; }
}

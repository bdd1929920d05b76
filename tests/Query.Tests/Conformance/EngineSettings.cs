using System.Reflection;
using Metrics.Query.Engine;

namespace Metrics.Query.Tests.Conformance;

/// <summary>
/// The engine settings upstream's test engine uses (<c>promqltest.NewTestEngine</c>). Lookback and the
/// sample limit exist today; the others are applied as soon as <see cref="EngineOptions"/> grows a
/// property of that name and type (upstream's option names), and the report lists the missing ones.
/// </summary>
internal static class EngineSettings
{
    private static readonly (string Name, object Value)[] Optional =
    [
        ("Timeout", TimeSpan.FromSeconds(100)),
        ("EnableAtModifier", true),
        ("EnableNegativeOffset", true),
        ("EnableDelayedNameRemoval", true),
        ("EnableExperimentalFunctions", true),
        ("NoStepSubqueryInterval", TimeSpan.FromMinutes(1)),
        ("UseStartTimestamps", true),
    ];

    private static readonly (EngineOptions Options, List<string> Applied, List<string> Missing) Settings = Create();

    public static EngineOptions Options => Settings.Options;

    /// <summary>One line for the report: what was set and what the engine cannot be told yet.</summary>
    public static string Describe() =>
        $"engine settings: {string.Join(", ", Settings.Applied)}; not in EngineOptions yet: {string.Join(", ", Settings.Missing)}";

    private static (EngineOptions, List<string>, List<string>) Create()
    {
        var options = new EngineOptions { LookbackDelta = TimeSpan.FromMinutes(5), MaxSamples = 10_000 };
        List<string> applied = ["LookbackDelta=5m", "MaxSamples=10000"];
        List<string> missing = [];
        foreach ((string name, object value) in Optional)
        {
            PropertyInfo? p = typeof(EngineOptions).GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            if (p is { CanWrite: true } && p.PropertyType == value.GetType())
            {
                p.SetValue(options, value);
                applied.Add($"{name}={value}");
            }
            else missing.Add(name);
        }
        return (options, applied, missing);
    }
}

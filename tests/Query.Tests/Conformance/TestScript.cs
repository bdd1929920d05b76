using Metrics.Store.Labels;

namespace Metrics.Query.Tests.Conformance;

/// <summary>A parsed <c>.test</c> file: its commands in file order.</summary>
internal sealed record TestScript(string FileName, IReadOnlyList<ScriptCommand> Commands);

/// <summary>One command of a script; <see cref="Line"/> is the 1-based line of its header.</summary>
internal abstract record ScriptCommand(int Line);

/// <summary><c>clear</c>: drop all stored data.</summary>
internal sealed record ClearCommand(int Line) : ScriptCommand(Line);

/// <summary><c>load</c> or <c>load_with_nhcb</c>: series whose n-th value is written at n * interval.</summary>
internal sealed record LoadCommand(int Line, long IntervalMs, bool WithNhcb) : ScriptCommand(Line)
{
    /// <summary>The series in first-definition order; a repeated label set replaces the earlier values, as upstream.</summary>
    public Dictionary<LabelSet, List<SequenceValue>> Series { get; } = [];

    /// <summary>Lines that could not be parsed (for example quoted UTF-8 names the parser does not know yet).</summary>
    public List<string> Errors { get; } = [];

    /// <summary>Start-timestamp (<c>@st</c>) lines: accepted, but the store has no start timestamps yet.</summary>
    public int IgnoredStartTimestampLines { get; set; }
}

/// <summary>An <c>expect fail|warn|info|...</c> line with its optional exact message or pattern.</summary>
internal sealed record Expectation(string? Message, System.Text.RegularExpressions.Regex? Pattern)
{
    public static readonly Expectation Any = new(null, null);

    public bool Matches(string text) =>
        Pattern is not null ? Pattern.IsMatch(text) : Message is null || Message == text;

    public override string ToString() => Pattern?.ToString() ?? Message ?? "<any>";
}

/// <summary>The expectation kinds of <c>expect</c> lines.</summary>
internal enum ExpectKind
{
    Ordered,
    Fail,
    Warn,
    NoWarn,
    Info,
    NoInfo,
}

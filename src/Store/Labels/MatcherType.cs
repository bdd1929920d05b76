namespace Metrics.Store.Labels;

/// <summary>The four PromQL label-matching operators.</summary>
public enum MatcherType
{
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
    /// <summary><c>=~</c>, fully anchored.</summary>
    Regex,
    /// <summary><c>!~</c>, fully anchored.</summary>
    NotRegex,
}

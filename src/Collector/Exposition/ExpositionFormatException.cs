namespace Metrics.Collector.Exposition;

/// <summary>Thrown when a scrape payload is not valid text exposition format; the message starts with the line number.</summary>
public sealed class ExpositionFormatException : FormatException
{
    public ExpositionFormatException(int lineNumber, string problem)
        : base($"line {lineNumber}: {problem}")
    {
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The 1-based line of the payload that failed to parse.</summary>
    public int LineNumber { get; }

    /// <summary>The problem without the line prefix, e.g. <c>duplicate label name "a"</c>.</summary>
    public string Problem { get; }
}

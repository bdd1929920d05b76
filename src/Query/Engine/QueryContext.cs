using Metrics.Query.Ast;

namespace Metrics.Query.Engine;

/// <summary>State shared by an evaluation and its nested subquery evaluations: the outer range, cancellation and the sample budget.</summary>
internal sealed class QueryContext(long startMs, long endMs, long stepMs, EngineOptions options, CancellationToken cancellation)
{
    private long _samples;

    /// <summary>The outermost query's start, for <c>@ start()</c>.</summary>
    public long StartMs { get; } = startMs;

    /// <summary>The outermost query's end, for <c>@ end()</c>.</summary>
    public long EndMs { get; } = endMs;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The outermost query's step (0 for an instant query), for <c>step()</c>.</summary>
    public long StepMs { get; } = stepMs;

    private readonly List<string> _warnings = [];
    private readonly List<string> _infos = [];

    /// <summary>The query text and where each node starts in it, for the (line:col) of annotations.</summary>
    public string QueryText { get; init; } = "";

    public IReadOnlyDictionary<Expr, int> Positions { get; init; } = new Dictionary<Expr, int>();

    public IReadOnlyList<string> Warnings => _warnings;

    public IReadOnlyList<string> Infos => _infos;

    /// <summary>Adds "PromQL warning: ... (line:col)" once, positioned at <paramref name="node"/>.</summary>
    public void Warn(Expr node, string message) => Add(_warnings, "PromQL warning: " + message, node);

    /// <summary>Adds "PromQL info: ... (line:col)" once, positioned at <paramref name="node"/>.</summary>
    public void Info(Expr node, string message) => Add(_infos, "PromQL info: " + message, node);

    private void Add(List<string> list, string message, Expr node)
    {
        int offset = Positions.TryGetValue(node, out int p) ? p : 0;
        int line = 1, column = 1;
        for (int i = 0; i < offset && i < QueryText.Length; i++)
        {
            if (QueryText[i] == '\n') { line++; column = 1; }
            else column++;
        }
        string text = $"{message} ({line}:{column})";
        lock (list)
        {
            if (!list.Contains(text)) list.Add(text);
        }
    }

    /// <summary>Counts loaded points against <c>--query.max-samples</c>.</summary>
    public void AddSamples(long count)
    {
        if (Interlocked.Add(ref _samples, count) > options.MaxSamples)
            throw new QueryException(QueryErrorType.Execution, "query processing would load too many samples into memory in query execution");
    }
}

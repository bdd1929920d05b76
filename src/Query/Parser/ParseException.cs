namespace Metrics.Query.Parser;

/// <summary>A PromQL syntax error, positioned like Prometheus's messages (<c>1:5: parse error: ...</c>).</summary>
public sealed class ParseException(string query, int position, string problem)
    : Exception(Describe(query, position, problem))
{
    public int Position { get; } = position;

    private static string Describe(string query, int position, string problem)
    {
        int line = 1, column = 1;
        for (int i = 0; i < position && i < query.Length; i++)
        {
            if (query[i] == '\n') { line++; column = 1; }
            else column++;
        }
        return $"{line}:{column}: parse error: {problem}";
    }
}

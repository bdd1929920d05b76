namespace Metrics.Store.Configuration;

/// <summary>A configuration error that names the file, the line and column, and the field path.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string file, int line, int column, string field, string problem)
        : base(Describe(file, line, column, field, problem))
    {
        File = file;
        Line = line;
        Column = column;
        Field = field;
        Problem = problem;
    }

    public string File { get; }
    public int Line { get; }
    public int Column { get; }
    public string Field { get; }
    public string Problem { get; }

    private static string Describe(string file, int line, int column, string field, string problem)
        => field.Length == 0
            ? $"{file}:{line}:{column}: {problem}"
            : $"{file}:{line}:{column}: field \"{field}\": {problem}";
}

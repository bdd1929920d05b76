using Metrics.Query.Ast;
using Metrics.Query.Parser;
using Metrics.Store.Labels;

namespace Metrics.Query.Tests.Conformance;

/// <summary>Splits a <c>metric{a="b"} 1 2 3</c> line and turns its selector part into a label set.</summary>
internal static class SeriesDescription
{
    /// <summary>Splits at the end of the series part (a name, a <c>{...}</c> block, and any suffix such as <c>@st</c>).</summary>
    public static (string Series, string Values) Split(string line)
    {
        int i = 0;
        while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] != '{') i++;
        if (i < line.Length && line[i] == '{') i = SkipBraces(line, i);
        while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
        return (line[..i], line[i..].Trim());
    }

    /// <summary>
    /// The exact label set of a series written as a selector with <c>=</c> matchers only; parsed by the
    /// product's PromQL parser, so quoted UTF-8 names work as soon as the parser supports them.
    /// </summary>
    public static LabelSet ParseLabels(string series)
    {
        if (series.Replace(" ", "", StringComparison.Ordinal) == "{}") return LabelSet.Empty;
        VectorSelector selector;
        try
        {
            selector = PromQLParser.ParseSelector(series);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException($"cannot parse series \"{series}\": {FirstLine(e.Message)}", e);
        }
        var labels = new List<Label>(selector.Matchers.Count);
        foreach (LabelMatcher m in selector.Matchers)
        {
            if (m.Type != MatcherType.Equal)
                throw new FormatException($"series \"{series}\" may only use = matchers");
            labels.Add(new Label(m.Name, m.Value));
        }
        try
        {
            return LabelSet.From([.. labels]);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"series \"{series}\": {e.Message}", e);
        }
    }

    public static string FirstLine(string text)
    {
        int nl = text.IndexOfAny(['\r', '\n']);
        return nl < 0 ? text : text[..nl];
    }

    private static int SkipBraces(string s, int open)
    {
        char quote = '\0';
        for (int i = open + 1; i < s.Length; i++)
        {
            char c = s[i];
            if (quote != '\0')
            {
                if (c == '\\' && quote != '`') i++;
                else if (c == quote) quote = '\0';
            }
            else if (c is '"' or '\'' or '`') quote = c;
            else if (c == '}') return i + 1;
        }
        return s.Length;
    }
}

using System.Buffers;
using System.Text;
using Metrics.Store.Labels;
using static Metrics.Collector.Exposition.ExpositionSyntax;

namespace Metrics.Collector.Exposition;

/// <summary>Builds the <see cref="LabelSet"/> of a series written as <c>name{label="value",...}</c>.</summary>
public static class SeriesParser
{
    /// <summary>Parses <paramref name="series"/> (as in <see cref="ExpositionEntry.Series"/>) into labels with <c>__name__</c> set.</summary>
    /// <exception cref="ExpositionFormatException">The series is malformed; it is reported as line 1.</exception>
    public static LabelSet Parse(ReadOnlySpan<byte> series) => Parse(series, 1);

    /// <summary>Parses <paramref name="series"/>, reporting problems against <paramref name="lineNumber"/>.</summary>
    internal static LabelSet Parse(ReadOnlySpan<byte> series, int lineNumber)
    {
        ReadOnlySpan<byte> s = TrimBlanks(series);
        int nameEnd = SeriesSyntax.MetricNameEnd(s, lineNumber);
        // Metric names are ASCII, so this is a plain widening copy.
        var metricName = new Label(LabelNames.MetricName, Encoding.ASCII.GetString(s[..nameEnd]));
        int i = SkipBlanks(s, nameEnd);
        if (i == s.Length) return LabelSet.From(metricName);
        if (s[i] != (byte)'{') ExpositionErrors.Unexpected(lineNumber, s[i..], "'{' or the end of the series");

        // Rented scratch: LabelSet.From copies, so the only lasting allocations are the strings and the set.
        Label[] labels = ArrayPool<Label>.Shared.Rent(16);
        int n = 0;
        try
        {
            labels[n++] = metricName;
            var scanner = new LabelScanner(s, i, lineNumber);
            while (scanner.TryNext(out LabelToken token))
            {
                string name = Encoding.ASCII.GetString(token.Name(s));
                // Label sets are small, and the strings exist anyway: a linear check is cheapest here.
                for (int k = 1; k < n; k++)
                {
                    if (string.Equals(labels[k].Name, name, StringComparison.Ordinal))
                        ExpositionErrors.Throw(lineNumber, $"duplicate label name \"{name}\"");
                }
                if (n == labels.Length) labels = Grow(labels);
                labels[n++] = new Label(name, EscapeDecoder.LabelValue(token.RawValue(s), token.HasEscapes));
            }
            if (scanner.End != s.Length)
                ExpositionErrors.Unexpected(lineNumber, s[scanner.End..], "the end of the series after '}'");
            return LabelSet.From(labels.AsSpan(0, n));
        }
        finally
        {
            // Clear so the pool does not keep strings alive.
            labels.AsSpan(0, n).Clear();
            ArrayPool<Label>.Shared.Return(labels);
        }
    }

    private static Label[] Grow(Label[] labels)
    {
        Label[] bigger = ArrayPool<Label>.Shared.Rent(labels.Length * 2);
        labels.CopyTo(bigger, 0);
        labels.AsSpan().Clear();
        ArrayPool<Label>.Shared.Return(labels);
        return bigger;
    }
}

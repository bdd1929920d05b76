using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Metrics.Collector.Exposition.OpenMetrics;

/// <summary>
/// Validates series and exemplar label sets under OpenMetrics' rule that no blank may appear between
/// tokens, on top of the text format's label grammar (names, escapes, duplicates) that it reuses.
/// </summary>
internal static class OpenMetricsSeriesSyntax
{
    /// <summary>Validates the series that starts <paramref name="line"/> and returns the index just past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Validate(ReadOnlySpan<byte> line, int lineNumber, out int nameEnd)
    {
        int end = SeriesSyntax.Validate(line, lineNumber, out nameEnd);
        // SeriesSyntax allows blanks around the label tokens as the text format does. One vectorised
        // search clears the usual series with no blank at all; blanks inside label values are legal,
        // so a series that has one is scanned again, token by token.
        if (line[..end].IndexOfAny((byte)' ', (byte)'\t') >= 0) CheckCompact(line, nameEnd, end, lineNumber);
        return end;
    }

    /// <summary>Validates the label block opening at <paramref name="openBrace"/> with no blanks between tokens; returns the index past <c>}</c>.</summary>
    /// <remarks>Used for exemplars, whose label names may repeat without error, as in Prometheus.</remarks>
    public static int ValidateLabels(ReadOnlySpan<byte> line, int openBrace, int lineNumber)
    {
        int expected = openBrace + 1;
        var scanner = new LabelScanner(line, openBrace, lineNumber);
        while (scanner.TryNext(out LabelToken label))
        {
            if (label.NameStart != expected) StrayBlank(line, expected, lineNumber);
            int equals = label.NameStart + label.NameLength;
            if (label.ValueStart != equals + 2) StrayBlank(line, line[equals] == (byte)'=' ? equals + 1 : equals, lineNumber);
            int closingQuote = label.ValueStart + label.ValueLength;
            // The scanner guarantees a ',' or '}' follows, possibly after blanks.
            byte next = line[closingQuote + 1];
            if (next == (byte)',') expected = closingQuote + 2;
            else if (next == (byte)'}') expected = closingQuote + 1;
            else StrayBlank(line, closingQuote + 1, lineNumber);
        }
        if (scanner.End - 1 != expected) StrayBlank(line, expected, lineNumber);
        return scanner.End;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckCompact(ReadOnlySpan<byte> line, int nameEnd, int end, int lineNumber)
    {
        if (end == nameEnd) return;                       // no label block: the blank is after the series
        if (line[nameEnd] != (byte)'{') StrayBlank(line, nameEnd, lineNumber);
        ValidateLabels(line, nameEnd, lineNumber);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void StrayBlank(ReadOnlySpan<byte> line, int at, int lineNumber) =>
        ExpositionErrors.Throw(lineNumber,
            $"unexpected blank before {ExpositionErrors.Quote(line[ExpositionSyntax.SkipBlanks(line, at)..])}; OpenMetrics allows no blanks between the tokens of a series");
}

using static Metrics.Collector.Exposition.ExpositionSyntax;

namespace Metrics.Collector.Exposition;

public ref partial struct TextExpositionReader
{
    /// <summary>Reads a trimmed line starting with <c>#</c>: HELP or TYPE metadata, or false for a plain comment.</summary>
    /// <remarks>
    /// As in Prometheus's lexer, the keyword counts only when blanks separate it from <c>#</c> and from
    /// a following token; <c>#HELP x</c>, <c># HELPER</c> and a bare <c># HELP</c> are comments.
    /// </remarks>
    private bool TryReadMeta(ReadOnlySpan<byte> line, out ExpositionEntry entry)
    {
        entry = default;
        if (line.Length < 2 || !IsBlank(line[1])) return false;
        int i = SkipBlanks(line, 1);
        ReadOnlySpan<byte> keyword = line[i..];
        bool help = keyword.StartsWith("HELP"u8);
        if (!help && !keyword.StartsWith("TYPE"u8)) return false;
        i += 4;
        if (i >= line.Length || !IsBlank(line[i])) return false;
        // The line is trimmed, so a blank is always followed by a token.
        i = SkipBlanks(line, i);

        int nameEnd = i + SeriesSyntax.MetricNameEnd(line[i..], _lineNumber);
        if (nameEnd < line.Length && line[nameEnd] == (byte)'{')
            ExpositionErrors.InvalidMetricName(_lineNumber, line[i..TokenEnd(line, i)]);
        ReadOnlySpan<byte> name = line[i..nameEnd];
        ReadOnlySpan<byte> text = line[SkipBlanks(line, nameEnd)..];

        if (help)
        {
            entry = ExpositionEntry.Help(name, text);
            return true;
        }
        if (text.IsEmpty)
            ExpositionErrors.Throw(_lineNumber, $"missing metric type for {ExpositionErrors.Quote(name)}");
        if (!TryParseType(text, out MetricType type))
            ExpositionErrors.Throw(_lineNumber, $"unknown metric type {ExpositionErrors.Quote(text)}");
        _typedNames ??= new MetricNameSet();
        if (!_typedNames.Add(name))
            ExpositionErrors.Throw(_lineNumber, $"second TYPE line for metric {ExpositionErrors.Quote(name)}");
        entry = ExpositionEntry.Type(name, text, type);
        return true;
    }

    // Exact lower-case words, as Prometheus accepts them.
    private static bool TryParseType(ReadOnlySpan<byte> text, out MetricType type)
    {
        if (text.SequenceEqual("counter"u8)) type = MetricType.Counter;
        else if (text.SequenceEqual("gauge"u8)) type = MetricType.Gauge;
        else if (text.SequenceEqual("histogram"u8)) type = MetricType.Histogram;
        else if (text.SequenceEqual("summary"u8)) type = MetricType.Summary;
        else if (text.SequenceEqual("untyped"u8)) type = MetricType.Untyped;
        else
        {
            type = MetricType.Untyped;
            return false;
        }
        return true;
    }
}

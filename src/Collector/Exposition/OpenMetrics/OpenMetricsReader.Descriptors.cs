namespace Metrics.Collector.Exposition.OpenMetrics;

public ref partial struct OpenMetricsReader
{
    /// <summary>Reads a line starting with <c>#</c>: TYPE, HELP or UNIT (true), or <c># EOF</c> (false).</summary>
    /// <remarks>OpenMetrics has no plain comments: any other <c>#</c> line is an error.</remarks>
    private readonly bool TryReadDescriptor(ReadOnlySpan<byte> line, int lineNumber, out OpenMetricsEntry entry)
    {
        entry = default;
        if (line.SequenceEqual("# EOF"u8))
        {
            _state.SawEof = true;
            return false;
        }

        OpenMetricsEntryKind kind;
        if (line.StartsWith("# TYPE "u8)) kind = OpenMetricsEntryKind.Type;
        else if (line.StartsWith("# HELP "u8)) kind = OpenMetricsEntryKind.Help;
        else if (line.StartsWith("# UNIT "u8)) kind = OpenMetricsEntryKind.Unit;
        else
        {
            ExpositionErrors.Throw(lineNumber,
                $"unexpected comment {ExpositionErrors.Quote(line)}; OpenMetrics allows only \"# TYPE\", \"# HELP\", \"# UNIT\" and \"# EOF\"");
            return false;
        }

        const int nameStart = 7;                           // "# TYPE ".Length
        int nameEnd = ExpositionSyntax.ScanMetricName(line, nameStart);
        if (nameEnd == nameStart || nameEnd < line.Length && line[nameEnd] != (byte)' ')
            ExpositionErrors.InvalidMetricName(lineNumber, line[nameStart..TokenEnd(line, nameStart)]);
        ReadOnlySpan<byte> name = line[nameStart..nameEnd];
        // The text after the name may be empty for HELP and UNIT, but its separating space is still required.
        if (nameEnd == line.Length)
            ExpositionErrors.Throw(lineNumber, $"missing space and {Word(kind)} after metric family name {ExpositionErrors.Quote(name)}");
        ReadOnlySpan<byte> text = line[(nameEnd + 1)..];

        OpenMetricsType type = OpenMetricsType.Unknown;
        if (kind == OpenMetricsEntryKind.Type && !TryParseType(text, out type))
            ExpositionErrors.Throw(lineNumber, $"invalid metric type {ExpositionErrors.Quote(text)}");
        if (kind == OpenMetricsEntryKind.Unit) CheckUnit(name, text, lineNumber);

        _state.Families.OnDescriptor(name, kind, lineNumber);
        if (kind == OpenMetricsEntryKind.Type) _state.Families.SetType(type);
        entry = OpenMetricsEntry.Metadata(kind, name, text, type);
        return true;
    }

    // As Prometheus checks it: a non-empty unit must be the last underscore-separated part of the family name.
    private static void CheckUnit(ReadOnlySpan<byte> name, ReadOnlySpan<byte> unit, int lineNumber)
    {
        if (unit.IsEmpty) return;
        // Units are made of metric name characters, digits first included ("1024_bytes" is odd but legal).
        for (int i = 0; i < unit.Length; i++)
        {
            if (!ExpositionSyntax.IsDigit(unit[i]) && ExpositionSyntax.ScanMetricName(unit, i) == i)
                ExpositionErrors.Throw(lineNumber, $"invalid unit {ExpositionErrors.Quote(unit)}");
        }
        if (name.Length <= unit.Length || !name.EndsWith(unit) || name[^(unit.Length + 1)] != (byte)'_')
            ExpositionErrors.Throw(lineNumber, $"unit {ExpositionErrors.Quote(unit)} is not a suffix of metric family {ExpositionErrors.Quote(name)}");
    }

    private static bool TryParseType(ReadOnlySpan<byte> text, out OpenMetricsType type)
    {
        if (text.SequenceEqual("counter"u8)) type = OpenMetricsType.Counter;
        else if (text.SequenceEqual("gauge"u8)) type = OpenMetricsType.Gauge;
        else if (text.SequenceEqual("histogram"u8)) type = OpenMetricsType.Histogram;
        else if (text.SequenceEqual("gaugehistogram"u8)) type = OpenMetricsType.GaugeHistogram;
        else if (text.SequenceEqual("stateset"u8)) type = OpenMetricsType.StateSet;
        else if (text.SequenceEqual("info"u8)) type = OpenMetricsType.Info;
        else if (text.SequenceEqual("summary"u8)) type = OpenMetricsType.Summary;
        else if (text.SequenceEqual("unknown"u8)) type = OpenMetricsType.Unknown;
        else
        {
            type = OpenMetricsType.Unknown;
            return false;
        }
        return true;
    }

    private static string Word(OpenMetricsEntryKind kind) => kind switch
    {
        OpenMetricsEntryKind.Type => "a type",
        OpenMetricsEntryKind.Help => "the docstring",
        _ => "the unit",
    };
}

using System.Text.Unicode;
using static Metrics.Collector.Exposition.ExpositionSyntax;

namespace Metrics.Collector.Exposition;

/// <summary>
/// Reads a Prometheus text format 0.0.4 payload entry by entry, fully validating each line and
/// allocating nothing per sample. Plain comments and blank lines are skipped.
/// </summary>
/// <remarks>
/// Entries alias the payload. The reader is a mutable cursor: pass it by reference, never by value.
/// </remarks>
public ref partial struct TextExpositionReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private MetricNameSet? _typedNames;
    private int _pos;
    private int _lineNumber;

    public TextExpositionReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
    }

    /// <summary>Reads with a caller-owned set for the duplicate-TYPE check, so repeated scrapes allocate nothing.</summary>
    internal TextExpositionReader(ReadOnlySpan<byte> payload, MetricNameSet typedNames)
    {
        _payload = payload;
        typedNames.Clear();
        _typedNames = typedNames;
    }

    /// <summary>The 1-based line number of the entry last returned (or of the last line read at the end).</summary>
    public readonly int LineNumber => _lineNumber;

    /// <summary>Reads the next HELP, TYPE or sample line; false at the end of the payload.</summary>
    /// <exception cref="ExpositionFormatException">The next non-comment line is malformed.</exception>
    public bool TryRead(out ExpositionEntry entry)
    {
        while (_pos < _payload.Length)
        {
            ReadOnlySpan<byte> rest = _payload[_pos..];
            int eol = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = eol < 0 ? rest : rest[..eol];
            _pos = eol < 0 ? _payload.Length : _pos + eol + 1;
            _lineNumber++;

            // Tolerate CRLF line ends; a CR anywhere else is an error like any other stray byte.
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            if (!Utf8.IsValid(line)) ExpositionErrors.InvalidUtf8(_lineNumber);
            line = TrimBlanks(line);
            if (line.IsEmpty) continue;

            if (line[0] == (byte)'#')
            {
                if (TryReadMeta(line, out entry)) return true;
                continue;
            }
            entry = ReadSample(line, _lineNumber);
            return true;
        }
        entry = default;
        return false;
    }

    /// <summary>Parses a trimmed sample line: series, at least one blank, value, optionally a blank and a timestamp.</summary>
    private static ExpositionEntry ReadSample(ReadOnlySpan<byte> line, int lineNumber)
    {
        int seriesEnd = SeriesSyntax.Validate(line, lineNumber, out int nameEnd);
        if (seriesEnd == line.Length)
            ExpositionErrors.Throw(lineNumber, "missing value");
        if (!IsBlank(line[seriesEnd]))
            ExpositionErrors.Unexpected(lineNumber, line[seriesEnd..], "a blank between the labels and the value");

        int valueStart = SkipBlanks(line, seriesEnd);
        int valueEnd = TokenEnd(line, valueStart);
        if (!ValueParser.TryParseValue(line[valueStart..valueEnd], out double value))
            ExpositionErrors.Throw(lineNumber, $"invalid value {ExpositionErrors.Quote(line[valueStart..valueEnd])}");

        long? timestamp = null;
        // The line is trimmed, so anything after the value is a blank run followed by another token.
        if (valueEnd < line.Length)
        {
            int tsStart = SkipBlanks(line, valueEnd);
            int tsEnd = TokenEnd(line, tsStart);
            if (!ValueParser.TryParseTimestamp(line[tsStart..tsEnd], out long ms))
                ExpositionErrors.Throw(lineNumber, $"invalid timestamp {ExpositionErrors.Quote(line[tsStart..tsEnd])}");
            timestamp = ms;
            if (tsEnd < line.Length)
                ExpositionErrors.Throw(lineNumber, $"unexpected {ExpositionErrors.Quote(line[SkipBlanks(line, tsEnd)..])} after the timestamp");
        }
        return ExpositionEntry.Sample(line[..seriesEnd], nameEnd, value, timestamp);
    }
}

using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Metrics.Collector.Exposition.OpenMetrics;

/// <summary>
/// Reads an OpenMetrics 1.0 text exposition entry by entry, validating every line strictly (single spaces,
/// no blank lines or plain comments, family rules, a final <c># EOF</c>) and allocating nothing per sample.
/// </summary>
/// <remarks>
/// Entries alias the payload. The reader is a mutable cursor: pass it by reference, never by value.
/// Timestamps, written in seconds, are returned in milliseconds.
/// </remarks>
public ref partial struct OpenMetricsReader
{
    private readonly ReadOnlySpan<byte> _chunk;
    private readonly OpenMetricsReaderState _state;
    private readonly bool _isLastChunk;
    // Validating the whole chunk once is far cheaper than line by line; lines are checked only when it fails,
    // to find the one to report.
    private readonly bool _chunkIsUtf8;
    private int _pos;

    /// <summary>Reads a complete exposition, which must end with <c># EOF</c>.</summary>
    public OpenMetricsReader(ReadOnlySpan<byte> payload)
        : this(payload, new OpenMetricsReaderState(), isLastChunk: true)
    {
    }

    /// <summary>Reads one chunk of an exposition; every chunk but the last must end with a line feed.</summary>
    /// <param name="chunk">Whole lines following those of the previous chunk read with <paramref name="state"/>.</param>
    /// <param name="state">Carries line numbers and family rules from one chunk to the next.</param>
    /// <param name="isLastChunk">Whether the exposition ends with this chunk, so that a missing <c># EOF</c> is an error.</param>
    internal OpenMetricsReader(ReadOnlySpan<byte> chunk, OpenMetricsReaderState state, bool isLastChunk)
    {
        _chunk = chunk;
        _state = state;
        _isLastChunk = isLastChunk;
        _chunkIsUtf8 = Utf8.IsValid(chunk);
    }

    /// <summary>The 1-based line number of the entry last returned.</summary>
    public readonly int LineNumber => _state.LineNumber;

    /// <summary>Reads the next TYPE, HELP, UNIT or sample line; false once <c># EOF</c> ended the exposition.</summary>
    /// <exception cref="ExpositionFormatException">The next line is malformed, or the exposition does not end with <c># EOF</c>.</exception>
    public bool TryRead(out OpenMetricsEntry entry)
    {
        while (_pos < _chunk.Length)
        {
            if (_state.SawEof)
                ExpositionErrors.Throw(_state.LineNumber + 1, "unexpected data after \"# EOF\"");

            ReadOnlySpan<byte> rest = _chunk[_pos..];
            int eol = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = eol < 0 ? rest : rest[..eol];
            _pos = eol < 0 ? _chunk.Length : _pos + eol + 1;
            int lineNumber = ++_state.LineNumber;

            if (!_chunkIsUtf8 && !Utf8.IsValid(line)) ExpositionErrors.InvalidUtf8(lineNumber);
            if (line.IsEmpty) BlankLine(lineNumber);
            if (line[0] == (byte)'#')
            {
                if (TryReadDescriptor(line, lineNumber, out entry)) return true;
                continue;                                 // it was # EOF
            }
            entry = ReadSample(line, lineNumber);
            return true;
        }
        if (_isLastChunk && !_state.SawEof) MissingEof();
        entry = default;
        return false;
    }

    /// <summary>Parses a sample line: <c>series SP value [SP timestamp] [SP # SP {labels} SP value [SP timestamp]]</c>.</summary>
    private readonly OpenMetricsEntry ReadSample(ReadOnlySpan<byte> line, int lineNumber)
    {
        int seriesEnd = OpenMetricsSeriesSyntax.Validate(line, lineNumber, out int nameEnd);
        OpenMetricsType type = _state.Families.OnSample(line[..nameEnd], lineNumber);

        int valueStart = ExpectSpace(line, seriesEnd, lineNumber, "the value");
        int valueEnd = TokenEnd(line, valueStart);
        if (!OpenMetricsNumbers.TryParseValue(line[valueStart..valueEnd], out double value))
            InvalidNumber(lineNumber, "value", line[valueStart..valueEnd]);

        long? timestamp = null;
        ReadOnlySpan<byte> exemplarLabels = default;
        double exemplarValue = 0;
        long? exemplarTimestamp = null;
        int i = valueEnd;
        if (i < line.Length)
        {
            i = ExpectSpace(line, i, lineNumber, "a timestamp or an exemplar");
            if (line[i] != (byte)'#')
            {
                int tsEnd = TokenEnd(line, i);
                if (!OpenMetricsNumbers.TryParseTimestampMs(line[i..tsEnd], out long ms))
                    InvalidNumber(lineNumber, "timestamp", line[i..tsEnd]);
                timestamp = ms;
                i = tsEnd;
                if (i < line.Length) i = ExpectSpace(line, i, lineNumber, "an exemplar");
            }
            if (i < line.Length)
                ReadExemplar(line, i, lineNumber, out exemplarLabels, out exemplarValue, out exemplarTimestamp);
        }
        return OpenMetricsEntry.Sample(line[..seriesEnd], nameEnd, value, timestamp, type,
            exemplarLabels, exemplarValue, exemplarTimestamp);
    }

    /// <summary>Parses <c># {labels} value [timestamp]</c> starting at <paramref name="hash"/> up to the end of the line.</summary>
    private static void ReadExemplar(ReadOnlySpan<byte> line, int hash, int lineNumber,
        out ReadOnlySpan<byte> labels, out double value, out long? timestampMs)
    {
        if (!line[hash..].StartsWith("# {"u8))
            ExpositionErrors.Unexpected(lineNumber, line[hash..], "\"# {\" to start an exemplar");
        int openBrace = hash + 2;
        int labelsEnd = OpenMetricsSeriesSyntax.ValidateLabels(line, openBrace, lineNumber);
        labels = line[openBrace..labelsEnd];

        int valueStart = ExpectSpace(line, labelsEnd, lineNumber, "the exemplar value");
        int valueEnd = TokenEnd(line, valueStart);
        if (!OpenMetricsNumbers.TryParseValue(line[valueStart..valueEnd], out value))
            InvalidNumber(lineNumber, "exemplar value", line[valueStart..valueEnd]);

        timestampMs = null;
        if (valueEnd == line.Length) return;
        int tsStart = ExpectSpace(line, valueEnd, lineNumber, "the exemplar timestamp");
        int tsEnd = TokenEnd(line, tsStart);
        if (!OpenMetricsNumbers.TryParseTimestampMs(line[tsStart..tsEnd], out long ms))
            InvalidNumber(lineNumber, "exemplar timestamp", line[tsStart..tsEnd]);
        timestampMs = ms;
        if (tsEnd < line.Length)
            ExpositionErrors.Unexpected(lineNumber, line[tsEnd..], "the end of the line after the exemplar timestamp");
    }

    /// <summary>Requires exactly one space at <paramref name="i"/> followed by a token; returns the token's start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ExpectSpace(ReadOnlySpan<byte> line, int i, int lineNumber, string what)
    {
        if (i + 1 < line.Length && line[i] == (byte)' ' && line[i + 1] != (byte)' ') return i + 1;
        BadSeparator(line, i, lineNumber, what);
        return 0;
    }

    /// <summary>The index of the first space at or after <paramref name="i"/>, or the length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TokenEnd(ReadOnlySpan<byte> line, int i)
    {
        int rel = line[i..].IndexOf((byte)' ');
        return rel < 0 ? line.Length : i + rel;
    }
}

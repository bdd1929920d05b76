using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Metrics.Collector.Exposition.OpenMetrics;

public ref partial struct OpenMetricsReader
{
    // Throw helpers stay out of line so the scanning methods above remain small enough to inline.

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void BlankLine(int lineNumber) =>
        ExpositionErrors.Throw(lineNumber, "blank line; OpenMetrics allows none");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private readonly void MissingEof()
    {
        // Name the line after the last one, unless the input stopped in the middle of a line.
        bool endsInsideLine = !_chunk.IsEmpty && _chunk[^1] != (byte)'\n';
        ExpositionErrors.Throw(_state.LineNumber + (endsInsideLine ? 0 : 1), "missing \"# EOF\" at the end of the exposition");
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void InvalidNumber(int lineNumber, string what, ReadOnlySpan<byte> token) =>
        ExpositionErrors.Throw(lineNumber, $"invalid {what} {ExpositionErrors.Quote(token)}");

    /// <summary>Explains why position <paramref name="i"/> is not a single space followed by <paramref name="what"/>.</summary>
    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void BadSeparator(ReadOnlySpan<byte> line, int i, int lineNumber, string what)
    {
        if (i >= line.Length)
            ExpositionErrors.Throw(lineNumber, $"unexpected end of line, expected a space and {what}");
        if (line[i] != (byte)' ')
            ExpositionErrors.Unexpected(lineNumber, line[i..], $"a space before {what}");
        if (i + 1 == line.Length)
            ExpositionErrors.Throw(lineNumber, "unexpected space at the end of the line");
        ExpositionErrors.Throw(lineNumber, $"unexpected second space before {what}; OpenMetrics separates tokens with exactly one space");
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using static Metrics.Collector.Exposition.ExpositionSyntax;

namespace Metrics.Collector.Exposition;

/// <summary>Validates the series part of a sample line (metric name and label block) without building anything.</summary>
internal static class SeriesSyntax
{
    // Label names seen so far are remembered as offsets on the stack (zeroed: [SkipLocalsInit] needs
    // AllowUnsafeBlocks, and 256 bytes are not worth that); series with more labels than
    // this are rare enough that rescanning the block for each further label is acceptable.
    private const int InlineLabels = 32;

    /// <summary>Validates the series that starts <paramref name="line"/> and returns the index just past it.</summary>
    /// <param name="line">A trimmed, non-empty line.</param>
    /// <param name="lineNumber">The line number to report problems with.</param>
    /// <param name="nameEnd">The length of the metric name.</param>
    public static int Validate(ReadOnlySpan<byte> line, int lineNumber, out int nameEnd)
    {
        nameEnd = MetricNameEnd(line, lineNumber);
        int i = SkipBlanks(line, nameEnd);
        if (i >= line.Length || line[i] != (byte)'{') return nameEnd;

        Span<int> nameStarts = stackalloc int[InlineLabels];
        Span<int> nameLengths = stackalloc int[InlineLabels];
        int count = 0;
        var scanner = new LabelScanner(line, i, lineNumber);
        while (scanner.TryNext(out LabelToken label))
        {
            ReadOnlySpan<byte> name = label.Name(line);
            int known = Math.Min(count, InlineLabels);
            for (int k = 0; k < known; k++)
            {
                if (line.Slice(nameStarts[k], nameLengths[k]).SequenceEqual(name))
                    DuplicateLabel(lineNumber, name);
            }
            if (count < InlineLabels)
            {
                nameStarts[count] = label.NameStart;
                nameLengths[count] = label.NameLength;
            }
            else if (SeenBeyondInline(line, i, lineNumber, label))
            {
                DuplicateLabel(lineNumber, name);
            }
            count++;
        }
        return scanner.End;
    }

    /// <summary>The end of the metric name at the start of <paramref name="s"/>, which must be followed by a blank, <c>{</c> or the end.</summary>
    public static int MetricNameEnd(ReadOnlySpan<byte> s, int lineNumber)
    {
        int end = ScanMetricName(s, 0);
        if (end == 0 || end < s.Length && !IsBlank(s[end]) && s[end] != (byte)'{')
        {
            int tokenEnd = end;
            while (tokenEnd < s.Length && !IsBlank(s[tokenEnd]) && s[tokenEnd] != (byte)'{') tokenEnd++;
            ExpositionErrors.InvalidMetricName(lineNumber, s[..tokenEnd]);
        }
        return end;
    }

    // Compares against the labels after the inline ones by scanning the block again up to this label.
    private static bool SeenBeyondInline(ReadOnlySpan<byte> line, int openBrace, int lineNumber, LabelToken current)
    {
        ReadOnlySpan<byte> name = current.Name(line);
        var again = new LabelScanner(line, openBrace, lineNumber);
        int index = 0;
        while (again.TryNext(out LabelToken earlier) && earlier.NameStart < current.NameStart)
        {
            if (index++ >= InlineLabels && earlier.Name(line).SequenceEqual(name)) return true;
        }
        return false;
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void DuplicateLabel(int lineNumber, ReadOnlySpan<byte> name) =>
        ExpositionErrors.Throw(lineNumber, $"duplicate label name {ExpositionErrors.Quote(name)}");
}

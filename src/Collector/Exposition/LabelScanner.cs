using System.Diagnostics.CodeAnalysis;
using static Metrics.Collector.Exposition.ExpositionSyntax;

namespace Metrics.Collector.Exposition;

/// <summary>
/// Walks a <c>{name="value", ...}</c> block label by label, validating names, escapes and punctuation.
/// Duplicate names are left to the caller, which knows whether it holds strings or offsets.
/// </summary>
internal ref struct LabelScanner
{
    private readonly ReadOnlySpan<byte> _s;
    private readonly int _line;
    private int _pos;

    /// <param name="s">The span holding the block.</param>
    /// <param name="openBrace">The index of <c>{</c> in <paramref name="s"/>.</param>
    /// <param name="line">The line number to report problems with.</param>
    public LabelScanner(ReadOnlySpan<byte> s, int openBrace, int line)
    {
        _s = s;
        _pos = openBrace + 1;
        _line = line;
    }

    /// <summary>The index just past <c>}</c>; meaningful once <see cref="TryNext"/> has returned false.</summary>
    public readonly int End => _pos;

    /// <summary>Reads the next label, or consumes <c>}</c> and returns false.</summary>
    public bool TryNext(out LabelToken label)
    {
        ReadOnlySpan<byte> s = _s;
        int i = SkipBlanks(s, _pos);
        if (i < s.Length && s[i] == (byte)'}')
        {
            _pos = i + 1;
            label = default;
            return false;
        }

        int nameEnd = ScanLabelName(s, i);
        if (nameEnd == i || nameEnd < s.Length && !IsBlank(s[nameEnd]) && s[nameEnd] != (byte)'=')
            BadLabelName(s, i);
        ReadOnlySpan<byte> name = s[i..nameEnd];
        // __name__ comes from the metric name in front of the braces; a second source would be ambiguous.
        if (name.SequenceEqual("__name__"u8))
            ExpositionErrors.Throw(_line, "label name \"__name__\" is reserved for the metric name");

        int j = SkipBlanks(s, nameEnd);
        if (j >= s.Length || s[j] != (byte)'=')
            ExpositionErrors.Unexpected(_line, s[j..], $"'=' after label name {ExpositionErrors.Quote(name)}");
        j = SkipBlanks(s, j + 1);
        if (j >= s.Length || s[j] != (byte)'"')
            ExpositionErrors.Unexpected(_line, s[j..], $"'\"' to open the value of label {ExpositionErrors.Quote(name)}");

        int valueStart = j + 1;
        int k = valueStart;
        bool escaped = false;
        while (true)
        {
            int rel = s[k..].IndexOfAny((byte)'"', (byte)'\\');
            if (rel < 0 || s[k + rel] == (byte)'\\' && k + rel + 1 == s.Length)
                ExpositionErrors.Throw(_line, $"unterminated value of label {ExpositionErrors.Quote(name)}");
            k += rel;
            if (s[k] == (byte)'"') break;
            if (s[k + 1] is not ((byte)'\\' or (byte)'"' or (byte)'n'))
                ExpositionErrors.InvalidEscape(_line, s[(k + 1)..]);
            escaped = true;
            k += 2;
        }
        label = new LabelToken(i, nameEnd - i, valueStart, k - valueStart, escaped);

        int next = SkipBlanks(s, k + 1);
        if (next < s.Length && s[next] == (byte)',') _pos = next + 1;
        else if (next < s.Length && s[next] == (byte)'}') _pos = next;
        else ExpositionErrors.Unexpected(_line, s[next..], "',' or '}' after a label value");
        return true;
    }

    [DoesNotReturn]
    private readonly void BadLabelName(ReadOnlySpan<byte> s, int i)
    {
        if (i >= s.Length) ExpositionErrors.Unexpected(_line, default, "a label name or '}'");
        int end = i;
        while (end < s.Length && !IsBlank(s[end]) && s[end] is not ((byte)'=' or (byte)',' or (byte)'}' or (byte)'"')) end++;
        if (end == i) ExpositionErrors.Unexpected(_line, s[i..], "a label name or '}'");
        ExpositionErrors.InvalidLabelName(_line, s[i..end]);
    }
}

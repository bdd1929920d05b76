using System.Runtime.CompilerServices;

namespace Metrics.Collector.Exposition;

/// <summary>Byte-level token rules of the text format shared by the reader and the series parser.</summary>
/// <remarks>
/// The name rules are those of <see cref="Metrics.Store.Labels.LabelNames"/>, restated over UTF-8 bytes so
/// the hot path never widens to chars; a test pins the two definitions together.
/// </remarks>
internal static class ExpositionSyntax
{
    /// <summary>Spaces and tabs are the only token separators the format knows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t';

    public static int SkipBlanks(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsBlank(s[i])) i++;
        return i;
    }

    public static ReadOnlySpan<byte> TrimBlanks(ReadOnlySpan<byte> s)
    {
        int start = SkipBlanks(s, 0);
        int end = s.Length;
        while (end > start && IsBlank(s[end - 1])) end--;
        return s[start..end];
    }

    /// <summary>The index of the first blank at or after <paramref name="i"/>, or the length.</summary>
    public static int TokenEnd(ReadOnlySpan<byte> s, int i)
    {
        int rel = s[i..].IndexOfAny((byte)' ', (byte)'\t');
        return rel < 0 ? s.Length : i + rel;
    }

    /// <summary>The end of the longest <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c> run starting at <paramref name="i"/>; <paramref name="i"/> when there is none.</summary>
    public static int ScanMetricName(ReadOnlySpan<byte> s, int i)
    {
        if (i >= s.Length || !IsNameStart(s[i]) && s[i] != (byte)':') return i;
        i++;
        while (i < s.Length && (IsNameStart(s[i]) || IsDigit(s[i]) || s[i] == (byte)':')) i++;
        return i;
    }

    /// <summary>The end of the longest <c>[a-zA-Z_][a-zA-Z0-9_]*</c> run starting at <paramref name="i"/>; <paramref name="i"/> when there is none.</summary>
    public static int ScanLabelName(ReadOnlySpan<byte> s, int i)
    {
        if (i >= s.Length || !IsNameStart(s[i])) return i;
        i++;
        while (i < s.Length && (IsNameStart(s[i]) || IsDigit(s[i]))) i++;
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsNameStart(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || b == (byte)'_';
}

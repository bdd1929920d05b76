using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Metrics.Collector.Exposition;

/// <summary>
/// Throw helpers for every problem the parser reports. They live apart and never inline so the
/// message formatting stays out of the hot scanning methods.
/// </summary>
internal static class ExpositionErrors
{
    // Enough to recognise the culprit without echoing a megabyte of garbage into a log line.
    private const int MaxQuotedChars = 64;

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(int line, string problem) => throw new ExpositionFormatException(line, problem);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void InvalidUtf8(int line) => Throw(line, "invalid UTF-8 byte sequence");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void InvalidMetricName(int line, ReadOnlySpan<byte> token) =>
        Throw(line, token.IsEmpty ? "missing metric name" : $"invalid metric name {Quote(token)}");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void InvalidLabelName(int line, ReadOnlySpan<byte> token) =>
        Throw(line, $"invalid label name {Quote(token)}");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void Unexpected(int line, ReadOnlySpan<byte> rest, string expected) =>
        Throw(line, rest.IsEmpty ? $"unexpected end of line, expected {expected}" : $"unexpected {Quote(rest)}, expected {expected}");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    public static void InvalidEscape(int line, ReadOnlySpan<byte> afterBackslash)
    {
        // Show the escaped character itself, e.g. "\t", decoding a whole UTF-8 sequence if it is one.
        System.Buffers.OperationStatus status = Rune.DecodeFromUtf8(afterBackslash, out Rune rune, out _);
        string shown = status == System.Buffers.OperationStatus.Done ? Printable(rune.ToString()) : "?";
        Throw(line, $"invalid escape sequence \"\\{shown}\" in label value");
    }

    public static string Quote(ReadOnlySpan<byte> bytes)
    {
        bool truncated = false;
        if (bytes.Length > MaxQuotedChars)
        {
            bytes = bytes[..MaxQuotedChars];
            truncated = true;
        }
        // Lossy decoding: the quoted text is for humans, and the input may be binary garbage.
        string text = Printable(Encoding.UTF8.GetString(bytes));
        return truncated ? $"\"{text}...\"" : $"\"{text}\"";
    }

    private static string Printable(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                default:
                    if (char.IsControl(c)) sb.Append(@"\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }
}

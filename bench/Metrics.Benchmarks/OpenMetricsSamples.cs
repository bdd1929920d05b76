using System.Buffers.Text;
using System.Text;
using Metrics.Store.Samples;

namespace Metrics.Benchmarks;

/// <summary>A throwaway reader for the shared dataset: series lines "name{labels} value timestamp_seconds", '#' lines skipped.</summary>
/// <remarks>Only good enough for gen_dataset.py output; the real exposition parser lives in the Collector.</remarks>
internal static class OpenMetricsSamples
{
    /// <summary>Samples per series, keyed by the series text, in file order.</summary>
    public static Dictionary<string, List<Sample>> Load(string path)
    {
        var series = new Dictionary<string, List<Sample>>(StringComparer.Ordinal);
        var lookup = series.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = stackalloc char[1024];
        foreach (byte[] chunk in ReadLines(path))
        {
            ReadOnlySpan<byte> rest = chunk;
            while (!rest.IsEmpty)
            {
                int eol = rest.IndexOf((byte)'\n');
                ReadOnlySpan<byte> line = eol < 0 ? rest : rest[..eol];
                rest = eol < 0 ? default : rest[(eol + 1)..];
                if (line.IsEmpty || line[0] == (byte)'#')
                {
                    continue;
                }
                int tsGap = line.LastIndexOf((byte)' ');
                int valueGap = line[..tsGap].LastIndexOf((byte)' ');
                long t = ParseSecondsAsMs(line[(tsGap + 1)..]);
                double v = ParseValue(line[(valueGap + 1)..tsGap]);
                int n = Encoding.UTF8.GetChars(line[..valueGap], chars);
                if (!lookup.TryGetValue(chars[..n], out List<Sample>? samples))
                {
                    samples = [];
                    lookup[chars[..n]] = samples;
                }
                samples.Add(new Sample(t, v));
            }
        }
        return series;
    }

    private static IEnumerable<byte[]> ReadLines(string path)
    {
        // Reads whole lines in 4 MiB blocks so the parser never sees a split line.
        using FileStream file = File.OpenRead(path);
        byte[] buffer = new byte[4 << 20];
        int filled = 0;
        while (true)
        {
            int read = file.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            if (filled == 0)
            {
                yield break;
            }
            int end = read == 0 ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
            yield return buffer[..end];
            Array.Copy(buffer, end, buffer, 0, filled - end);
            filled -= end;
            if (read == 0)
            {
                yield break;
            }
        }
    }

    private static long ParseSecondsAsMs(ReadOnlySpan<byte> text)
    {
        int dot = text.IndexOf((byte)'.');
        ReadOnlySpan<byte> whole = dot < 0 ? text : text[..dot];
        if (!Utf8Parser.TryParse(whole, out long seconds, out _))
        {
            throw new FormatException("bad timestamp " + Encoding.UTF8.GetString(text));
        }
        long ms = seconds * 1000;
        if (dot >= 0)
        {
            ReadOnlySpan<byte> fraction = text[(dot + 1)..];
            long scale = 100;
            for (int i = 0; i < fraction.Length && i < 3; i++, scale /= 10)
            {
                ms += (fraction[i] - '0') * scale;
            }
        }
        return ms;
    }

    private static double ParseValue(ReadOnlySpan<byte> text)
    {
        if (text.SequenceEqual("+Inf"u8))
        {
            return double.PositiveInfinity;
        }
        if (text.SequenceEqual("-Inf"u8))
        {
            return double.NegativeInfinity;
        }
        if (text.SequenceEqual("NaN"u8))
        {
            return double.NaN;
        }
        return double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}

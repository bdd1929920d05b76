using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Metrics.IngestBench;

/// <summary>One series of the dataset: its remote-write label encoding and its samples in file order.</summary>
internal sealed class SeriesData(int id, string key, byte[] labelFields)
{
    public int Id { get; } = id;

    /// <summary>The series text as written in the file, <c>name{labels}</c>.</summary>
    public string Key { get; } = key;

    /// <summary>The <c>TimeSeries.labels</c> fields (field 1, one per label, sorted by name), ready to copy into a request.</summary>
    public byte[] LabelFields { get; } = labelFields;

    public List<long> Timestamps { get; } = [];

    public List<double> Values { get; } = [];
}

/// <summary>
/// Streams an OpenMetrics text file (as written by gen_dataset.py and accepted by promtool) into
/// per-series sample lists. Timestamps are float seconds in the file; they are turned into int64
/// milliseconds exactly by reading the decimal digits, never by multiplying a double.
/// </summary>
internal sealed class OpenMetricsDataset
{
    public List<SeriesData> Series { get; } = [];

    public long Samples { get; private set; }

    public long MinTimestampMs { get; private set; } = long.MaxValue;

    public long MaxTimestampMs { get; private set; } = long.MinValue;

    /// <summary>Samples whose timestamp is not above the previous one of the same series (promtool drops these).</summary>
    public long OutOfOrderInFile { get; private set; }

    /// <summary>Timestamps with non-zero digits below the millisecond, which were truncated.</summary>
    public long SubMillisecondTruncated { get; private set; }

    public long Lines { get; private set; }

    public bool SawEof { get; private set; }

    public static OpenMetricsDataset Load(string path)
    {
        var dataset = new OpenMetricsDataset();
        dataset.Read(path);
        return dataset;
    }

    private void Read(string path)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = index.GetAlternateLookup<ReadOnlySpan<char>>();
        byte[] lastKey = new byte[4096];
        int lastKeyLength = -1;
        SeriesData? last = null;
        char[] chars = new char[4096];

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        byte[] buffer = new byte[8 << 20];
        int filled = 0;
        long lineNo = 0;
        while (true)
        {
            int read = file.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            if (filled == 0) break;
            int end = read == 0 ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
            if (end == 0)
            {
                if (filled == buffer.Length) throw new FormatException($"line {lineNo + 1}: longer than {buffer.Length} bytes");
                continue;
            }
            ReadOnlySpan<byte> rest = buffer.AsSpan(0, end);
            while (!rest.IsEmpty)
            {
                int eol = rest.IndexOf((byte)'\n');
                ReadOnlySpan<byte> line = eol < 0 ? rest : rest[..eol];
                rest = eol < 0 ? default : rest[(eol + 1)..];
                lineNo++;
                if (line.IsEmpty) continue;
                if (line[0] == (byte)'#')
                {
                    if (line.SequenceEqual("# EOF"u8)) SawEof = true;
                    continue;
                }
                int keyEnd = SeriesKeyEnd(line, lineNo);
                ReadOnlySpan<byte> key = line[..keyEnd];
                SeriesData series;
                if (last is not null && key.SequenceEqual(lastKey.AsSpan(0, lastKeyLength)))
                {
                    series = last;
                }
                else
                {
                    if (key.Length > chars.Length) chars = new char[key.Length * 2];
                    if (key.Length > lastKey.Length) lastKey = new byte[key.Length * 2];
                    int n = Encoding.UTF8.GetChars(key, chars);
                    ReadOnlySpan<char> keyChars = chars.AsSpan(0, n);
                    if (lookup.TryGetValue(keyChars, out int id))
                    {
                        series = Series[id];
                    }
                    else
                    {
                        string keyString = keyChars.ToString();
                        series = new SeriesData(Series.Count, keyString, LabelEncoding.Encode(ParseLabels(key, lineNo)));
                        index[keyString] = series.Id;
                        Series.Add(series);
                    }
                    key.CopyTo(lastKey);
                    lastKeyLength = key.Length;
                    last = series;
                }
                ParseValueAndTimestamp(line[keyEnd..], lineNo, out double value, out long ts);
                if (series.Timestamps.Count > 0 && ts <= series.Timestamps[^1]) OutOfOrderInFile++;
                series.Timestamps.Add(ts);
                series.Values.Add(value);
                Samples++;
                if (ts < MinTimestampMs) MinTimestampMs = ts;
                if (ts > MaxTimestampMs) MaxTimestampMs = ts;
            }
            Array.Copy(buffer, end, buffer, 0, filled - end);
            filled -= end;
            if (read == 0 && filled == 0) break;
        }
        Lines = lineNo;
    }

    /// <summary>Index just past <c>name</c> or <c>name{...}</c>, honouring quoted label values.</summary>
    private static int SeriesKeyEnd(ReadOnlySpan<byte> line, long lineNo)
    {
        int i = 0;
        while (i < line.Length && line[i] != (byte)'{' && line[i] != (byte)' ') i++;
        if (i == 0) throw Error(lineNo, "missing metric name");
        if (i == line.Length) throw Error(lineNo, "missing value");
        if (line[i] == (byte)' ') return i;
        bool quoted = false;
        for (i++; i < line.Length; i++)
        {
            byte c = line[i];
            if (quoted)
            {
                if (c == (byte)'\\') i++;
                else if (c == (byte)'"') quoted = false;
            }
            else if (c == (byte)'"') quoted = true;
            else if (c == (byte)'}') return i + 1;
        }
        throw Error(lineNo, "unterminated label set");
    }

    private static List<(string Name, string Value)> ParseLabels(ReadOnlySpan<byte> key, long lineNo)
    {
        var labels = new List<(string, string)>();
        int brace = key.IndexOf((byte)'{');
        string metric = Encoding.UTF8.GetString(brace < 0 ? key : key[..brace]);
        labels.Add(("__name__", metric));
        if (brace < 0) return labels;
        ReadOnlySpan<byte> rest = key[(brace + 1)..^1];
        while (true)
        {
            while (!rest.IsEmpty && (rest[0] == (byte)' ' || rest[0] == (byte)',')) rest = rest[1..];
            if (rest.IsEmpty) break;
            int eq = rest.IndexOf((byte)'=');
            if (eq <= 0 || eq + 1 >= rest.Length || rest[eq + 1] != (byte)'"') throw Error(lineNo, "malformed label");
            string name = Encoding.UTF8.GetString(rest[..eq].Trim((byte)' '));
            rest = rest[(eq + 2)..];
            int i = 0;
            var raw = new List<byte>();
            for (; i < rest.Length && rest[i] != (byte)'"'; i++)
            {
                byte c = rest[i];
                if (c == (byte)'\\' && i + 1 < rest.Length)
                {
                    i++;
                    raw.Add(rest[i] switch { (byte)'n' => (byte)'\n', var e => e });
                }
                else
                {
                    raw.Add(c);
                }
            }
            if (i >= rest.Length) throw Error(lineNo, "unterminated label value");
            labels.Add((name, Encoding.UTF8.GetString(raw.ToArray())));
            rest = rest[(i + 1)..];
        }
        labels.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        for (int i = 1; i < labels.Count; i++)
        {
            if (labels[i].Item1 == labels[i - 1].Item1) throw Error(lineNo, $"duplicate label {labels[i].Item1}");
        }
        return labels;
    }

    private void ParseValueAndTimestamp(ReadOnlySpan<byte> rest, long lineNo, out double value, out long timestampMs)
    {
        rest = rest.TrimStart((byte)' ');
        int sp = rest.IndexOf((byte)' ');
        if (sp < 0) throw Error(lineNo, "sample without a timestamp");
        value = ParseValue(rest[..sp], lineNo);
        rest = rest[(sp + 1)..].TrimStart((byte)' ');
        int end = rest.IndexOf((byte)' '); // an exemplar (" # {...}") may follow
        timestampMs = ParseSecondsAsMs(end < 0 ? rest : rest[..end], lineNo);
    }

    private static double ParseValue(ReadOnlySpan<byte> text, long lineNo)
    {
        if (Utf8Parser.TryParse(text, out double v, out int used) && used == text.Length) return v;
        if (text.SequenceEqual("+Inf"u8) || text.SequenceEqual("Inf"u8)) return double.PositiveInfinity;
        if (text.SequenceEqual("-Inf"u8)) return double.NegativeInfinity;
        if (text.SequenceEqual("NaN"u8)) return double.NaN;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out v)) return v;
        throw Error(lineNo, "bad value " + Encoding.UTF8.GetString(text));
    }

    /// <summary>Decimal seconds ("1704067200.123", "-5", "12.5") to milliseconds, exactly.</summary>
    private long ParseSecondsAsMs(ReadOnlySpan<byte> text, long lineNo)
    {
        bool negative = !text.IsEmpty && text[0] == (byte)'-';
        if (negative) text = text[1..];
        int dot = text.IndexOf((byte)'.');
        ReadOnlySpan<byte> whole = dot < 0 ? text : text[..dot];
        if (whole.IsEmpty || !Utf8Parser.TryParse(whole, out long seconds, out int used) || used != whole.Length)
            throw Error(lineNo, "bad timestamp " + Encoding.UTF8.GetString(text));
        long ms = checked(seconds * 1000);
        if (dot >= 0)
        {
            ReadOnlySpan<byte> fraction = text[(dot + 1)..];
            long scale = 100;
            bool truncated = false;
            for (int i = 0; i < fraction.Length; i++)
            {
                int d = fraction[i] - '0';
                if ((uint)d > 9) throw Error(lineNo, "bad timestamp " + Encoding.UTF8.GetString(text));
                if (i < 3)
                {
                    ms += d * scale;
                    scale /= 10;
                }
                else if (d != 0)
                {
                    truncated = true;
                }
            }
            if (truncated) SubMillisecondTruncated++;
        }
        return negative ? -ms : ms;
    }

    private static FormatException Error(long lineNo, string message) => new($"line {lineNo}: {message}");
}

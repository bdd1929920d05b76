using System.Text;

namespace Metrics.ScrapeBench;

/// <summary>
/// Builds a realistic exposition of at least a given size from a real capture: copies of it whose metric
/// names get a per-copy prefix (so TYPE lines and families never repeat), in the text format and converted
/// to OpenMetrics (counters as name_total, untyped as unknown, a final # EOF) with the same samples.
/// </summary>
internal static class Corpus
{
    public static string DefaultCapture()
    {
        for (string? dir = Directory.GetCurrentDirectory(); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            string candidate = Path.Combine(dir, "tests", "fixtures", "peer", "exposition", "alltypes.237mfs.prom.txt");
            if (File.Exists(candidate)) return candidate;
        }
        return "/work/shared/peer/exposition/alltypes.237mfs.prom.txt";
    }

    /// <summary>Returns (text, openMetrics, samples per body) of at least <paramref name="minBytes"/> each.</summary>
    public static (byte[] Text, byte[] OpenMetrics, int Samples) Build(string capturePath, int minBytes)
    {
        string[] lines = File.ReadAllLines(capturePath);
        var text = new StringBuilder();
        var om = new StringBuilder();
        int samples = 0;
        for (int copy = 0; text.Length < minBytes || om.Length < minBytes; copy++)
        {
            string prefix = $"c{copy}_";
            samples += AppendCopy(lines, prefix, text, om);
        }
        om.Append("# EOF\n");
        return (Encoding.UTF8.GetBytes(text.ToString()), Encoding.UTF8.GetBytes(om.ToString()), samples);
    }

    /// <summary>
    /// The OpenMetrics family of a counter named <c>x_total</c> is <c>x</c>, unless another family is already
    /// called <c>x</c> (Go's <c>go_memstats_alloc_bytes</c> gauge beside its <c>_total</c> counter): then null, and the
    /// counter keeps its full name as family and gains a second <c>_total</c> on its samples.
    /// </summary>
    private static string? CounterFamily(Dictionary<string, string> types, string name) =>
        types.GetValueOrDefault(name) == "counter" && name.EndsWith("_total", StringComparison.Ordinal) && !types.ContainsKey(name[..^6])
            ? name[..^6] : null;

    private static int AppendCopy(string[] lines, string prefix, StringBuilder text, StringBuilder om)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                types[parts[2]] = parts[3];
            }
        }
        int samples = 0;
        foreach (string line in lines)
        {
            if (line.Length == 0) continue;
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                int nameEnd = line.IndexOf(' ', 7);
                string name = nameEnd < 0 ? line[7..] : line[7..nameEnd];
                string rest = nameEnd < 0 ? "" : line[nameEnd..];
                text.Append(line.AsSpan(0, 7)).Append(prefix).Append(name).Append(rest).Append('\n');
                bool isType = line[2] == 'T';
                string type = types.GetValueOrDefault(name, "untyped");
                string family = CounterFamily(types, name) ?? name;
                if (isType) om.Append("# TYPE ").Append(prefix).Append(family).Append(' ').Append(type == "untyped" ? "unknown" : type).Append('\n');
                else om.Append("# HELP ").Append(prefix).Append(family).Append(rest.Replace("\"", "\\\"", StringComparison.Ordinal)).Append('\n');
                continue;
            }
            if (line[0] == '#') continue;
            samples++;
            text.Append(prefix).Append(line).Append('\n');
            int end = line.IndexOfAny([' ', '{']);
            string metric = line[..end];
            // Counters that do not end in _total get the suffix OpenMetrics requires.
            bool addTotal = types.GetValueOrDefault(metric) == "counter" && CounterFamily(types, metric) is null;
            om.Append(prefix).Append(metric).Append(addTotal ? "_total" : "").Append(line.AsSpan(end)).Append('\n');
        }
        return samples;
    }
}

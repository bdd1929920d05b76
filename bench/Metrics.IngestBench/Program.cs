using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using IronSnappy;
using Metrics.Store.RemoteWrite.Proto;

namespace Metrics.IngestBench;

/// <summary>
/// Remote-write ingest client for the side-by-side storage benchmark (bench/storage/run.sh).
/// <code>
/// ingestbench encode --input data.om --out reqs.bin [--shards 4] [--samples-per-request 2000] [--end-ms now|MS]
/// ingestbench send --requests reqs.bin --url http://127.0.0.1:PORT/api/v1/write [--slack-seconds 300]
///                  [--request-timeout-seconds 60] [--timeout-seconds 3600] [--json result.json]
/// </code>
/// <c>encode</c> reads the OpenMetrics file once, shifts every timestamp by the same amount so the data
/// ends at <c>--end-ms</c> (default: now), and writes all requests, already protobuf + snappy encoded.
/// <c>send</c> loads that file into memory before the clock starts, then posts it with one connection per shard.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.Error.WriteLine("usage: ingestbench encode --input FILE --out REQS [--shards 4] [--samples-per-request 2000] [--end-ms now|MS]");
            Console.Error.WriteLine("       ingestbench send --requests REQS --url URL [--slack-seconds 300] [--request-timeout-seconds 60] [--timeout-seconds 3600] [--json FILE]");
            return 2;
        }
        try
        {
            var options = ParseOptions(args.AsSpan(1));
            return args[0] switch
            {
                "encode" => Encode(options),
                "send" => await SendAsync(options).ConfigureAwait(false),
                _ => throw new ArgumentException($"unknown command {args[0]}"),
            };
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or InvalidDataException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 2;
        }
    }

    private static int Encode(Dictionary<string, string> o)
    {
        string input = Required(o, "input"), output = Required(o, "out");
        int shards = Int(o, "shards", 4);
        int perRequest = Int(o, "samples-per-request", 2000);
        if (shards < 1 || perRequest < 1) throw new ArgumentException("--shards and --samples-per-request must be positive");

        var sw = Stopwatch.StartNew();
        OpenMetricsDataset data = OpenMetricsDataset.Load(input);
        double readSeconds = sw.Elapsed.TotalSeconds;
        if (data.Samples == 0) throw new InvalidDataException($"{input}: no samples");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read {input}: {data.Lines} lines, {data.Series.Count} series, {data.Samples} samples in {readSeconds:F1} s; " +
            $"time {data.MinTimestampMs}..{data.MaxTimestampMs} ms; eof marker {(data.SawEof ? "yes" : "NO")}"));
        if (data.OutOfOrderInFile > 0) Console.Error.WriteLine($"warning: {data.OutOfOrderInFile} samples not after their series' previous timestamp");
        if (data.SubMillisecondTruncated > 0) Console.Error.WriteLine($"warning: {data.SubMillisecondTruncated} timestamps had sub-millisecond digits (truncated)");

        string end = o.GetValueOrDefault("end-ms", "now");
        long endMs = end == "now" ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() : long.Parse(end, CultureInfo.InvariantCulture);
        long shift = endMs - data.MaxTimestampMs;

        sw.Restart();
        RequestSet set = RequestBuilder.Build(data, shards, perRequest, shift);
        double encodeSeconds = sw.Elapsed.TotalSeconds;
        SelfCheck(set, data, shift);
        set.Save(output);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"encoded {set.TotalRequests} requests ({set.TotalSamples} samples, {set.TotalBodyBytes / 1048576.0:F1} MiB snappy, " +
            $"{set.TotalBodyBytes / (double)set.TotalSamples:F1} B/sample on the wire) over {shards} shards in {encodeSeconds:F1} s; " +
            $"shift {shift} ms, data now {set.MinTimestampMs}..{set.MaxTimestampMs} -> {output}"));
        return 0;
    }

    /// <summary>Decodes the first request with the real protobuf types: our hand encoding must round-trip.</summary>
    private static void SelfCheck(RequestSet set, OpenMetricsDataset data, long shift)
    {
        EncodedRequest first = set.Shards.First(s => s.Count > 0)[0];
        WriteRequest decoded = WriteRequest.Parser.ParseFrom(Snappy.Decode(first.Body));
        if (decoded.Timeseries.Count != first.Samples) throw new InvalidDataException($"self-check: {decoded.Timeseries.Count} series, expected {first.Samples}");
        TimeSeries ts = decoded.Timeseries[0];
        string name = ts.Labels.First(l => l.Name == "__name__").Value;
        SeriesData? series = data.Series.FirstOrDefault(s => s.Id % set.Shards.Length == first.Shard && s.Timestamps.Count > 0
            && s.Timestamps[0] + shift == ts.Samples[0].Timestamp && s.Key.StartsWith(name, StringComparison.Ordinal)
            && BitConverter.DoubleToInt64Bits(s.Values[0]) == BitConverter.DoubleToInt64Bits(ts.Samples[0].Value));
        if (series is null || ts.Samples.Count != 1) throw new InvalidDataException("self-check: first sample does not match the file");
        for (int i = 1; i < ts.Labels.Count; i++)
        {
            if (string.CompareOrdinal(ts.Labels[i - 1].Name, ts.Labels[i].Name) >= 0) throw new InvalidDataException("self-check: labels not sorted");
        }
    }

    private static async Task<int> SendAsync(Dictionary<string, string> o)
    {
        string path = Required(o, "requests");
        var url = new Uri(Required(o, "url"));
        var sw = Stopwatch.StartNew();
        RequestSet set = RequestSet.Load(path);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loaded {set.TotalRequests} requests, {set.TotalSamples} samples, {set.TotalBodyBytes / 1048576.0:F1} MiB in {sw.Elapsed.TotalSeconds:F1} s; posting to {url} over {set.Shards.Length} connections"));
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        var sender = new Sender(url, TimeSpan.FromSeconds(Int(o, "request-timeout-seconds", 60)), Int(o, "slack-seconds", 300) * 1000L);
        SendResult r = await sender.RunAsync(set, TimeSpan.FromSeconds(Int(o, "timeout-seconds", 3600))).ConfigureAwait(false);

        double rate = r.SamplesOk / r.Seconds;
        r.LatenciesMs.Sort();
        double P(double q) => r.LatenciesMs.Count == 0 ? 0 : r.LatenciesMs[Math.Min(r.LatenciesMs.Count - 1, (int)(q * r.LatenciesMs.Count))];
        string statuses = string.Join(",", r.StatusCounts.Select(kv => $"{kv.Key}:{kv.Value}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sent {r.Requests}/{set.TotalRequests} requests in {r.Seconds:F2} s: 2xx {r.Ok}, non-2xx {r.Non2xx}, exceptions {r.Exceptions}, not sent {r.NotSent}" +
            $"{(r.TimedOut ? " (TIMED OUT)" : "")}; statuses {statuses}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"samples accepted (2xx) {r.SamplesOk} of {set.TotalSamples}: {rate:F0} samples/s; latency ms p50 {P(0.5):F1} p90 {P(0.9):F1} p99 {P(0.99):F1} max {P(1):F1}"));
        if (r.FirstError is not null) Console.WriteLine("first error: " + r.FirstError);

        if (o.TryGetValue("json", out string? jsonPath))
        {
            var json = new Dictionary<string, object?>
            {
                ["requests_total"] = set.TotalRequests,
                ["requests_sent"] = r.Requests,
                ["ok"] = r.Ok,
                ["non2xx"] = r.Non2xx,
                ["exceptions"] = r.Exceptions,
                ["not_sent"] = r.NotSent,
                ["timed_out"] = r.TimedOut,
                ["statuses"] = r.StatusCounts.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
                ["samples_total"] = set.TotalSamples,
                ["samples_ok"] = r.SamplesOk,
                ["seconds"] = r.Seconds,
                ["samples_per_sec"] = rate,
                ["latency_ms_p50"] = P(0.5),
                ["latency_ms_p99"] = P(0.99),
                ["first_error"] = r.FirstError,
                ["shards"] = set.Shards.Length,
                ["wire_bytes"] = set.TotalBodyBytes,
            };
            await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(json)).ConfigureAwait(false);
        }
        return r.Requests == 0 ? 1 : 0;
    }

    private static Dictionary<string, string> ParseOptions(ReadOnlySpan<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument {a}");
            int eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) options[a[2..eq]] = a[(eq + 1)..];
            else if (i + 1 < args.Length) options[a[2..]] = args[++i];
            else throw new ArgumentException($"{a} needs a value");
        }
        return options;
    }

    private static string Required(Dictionary<string, string> o, string name) =>
        o.TryGetValue(name, out string? v) ? v : throw new ArgumentException($"--{name} is required");

    private static int Int(Dictionary<string, string> o, string name, int fallback) =>
        o.TryGetValue(name, out string? v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}

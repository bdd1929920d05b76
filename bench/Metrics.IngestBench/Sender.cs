using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Metrics.IngestBench;

/// <summary>Outcome of one send run.</summary>
internal sealed class SendResult
{
    public long Requests { get; set; }
    public long Ok { get; set; }
    public long SamplesOk { get; set; }
    public long SamplesSent { get; set; }
    public long Non2xx { get; set; }
    public long Exceptions { get; set; }
    public long NotSent { get; set; }
    public SortedDictionary<int, long> StatusCounts { get; } = [];
    public string? FirstError { get; set; }
    public double Seconds { get; set; }
    public bool TimedOut { get; set; }
    public List<double> LatenciesMs { get; } = [];
}

/// <summary>
/// Posts the pre-encoded requests, one connection per shard, each shard sequentially (a series' samples
/// stay in order). Shards are kept within <c>slack</c> of data time of each other, as a WAL-fed queue is:
/// a receiver refuses samples more than half a block range (1 h) behind its newest one.
/// </summary>
internal sealed class Sender(Uri url, TimeSpan requestTimeout, long slackMs)
{
    private readonly object _gate = new();

    public async Task<SendResult> RunAsync(RequestSet set, TimeSpan overallTimeout)
    {
        int shards = set.Shards.Length;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = shards,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        using var client = new HttpClient(handler) { Timeout = requestTimeout };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Prometheus/2.42.0");
        client.DefaultRequestHeaders.ExpectContinue = false;

        // progress[i]: newest data timestamp shard i has finished sending (long.MaxValue when done).
        var progress = new long[shards];
        Array.Fill(progress, set.MinTimestampMs);
        var result = new SendResult();
        var perShard = new SendResult[shards];
        using var cts = new CancellationTokenSource(overallTimeout);
        var stopwatch = Stopwatch.StartNew();
        var tasks = new Task[shards];
        for (int s = 0; s < shards; s++)
        {
            int shard = s;
            perShard[shard] = new SendResult();
            tasks[shard] = Task.Run(() => RunShardAsync(client, set.Shards[shard], shard, progress, perShard[shard], cts.Token));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        stopwatch.Stop();
        result.Seconds = stopwatch.Elapsed.TotalSeconds;
        result.TimedOut = cts.IsCancellationRequested;
        foreach (SendResult r in perShard)
        {
            result.Requests += r.Requests;
            result.Ok += r.Ok;
            result.SamplesOk += r.SamplesOk;
            result.SamplesSent += r.SamplesSent;
            result.Non2xx += r.Non2xx;
            result.Exceptions += r.Exceptions;
            result.NotSent += r.NotSent;
            result.FirstError ??= r.FirstError;
            result.LatenciesMs.AddRange(r.LatenciesMs);
            foreach (var (status, count) in r.StatusCounts)
                result.StatusCounts[status] = result.StatusCounts.GetValueOrDefault(status) + count;
        }
        return result;
    }

    private async Task RunShardAsync(HttpClient client, List<EncodedRequest> requests, int shard, long[] progress, SendResult r, CancellationToken ct)
    {
        int i = 0;
        try
        {
            for (; i < requests.Count; i++)
            {
                EncodedRequest request = requests[i];
                if (!WaitForOthers(progress, shard, request.MaxTimestampMs, ct)) break;
                var started = Stopwatch.GetTimestamp();
                r.Requests++;
                r.SamplesSent += request.Samples;
                try
                {
                    using var content = new ByteArrayContent(request.Body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                    content.Headers.ContentEncoding.Add("snappy");
                    using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = content, Version = HttpVersion.Version11 };
                    message.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
                    using HttpResponseMessage response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                    int status = (int)response.StatusCode;
                    r.StatusCounts[status] = r.StatusCounts.GetValueOrDefault(status) + 1;
                    if (status is >= 200 and < 300)
                    {
                        r.Ok++;
                        r.SamplesOk += request.Samples;
                    }
                    else
                    {
                        r.Non2xx++;
                        if (r.FirstError is null)
                        {
                            string body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                            r.FirstError = $"HTTP {status} (shard {shard}, request {i}, data time {request.MinTimestampMs}..{request.MaxTimestampMs}): {Trim(body)}";
                        }
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    if (ct.IsCancellationRequested) break;
                    r.Exceptions++;
                    r.FirstError ??= $"exception (shard {shard}, request {i}): {e.GetType().Name}: {Trim(e.Message)}";
                }
                r.LatenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                lock (_gate)
                {
                    progress[shard] = Math.Max(progress[shard], request.MaxTimestampMs);
                    Monitor.PulseAll(_gate);
                }
            }
        }
        finally
        {
            r.NotSent += requests.Count - i;
            lock (_gate)
            {
                progress[shard] = long.MaxValue;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Blocks until every other shard has sent data up to <paramref name="maxTs"/> minus the slack.</summary>
    private bool WaitForOthers(long[] progress, int shard, long maxTs, CancellationToken ct)
    {
        lock (_gate)
        {
            while (true)
            {
                if (ct.IsCancellationRequested) return false;
                long slowest = long.MaxValue;
                for (int j = 0; j < progress.Length; j++)
                {
                    if (j != shard) slowest = Math.Min(slowest, progress[j]);
                }
                if (slowest == long.MaxValue || maxTs <= slowest + slackMs) return true;
                Monitor.Wait(_gate, 200);
            }
        }
    }

    private static string Trim(string text)
    {
        text = text.Trim();
        return text.Length <= 600 ? text : text[..600] + "...";
    }
}

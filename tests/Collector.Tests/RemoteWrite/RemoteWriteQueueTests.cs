using Metrics.Collector.Config;
using Metrics.Collector.RemoteWrite;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging.Abstractions;
using static Metrics.Collector.Tests.RemoteWrite.RemoteWriteTestSupport;

namespace Metrics.Collector.Tests.RemoteWrite;

public sealed class RemoteWriteQueueTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rw-queue-").FullName;
    private readonly string _name = "q" + Guid.NewGuid().ToString("N")[..8];
    private readonly RemoteWriteMetrics _metrics = new();
    private FakeReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await FakeReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _metrics.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static RemoteWriteQueueConfig Queue(int perSend = 100, int minShards = 1, int maxShards = 4, int? capacity = null) => new()
    {
        MaxSamplesPerSend = perSend,
        Capacity = capacity ?? perSend,
        MinShards = minShards,
        MaxShards = maxShards,
        MinBackoff = TimeSpan.FromMilliseconds(5),
        MaxBackoff = TimeSpan.FromMilliseconds(40),
        BatchSendDeadline = TimeSpan.FromMilliseconds(20),
    };

    private RemoteWriteQueue Open(RemoteWriteQueueConfig queue, TimeProvider? clock = null, long bufferBytes = RemoteWriteConfig.DefaultBufferBytes)
        => new(RemoteWriteTestSupport.Config(_receiver.Url, _name, queue, bufferBytes), LabelSet.Empty, _dir, _metrics, clock ?? TimeProvider.System, NullLogger.Instance);

    private static async Task StopAsync(CancellationTokenSource stop, Task running)
    {
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Retry_on_503_then_success_delivers_every_sample_exactly_once_in_order_per_series()
    {
        using var probe = new CounterProbe(_name);
        _receiver.Answer = n => n <= 2 ? (503, null) : (204, null);
        using RemoteWriteQueue queue = Open(Queue());
        using var stop = new CancellationTokenSource();
        Task running = queue.RunAsync(stop.Token);
        for (int commit = 0; commit < 3; commit++) AppendSamples(queue, 50, series: 5, firstTs: 1_000 + commit * 10);
        await UntilAsync(() => _receiver.Accepted().Count >= 150 && queue.Buffer.PendingSamples == 0, "150 samples delivered");
        await StopAsync(stop, running);

        var accepted = _receiver.Accepted();
        Assert.Equal(150, accepted.Count);
        foreach (var series in accepted.GroupBy(s => s.Series))
            Assert.Equal(Enumerable.Range(1_000, 30).Select(t => (long)t), series.Select(s => s.Timestamp));
        long refused = _receiver.Requests.Where(r => r.Status == 503).Sum(r => r.Samples.Count);
        Assert.Equal(2, _receiver.Requests.Count(r => r.Status == 503));
        Assert.Equal(refused, probe["metrics_remote_write_samples_retried_total"]);
        Assert.Equal(150, probe["metrics_remote_write_samples_sent_total"]);
        Assert.Equal(1_029, queue.HighestSentTimestampMs);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_servers_Retry_After_and_503_after_exponential_backoff()
    {
        var clock = new InstantDelays();
        _receiver.Answer = n => n switch
        {
            1 => (429, "7"),
            2 or 3 or 4 => (503, null),
            _ => (204, null),
        };
        using RemoteWriteQueue queue = Open(Queue(), clock);
        AppendSamples(queue, 10);
        using var stop = new CancellationTokenSource();
        Task running = queue.RunAsync(stop.Token);
        await UntilAsync(() => _receiver.Accepted().Count == 10, "delivery after the retries");
        await StopAsync(stop, running);

        Assert.Equal([429, 503, 503, 503, 204], _receiver.Requests.OrderBy(r => r.Number).Select(r => r.Status));
        // Retry-After replaces the backoff once; then 5 ms doubling: 5, 10, 20.
        var waits = clock.Requested.ToList();
        int at = waits.IndexOf(TimeSpan.FromSeconds(7));
        Assert.True(at >= 0, "Retry-After: 7 was not honoured; waits: " + string.Join(", ", waits));
        Assert.Equal([TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20)], waits.Skip(at + 1).Take(3));
    }

    [Fact]
    public async Task A_400_is_not_retried_and_its_samples_are_counted_as_failed_and_dropped()
    {
        using var probe = new CounterProbe(_name);
        _receiver.Answer = n => n == 1 ? (400, null) : (204, null);
        using RemoteWriteQueue queue = Open(Queue());
        AppendSamples(queue, 10, firstTs: 1_000);
        using var stop = new CancellationTokenSource();
        Task running = queue.RunAsync(stop.Token);
        await UntilAsync(() => _receiver.Requests.Count == 1 && queue.Buffer.PendingSamples == 0, "the rejected request");
        AppendSamples(queue, 10, firstTs: 2_000);
        await UntilAsync(() => _receiver.Accepted().Count == 10, "the next batch");
        await StopAsync(stop, running);

        Assert.Equal(2, _receiver.Requests.Count);
        Assert.All(_receiver.Accepted(), s => Assert.True(s.Timestamp >= 2_000));
        Assert.Equal(10, probe["metrics_remote_write_samples_failed_total"]);
        Assert.Equal(10, probe["metrics_remote_write_samples_dropped_total{rejected}"]);
        Assert.Equal(0, probe["metrics_remote_write_samples_retried_total"]);
    }

    [Fact]
    public async Task A_partial_batch_waits_batch_send_deadline_and_a_full_one_does_not_wait()
    {
        var clock = new InstantDelays();
        using RemoteWriteQueue queue = Open(Queue(perSend: 100), clock);
        AppendSamples(queue, 100, series: 10, firstTs: 1_000);
        using var stop = new CancellationTokenSource();
        Task running = queue.RunAsync(stop.Token);
        await UntilAsync(() => _receiver.Accepted().Count == 100, "the full batch");
        Assert.Empty(clock.Requested);

        AppendSamples(queue, 10, series: 10, firstTs: 2_000);
        await UntilAsync(() => _receiver.Accepted().Count == 110, "the partial batch");
        await StopAsync(stop, running);
        // The first wait is the whole deadline; this clock fires early, so any later wait is the remainder.
        Assert.Equal(TimeSpan.FromMilliseconds(20), clock.Requested.First());
        Assert.All(clock.Requested, w => Assert.True(w <= TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public async Task Batches_hold_at_most_max_samples_per_send()
    {
        using RemoteWriteQueue queue = Open(Queue(perSend: 100, maxShards: 1, capacity: 1000));
        AppendSamples(queue, 250, series: 7);
        using var stop = new CancellationTokenSource();
        Task running = queue.RunAsync(stop.Token);
        await UntilAsync(() => _receiver.Accepted().Count == 250, "250 samples");
        await StopAsync(stop, running);

        Assert.Equal([100, 100, 50], _receiver.Requests.OrderBy(r => r.Number).Select(r => r.Samples.Count));
    }

    [Fact]
    public async Task Shards_scale_up_to_max_shards_with_the_backlog_and_back_to_min_shards()
    {
        _receiver.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using RemoteWriteQueue queue = Open(Queue(perSend: 10, minShards: 1, maxShards: 4));
        AppendSamples(queue, 1_000, series: 50);
        using var stop = new CancellationTokenSource();
        Task running = queue.RunAsync(stop.Token);
        await UntilAsync(() => _receiver.InFlight == 4, "four shards in flight");
        Assert.Equal(4, queue.CurrentShards);
        _receiver.Gate.SetResult();
        await UntilAsync(() => _receiver.Accepted().Count == 1_000, "the backlog");
        Assert.Equal(4, _receiver.MaxInFlight);

        AppendSamples(queue, 5, firstTs: 10_000);
        await UntilAsync(() => _receiver.Accepted().Count == 1_005, "a small batch");
        Assert.Equal(1, queue.CurrentShards);
        await StopAsync(stop, running);
    }

    [Fact]
    public async Task Beyond_its_size_bound_the_buffer_drops_the_oldest_samples_counted_and_keeps_the_newest()
    {
        using var probe = new CounterProbe(_name);
        const long bound = 64 * 1024;
        using RemoteWriteQueue queue = Open(Queue(perSend: 500, maxShards: 1, capacity: 500), bufferBytes: bound);
        // Receiver unreachable in effect: the sender is not running while the backlog grows.
        for (int commit = 0; commit < 200; commit++) AppendSamples(queue, 20, series: 20, firstTs: commit);
        Assert.True(queue.Buffer.Bytes <= bound, $"buffer holds {queue.Buffer.Bytes} bytes, bound {bound}");
        long kept = queue.Buffer.PendingSamples;
        long dropped = probe["metrics_remote_write_samples_dropped_total{buffer_full}"];
        Assert.True(dropped > 0);
        Assert.Equal(4_000, kept + dropped);

        using var stop = new CancellationTokenSource();
        Task running = queue.RunAsync(stop.Token);
        await UntilAsync(() => _receiver.Accepted().Count == kept, "the kept samples");
        await StopAsync(stop, running);
        var timestamps = _receiver.Accepted().Select(s => s.Timestamp).ToHashSet();
        Assert.Contains(199L, timestamps);       // the newest survive
        Assert.DoesNotContain(0L, timestamps);   // the oldest were dropped
    }

    [Fact]
    public async Task After_a_restart_the_queue_resumes_from_the_acknowledged_position_without_loss_or_duplicates()
    {
        using (RemoteWriteQueue first = Open(Queue()))
        {
            AppendSamples(first, 100, series: 4, firstTs: 1_000);
            using var stop = new CancellationTokenSource();
            Task running = first.RunAsync(stop.Token);
            await UntilAsync(() => first.Buffer.PendingSamples == 0, "the first 100 acknowledged");
            await StopAsync(stop, running);
            // Buffered while the sender is down, then the process goes away.
            AppendSamples(first, 60, series: 4, firstTs: 2_000);
        }

        using RemoteWriteQueue second = Open(Queue());
        Assert.Equal(60, second.Buffer.PendingSamples);
        using var stop2 = new CancellationTokenSource();
        Task running2 = second.RunAsync(stop2.Token);
        await UntilAsync(() => second.Buffer.PendingSamples == 0 && _receiver.Accepted().Count >= 160, "the resumed 60");
        await StopAsync(stop2, running2);

        var accepted = _receiver.Accepted();
        Assert.Equal(160, accepted.Count);
        Assert.Equal(160, accepted.Select(s => (s.Series, s.Timestamp)).Distinct().Count());
    }

    [Fact]
    public async Task A_round_in_flight_at_a_crash_is_sent_again_after_restart_so_nothing_is_lost()
    {
        _receiver.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Answer = n => n == 1 ? (503, null) : (204, null);
        using (RemoteWriteQueue first = Open(Queue()))
        {
            AppendSamples(first, 30, series: 3, firstTs: 1_000);
            using var stop = new CancellationTokenSource();
            Task running = first.RunAsync(stop.Token);
            await UntilAsync(() => _receiver.InFlight == 1, "a request in flight");
            await StopAsync(stop, running);   // no acknowledgement was written
        }
        _receiver.Gate.SetResult();

        using RemoteWriteQueue second = Open(Queue());
        Assert.Equal(30, second.Buffer.PendingSamples);
        using var stop2 = new CancellationTokenSource();
        Task running2 = second.RunAsync(stop2.Token);
        await UntilAsync(() => second.Buffer.PendingSamples == 0, "the resent round");
        await StopAsync(stop2, running2);
        Assert.Equal(30, _receiver.Accepted().Select(s => (s.Series, s.Timestamp)).Distinct().Count());
    }

    [Fact]
    public async Task A_resent_round_that_a_prometheus_like_receiver_refuses_whole_is_split_until_only_the_old_samples_are_dropped()
    {
        using var probe = new CounterProbe(_name);
        _receiver.RejectOutOfOrderLikePrometheus = true;
        _receiver.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Held = n => n >= 3;
        _receiver.Answer = n => n == 3 ? (503, null) : (204, null);   // the abandoned request does not land
        using (RemoteWriteQueue first = Open(Queue(perSend: 10, maxShards: 1)))
        {
            AppendSamples(first, 30, series: 1, firstTs: 1);
            using var stop = new CancellationTokenSource();
            Task running = first.RunAsync(stop.Token);
            await UntilAsync(() => _receiver.Accepted().Count == 20 && _receiver.InFlight == 1, "two batches delivered, the third in flight");
            await StopAsync(stop, running);   // the round (all 30) stays unacknowledged
        }
        _receiver.Gate.SetResult();
        await UntilAsync(() => _receiver.InFlight == 0, "the abandoned request to finish");

        // Resent in batches of 25: the first mixes 20 delivered samples with 5 new ones.
        using RemoteWriteQueue second = Open(Queue(perSend: 25, maxShards: 1));
        using var stop2 = new CancellationTokenSource();
        Task running2 = second.RunAsync(stop2.Token);
        await UntilAsync(() => second.Buffer.PendingSamples == 0, "the resent round");
        await StopAsync(stop2, running2);

        var delivered = _receiver.Accepted().Select(s => s.Timestamp).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(t => (long)t), delivered.Order());
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
        Assert.Equal(20, probe["metrics_remote_write_samples_dropped_total{rejected}"]);
    }
}

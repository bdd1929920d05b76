using System.Buffers;
using IronSnappy;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.RemoteWrite;

public sealed partial class RemoteWriteQueue
{
    /// <summary>
    /// Ships the buffer until cancelled. Each round: wait for a full batch or batch_send_deadline,
    /// pick the shard count from the backlog, read that many shards' capacity, split by series
    /// hash (so one series' samples stay in order on one shard), send every shard's batches in
    /// parallel with retries, then acknowledge the round. Cancelling leaves the round unacknowledged.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var round = new ShipmentRound();
        RemoteWriteQueueConfig q = _config.Queue;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await WaitForBatchAsync(ct).ConfigureAwait(false);
                long backlog = Buffer.UnreadSamples;
                int shards = (int)Math.Clamp((backlog + q.MaxSamplesPerSend - 1) / q.MaxSamplesPerSend, q.MinShards, q.MaxShards);
                _shards = shards;
                Buffer.ReadRound(round, (int)Math.Min((long)shards * q.Capacity, int.MaxValue));
                if (round.Samples.Count == 0) continue;
                await SendRoundAsync(round, shards, ct).ConfigureAwait(false);
                Buffer.Acknowledge(round.End, round.Samples.Count);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The buffer's disk misbehaves: nothing is acknowledged, so the round is read again later.
                LogBufferReadFailed(_config.Name, e.Message);
                await Task.Delay(q.MaxBackoff, _clock, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Returns once a full batch is buffered, or some samples have waited batch_send_deadline.</summary>
    private async Task WaitForBatchAsync(CancellationToken ct)
    {
        RemoteWriteQueueConfig q = _config.Queue;
        DateTimeOffset? firstSeen = null;
        while (true)
        {
            Task appended = Buffer.NextAppend;   // taken before the check, so an append in between still wakes us
            long unread = Buffer.UnreadSamples;
            if (unread >= q.MaxSamplesPerSend) return;
            if (unread == 0)
            {
                firstSeen = null;
                await appended.WaitAsync(ct).ConfigureAwait(false);
                continue;
            }
            DateTimeOffset now = _clock.GetUtcNow();
            firstSeen ??= now;
            TimeSpan left = q.BatchSendDeadline - (now - firstSeen.Value);
            if (left <= TimeSpan.Zero) return;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Task delay = Task.Delay(left, _clock, stop.Token);
            await Task.WhenAny(appended, delay).ConfigureAwait(false);
            stop.Cancel();   // the losing delay ends cancelled, unobserved, which is fine
            ct.ThrowIfCancellationRequested();
        }
    }

    private async Task SendRoundAsync(ShipmentRound round, int shards, CancellationToken ct)
    {
        var parts = new List<int>[shards];
        for (int s = 0; s < shards; s++) parts[s] = [];
        List<BufferedSample> samples = round.Samples;
        for (int i = 0; i < samples.Count; i++) parts[(int)(samples[i].SeriesHash % (ulong)shards)].Add(i);
        var sends = new Task[shards];
        for (int s = 0; s < shards; s++) sends[s] = SendShardAsync(round, parts[s], ct);
        await Task.WhenAll(sends).ConfigureAwait(false);
    }

    /// <summary>Sends one shard's part of a round in order, max_samples_per_send at a time.</summary>
    private async Task SendShardAsync(ShipmentRound round, List<int> indexes, CancellationToken ct)
    {
        int perSend = _config.Queue.MaxSamplesPerSend;
        for (int from = 0; from < indexes.Count; from += perSend)
            await SendRangeAsync(round, indexes, from, Math.Min(perSend, indexes.Count - from), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one batch. A receiver that refuses a batch for out-of-order or duplicate samples may
    /// have refused all of it (Prometheus rolls the whole request back), though most samples could
    /// be new: that is what a round resent after a crash looks like. Such a batch is split in halves,
    /// in order, until the refused samples are isolated, so only they are dropped.
    /// </summary>
    private async Task SendRangeAsync(ShipmentRound round, List<int> indexes, int from, int count, CancellationToken ct)
    {
        (byte[] body, long newest) = Encode(round, indexes, from, count);
        SendOutcome outcome = await SendWithRetryAsync(body, count, newest, ct).ConfigureAwait(false);
        if (outcome.Result != SendResult.Reject) return;
        if (count > 1 && IsOrderingRefusal(outcome.Detail))
        {
            int half = count / 2;
            await SendRangeAsync(round, indexes, from, half, ct).ConfigureAwait(false);
            await SendRangeAsync(round, indexes, from + half, count - half, ct).ConfigureAwait(false);
            return;
        }
        _metrics.SamplesFailed.Add(count, Tags);
        _metrics.SamplesDropped.Add(count, [.. Tags, new("reason", "rejected")]);
        LogRejected(_config.Name, count, outcome.Detail);
    }

    private static bool IsOrderingRefusal(string detail)
        => detail.Contains("out of order", StringComparison.OrdinalIgnoreCase)
        || detail.Contains("out of bounds", StringComparison.OrdinalIgnoreCase)
        || detail.Contains("duplicate sample", StringComparison.OrdinalIgnoreCase);

    /// <summary>A WriteRequest is only its timeseries fields, so the body is the entries back to back, snappy-compressed.</summary>
    private static (byte[] Body, long Newest) Encode(ShipmentRound round, List<int> indexes, int from, int count)
    {
        int size = 0;
        for (int i = from; i < from + count; i++) size += round.Samples[indexes[i]].Length;
        byte[] raw = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            int at = 0;
            long newest = long.MinValue;
            for (int i = from; i < from + count; i++)
            {
                BufferedSample sample = round.Samples[indexes[i]];
                round.Entry(sample).CopyTo(raw.AsSpan(at));
                at += sample.Length;
                newest = Math.Max(newest, sample.TimestampMs);
            }
            return (Snappy.Encode(raw.AsSpan(0, size)), newest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    /// <summary>Sends until the batch is delivered or refused for good; returns that final outcome.</summary>
    private async Task<SendOutcome> SendWithRetryAsync(byte[] body, int count, long newest, CancellationToken ct)
    {
        RemoteWriteQueueConfig q = _config.Queue;
        TimeSpan backoff = q.MinBackoff;
        while (true)
        {
            SendOutcome outcome = await _sender.SendAsync(body, ct).ConfigureAwait(false);
            if (outcome.Result == SendResult.Delivered)
            {
                _metrics.SamplesSent.Add(count, Tags);
                RaiseHighestSent(newest);
                return outcome;
            }
            if (outcome.Result == SendResult.Reject) return outcome;
            _metrics.SamplesRetried.Add(count, Tags);
            TimeSpan wait = outcome.RetryAfter ?? backoff;
            LogRetrying(_config.Name, count, outcome.Detail, wait.TotalSeconds);
            await Task.Delay(wait, _clock, ct).ConfigureAwait(false);
            // The server's Retry-After replaces one wait; only our own guesses grow exponentially.
            if (outcome.RetryAfter is null) backoff = backoff * 2 > q.MaxBackoff ? q.MaxBackoff : backoff * 2;
        }
    }

    private void RaiseHighestSent(long timestampMs)
    {
        long seen = Interlocked.Read(ref _highestSentMs);
        while (timestampMs > seen)
        {
            long was = Interlocked.CompareExchange(ref _highestSentMs, timestampMs, seen);
            if (was == seen) return;
            seen = was;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Remote write {Queue}: {Samples} samples rejected and dropped (not retried): {Detail}")]
    private partial void LogRejected(string queue, int samples, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote write {Queue}: sending {Samples} samples failed, retrying in {Seconds}s: {Detail}")]
    private partial void LogRetrying(string queue, int samples, string detail, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Remote write {Queue}: reading the buffer failed, retrying: {Problem}")]
    private partial void LogBufferReadFailed(string queue, string problem);
}

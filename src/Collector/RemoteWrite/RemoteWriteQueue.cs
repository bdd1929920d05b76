using Metrics.Collector.Config;
using Metrics.Collector.Relabel;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Microsoft.Extensions.Logging;

namespace Metrics.Collector.RemoteWrite;

/// <summary>
/// One <c>remote_write</c> destination: an <see cref="IAppendable"/> whose commits land in a
/// durable on-disk buffer, and a sender loop (<see cref="RunAsync"/>) that ships the buffer in
/// rounds over 1..max_shards parallel shards. Delivery is at least once: a round is acknowledged
/// only when every sample in it was accepted or refused for good, so after a crash at most the
/// round in flight is sent again.
/// </summary>
public sealed partial class RemoteWriteQueue : IAppendable, IDisposable
{
    private readonly RemoteWriteConfig _config;
    private readonly LabelSet _externalLabels;
    private readonly RemoteWriteMetrics _metrics;
    private readonly RemoteWriteSender _sender;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private long _highestSentMs = long.MinValue;
    private volatile int _shards;

    /// <param name="bufferDir">This queue's own folder; the buffer resumes from what is found there.</param>
    public RemoteWriteQueue(RemoteWriteConfig config, LabelSet externalLabels, string bufferDir, RemoteWriteMetrics metrics,
        TimeProvider clock, ILogger logger, HttpMessageHandler? handler = null)
    {
        _config = config;
        _externalLabels = externalLabels;
        _metrics = metrics;
        _clock = clock;
        _logger = logger;
        Tags = [new("remote_name", config.Name), new("url", config.Url.ToString())];
        _shards = config.Queue.MinShards;
        Buffer = DurableBuffer.Open(bufferDir, config.BufferMaxBytes, config.BufferFsync, logger,
            (lost, reason) => _metrics.SamplesDropped.Add(lost, [.. Tags, new("reason", reason)]));
        _sender = new RemoteWriteSender(config, handler);
        _metrics.Register(this);
    }

    public RemoteWriteConfig Config => _config;
    public DurableBuffer Buffer { get; }

    /// <summary>Shards used by the current (or last) round.</summary>
    public int CurrentShards => _shards;

    /// <summary>Newest timestamp among acknowledged samples; null before the first delivery.</summary>
    public long? HighestSentTimestampMs
    {
        get
        {
            long v = Interlocked.Read(ref _highestSentMs);
            return v == long.MinValue ? null : v;
        }
    }

    internal KeyValuePair<string, object?>[] Tags { get; }

    /// <summary><c>global.external_labels</c>, added to every series that lacks them.</summary>
    internal LabelSet ExternalLabels => _externalLabels;

    public IAppender CreateAppender() => new RemoteWriteAppender(this);

    /// <summary>External labels (where the sample has no such label), then write_relabel_configs; null when dropped.</summary>
    internal LabelSet? PrepareLabels(LabelSet labels)
    {
        if (_externalLabels.Count > 0)
        {
            LabelSetBuilder? builder = null;
            foreach (Label l in _externalLabels.AsSpan())
            {
                if (labels.Has(l.Name)) continue;
                builder ??= labels.ToBuilder();
                builder.Set(l.Name, l.Value);
            }
            if (builder is not null) labels = builder.Build();
        }
        return _config.WriteRelabelConfigs.Count == 0 ? labels : Relabeler.Process(labels, _config.WriteRelabelConfigs);
    }

    /// <summary>Appends to the buffer; false (counted, logged) when the disk refuses, so the scrape reports nothing stored.</summary>
    internal bool WriteToBuffer(ReadOnlySpan<byte> payload, int samples)
    {
        try
        {
            Buffer.Append(payload, samples);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // ObjectDisposedException: a scrape that finishes while the process shuts down.
            _metrics.SamplesDropped.Add(samples, [.. Tags, new("reason", "buffer_write_failed")]);
            LogBufferWriteFailed(_config.Name, samples, e.Message);
            return false;
        }
    }

    public void Dispose()
    {
        _metrics.Unregister(this);
        _sender.Dispose();
        Buffer.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Remote write {Queue}: cannot buffer {Samples} samples: {Problem}")]
    private partial void LogBufferWriteFailed(string queue, int samples, string problem);
}

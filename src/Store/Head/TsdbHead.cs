using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.Wal;
using Microsoft.Extensions.Logging;

namespace Metrics.Store.Head;

/// <summary>
/// The in-memory head of the TSDB: recent samples of every active series, an inverted index,
/// and the write-ahead log that makes every acknowledged commit survive a crash.
/// </summary>
public sealed partial class TsdbHead : IAppendable, ISeriesQueryable, IDisposable
{
    private readonly StripedSeriesMap _series = new();
    private readonly MemPostings _postings = new();
    private readonly StringInterner _symbols = new();
    private readonly Lock _commitLock = new();
    private readonly WalBatch _batch = new();
    private readonly HeadOptions _options;
    private readonly StoreMetrics? _metrics;
    private readonly ILogger _logger;
    private WalWriter? _wal;
    private long _nextRef;
    private long _minValidTime = long.MinValue;
    private long _minTime = long.MaxValue;
    private long _maxTime = long.MinValue;

    private TsdbHead(HeadOptions options, StoreMetrics? metrics, ILogger logger)
    {
        _options = options;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>A head without a WAL: for imports and tests; nothing survives the process.</summary>
    public static TsdbHead InMemory(HeadOptions? options = null) => new(options ?? new HeadOptions(), null, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

    /// <summary>Opens the head over <paramref name="walDir"/>, replaying what the WAL holds.</summary>
    public static TsdbHead Open(string walDir, HeadOptions options, StoreMetrics? metrics, ILogger logger)
    {
        var head = new TsdbHead(options, metrics, logger);
        int last = head.Replay(walDir);
        head._wal = new WalWriter(walDir, options.Wal, last);
        return head;
    }

    public int SeriesCount => _series.Count;

    /// <summary>The oldest sample time in the head, or long.MaxValue when empty.</summary>
    public long MinTime => Interlocked.Read(ref _minTime);

    /// <summary>The newest sample time in the head, or long.MinValue when empty.</summary>
    public long MaxTime => Interlocked.Read(ref _maxTime);

    /// <summary>Samples older than this are refused: their range is already persisted in a block.</summary>
    public long MinValidTime => Interlocked.Read(ref _minValidTime);

    internal MemPostings Postings => _postings;

    /// <summary>Refuses samples before <paramref name="timeMs"/> from now on (the newest block ends there).</summary>
    public void SetMinValidTime(long timeMs) => Interlocked.Exchange(ref _minValidTime, Math.Max(MinValidTime, timeMs));

    internal StripedSeriesMap Series => _series;

    public IAppender CreateAppender() => new HeadAppender(this);

    public ISeriesQuerier Querier(long minTimeMs, long maxTimeMs) => new HeadQuerier(this, minTimeMs, maxTimeMs);

    internal HeadSeries GetOrCreateSeries(LabelSet labels)
    {
        HeadSeries? existing = _series.Get(labels);
        if (existing is not null) return existing;
        LabelSet interned = _symbols.Intern(labels);
        HeadSeries series = _series.GetOrAdd(interned, () => new HeadSeries((ulong)Interlocked.Increment(ref _nextRef), interned), out bool created);
        if (created)
        {
            _postings.Add(series.Reference, series.Labels);
            _metrics?.SeriesCreated.Add(1);
        }
        return series;
    }

    /// <summary>
    /// Applies staged samples and writes them ahead before returning. One lock orders apply and
    /// WAL writes, so the log replays to exactly the accepted samples; series lookup, label
    /// hashing and interning happen before it, in parallel.
    /// </summary>
    internal AppendResult Commit(List<PendingSample> pending)
    {
        if (pending.Count == 0) return default;
        int ok = 0, outOfOrder = 0, duplicate = 0;
        long min = long.MaxValue, max = long.MinValue;
        List<HeadSeries>? newlyLogged = null;
        lock (_commitLock)
        {
            _batch.Clear();
            long minValid = MinValidTime;
            foreach (PendingSample staged in pending)
            {
                // A series removed by truncation since it was staged is looked up (or created) again.
                PendingSample p = staged.Series.Removed ? staged with { Series = GetOrCreateSeries(staged.Series.Labels) } : staged;
                AppendStatus status = p.TimestampMs < minValid
                    ? AppendStatus.OutOfOrder
                    : p.Series.Append(p.TimestampMs, p.Value, _options.BlockRangeMs);
                switch (status)
                {
                    case AppendStatus.Ok:
                        if (!p.Series.Logged)
                        {
                            _batch.AddSeries(p.Series.Reference, p.Series.Labels);
                            p.Series.Logged = true;
                            (newlyLogged ??= []).Add(p.Series);
                        }
                        _batch.AddSample(p.Series.Reference, p.TimestampMs, p.Value);
                        ok++;
                        min = Math.Min(min, p.TimestampMs);
                        max = Math.Max(max, p.TimestampMs);
                        break;
                    case AppendStatus.OutOfOrder: outOfOrder++; break;
                    case AppendStatus.DuplicateTimestamp: duplicate++; break;
                }
            }
            if (_wal is not null && !_batch.IsEmpty)
            {
                try
                {
                    ReadOnlySpan<byte> framed = _batch.Frame();
                    _wal.Write(framed);
                    _metrics?.WalBytes.Add(framed.Length);
                }
                catch (IOException)
                {
                    // Not acknowledged: let a later commit write these series records again.
                    foreach (HeadSeries s in newlyLogged ?? []) s.Logged = false;
                    throw;
                }
            }
        }
        if (ok > 0) ExtendTimeRange(min, max);
        _metrics?.SamplesAppended.Add(ok);
        if (outOfOrder > 0) _metrics?.SamplesRejected.Add(outOfOrder, new KeyValuePair<string, object?>("reason", "out_of_order"));
        if (duplicate > 0) _metrics?.SamplesRejected.Add(duplicate, new KeyValuePair<string, object?>("reason", "duplicate_timestamp"));
        return new AppendResult(ok, outOfOrder, duplicate);
    }

    private void ExtendTimeRange(long min, long max)
    {
        long seen;
        while (min < (seen = Interlocked.Read(ref _minTime)) && Interlocked.CompareExchange(ref _minTime, min, seen) != seen) { }
        while (max > (seen = Interlocked.Read(ref _maxTime)) && Interlocked.CompareExchange(ref _maxTime, max, seen) != seen) { }
    }

    public void Dispose()
    {
        lock (_commitLock) _wal?.Dispose();
        _batch.Dispose();
    }
}

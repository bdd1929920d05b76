using Metrics.Store.Labels;
using Metrics.Store.Wal;
using Microsoft.Extensions.Logging;

namespace Metrics.Store.Head;

public sealed partial class TsdbHead
{
    /// <summary>Rebuilds the head from the WAL; returns the last segment index.</summary>
    private int Replay(string walDir)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        // A series can appear twice (checkpoint and a later segment); later references map to the first.
        var aliases = new Dictionary<ulong, HeadSeries>();
        long samples = 0, unknown = 0;
        int last = WalReader.Replay(walDir, (type, payload) =>
        {
            switch (type)
            {
                case WalRecordType.Series:
                    WalRecordDecoder.DecodeSeries(payload, (reference, labels) => aliases[reference] = RestoreSeries(reference, labels));
                    break;
                case WalRecordType.Samples:
                    WalRecordDecoder.DecodeSamples(payload, (reference, t, v) =>
                    {
                        if (!aliases.TryGetValue(reference, out HeadSeries? series))
                        {
                            unknown++;
                            return;
                        }
                        // Duplicates are expected where a checkpoint overlaps the next segment.
                        if (series.Append(t, v, _options.BlockRangeMs) == Abstractions.AppendStatus.Ok)
                        {
                            samples++;
                            ExtendTimeRange(t, t);
                        }
                    });
                    break;
            }
        }, _logger);
        LogReplayed(_logger, walDir, SeriesCount, samples, unknown, started.ElapsedMilliseconds);
        return last;
    }

    private HeadSeries RestoreSeries(ulong reference, LabelSet labels)
    {
        LabelSet interned = _symbols.Intern(labels);
        HeadSeries series = _series.GetOrAdd(interned, () => new HeadSeries(reference, interned), out bool created);
        if (created)
        {
            _postings.Add(series.Reference, series.Labels);
            if ((long)reference > _nextRef) _nextRef = (long)reference;
        }
        series.Logged = true;
        return series;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed WAL {Dir}: {Series} series, {Samples} samples, {Unknown} samples of unknown series, in {Ms} ms")]
    private static partial void LogReplayed(ILogger logger, string dir, int series, long samples, long unknown, long ms);
}

using System.Buffers;
using Google.Protobuf;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.RemoteWrite.Proto;

namespace Metrics.Store.RemoteWrite;

/// <summary>
/// Stores the float samples of a decoded remote-write request in one appender batch.
/// </summary>
/// <remarks>
/// <para>Partial success. Prometheus 2.x and 3.x, receiving remote-write 1.0, roll back the whole
/// request when one sample is out of order (or a duplicate timestamp) and answer 400, so one stale
/// series costs the sender the entire batch. The issue asks for what remote-write 2.0 specifies
/// instead: keep everything that can be kept, skip only the refused samples and the series with
/// invalid labels (Prometheus itself already skips those), commit once, and report the drops.
/// The HTTP layer turns any drop into a 400 that names it: 4xx tells the sender not to retry,
/// which is right because a retry would be refused the same way while the rest is already stored.</para>
/// <para>Exemplars and metadata are ignored, as Prometheus does without exemplar storage;
/// native histograms are counted as dropped because this store keeps floats only.</para>
/// <para>Stale markers pass through untouched: values are copied as doubles, never normalised,
/// so the NaN bit pattern 0x7ff0000000000002 reaches the storage bit-exact.</para>
/// </remarks>
public static class RemoteWriteHandler
{
    /// <summary>Appends every valid sample of <paramref name="request"/> to <paramref name="storage"/> and commits once.</summary>
    public static RemoteWriteResult Write(WriteRequest request, IAppendable storage)
        => Write(request.ToByteArray(), storage, new SeriesLabelCache());

    /// <summary>
    /// Appends every valid sample of a protobuf-encoded WriteRequest and commits once. Series are
    /// recognised by the raw bytes of their labels through <paramref name="cache"/>, so repeated
    /// series cost neither string decoding nor label-set building.
    /// </summary>
    public static RemoteWriteResult Write(ReadOnlySpan<byte> writeRequest, IAppendable storage, SeriesLabelCache cache)
    {
        var counts = new Counts();
        IAppender appender = storage.CreateAppender();
        AppendResult committed;
        try
        {
            var request = new WireReader(writeRequest);
            while (!request.AtEnd)
            {
                var (field, wireType) = request.ReadTag();
                if (field == 1 && wireType == 2) AppendSeries(request.ReadBytes(), appender, cache, ref counts);
                else request.Skip(wireType);   // metadata (3) and anything newer
            }
            committed = appender.Commit();
        }
        catch
        {
            // A storage failure is not the sender's fault: nothing half-staged may stay behind,
            // and the exception surfaces as a 5xx so the sender retries the whole request.
            appender.Rollback();
            throw;
        }
        string? firstError = counts.FirstError;
        if (firstError is null && committed.Rejected > 0)
            firstError = committed.OutOfOrder > 0 ? "out of order sample" : "duplicate sample for timestamp";
        if (firstError is null && counts.Histograms > 0)
            firstError = "native histograms are not supported";
        return new RemoteWriteResult
        {
            Series = counts.Series,
            SamplesReceived = counts.Samples,
            SamplesAccepted = committed.Accepted,
            SamplesOutOfOrder = committed.OutOfOrder,
            SamplesDuplicateTimestamp = committed.DuplicateTimestamp,
            InvalidSeries = counts.InvalidSeries,
            SamplesInInvalidSeries = counts.SamplesInInvalidSeries,
            HistogramsDropped = counts.Histograms,
            FirstError = firstError,
        };
    }

    private struct Counts
    {
        public int Series, Samples, InvalidSeries, SamplesInInvalidSeries, Histograms;
        public string? FirstError;
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_labelBytes;

    [ThreadStatic]
    private static List<(long T, double V)>? t_samples;

    /// <summary>One TimeSeries: its label fields form the cache key; samples are staged under the cached labels.</summary>
    private static void AppendSeries(ReadOnlySpan<byte> series, IAppender appender, SeriesLabelCache cache, ref Counts counts)
    {
        ArrayBufferWriter<byte> key = t_labelBytes ??= new ArrayBufferWriter<byte>(512);
        List<(long T, double V)> samples = t_samples ??= new List<(long, double)>(16);
        key.ResetWrittenCount();
        samples.Clear();
        counts.Series++;
        var reader = new WireReader(series);
        while (!reader.AtEnd)
        {
            int start = reader.Position;
            var (field, wireType) = reader.ReadTag();
            if (field == 1 && wireType == 2)
            {
                reader.ReadBytes();
                series[start..reader.Position].CopyTo(key.GetSpan(reader.Position - start));
                key.Advance(reader.Position - start);
            }
            else if (field == 2 && wireType == 2) samples.Add(ReadSample(reader.ReadBytes()));
            else
            {
                if (field == 4) counts.Histograms++;
                reader.Skip(wireType);
            }
        }
        counts.Samples += samples.Count;
        if (!cache.TryGet(key.WrittenSpan, out SeriesLabelCache.Entry entry))
        {
            // First sight of this series: decode its labels properly and validate them once.
            TimeSeries parsed;
            try
            {
                parsed = TimeSeries.Parser.ParseFrom(series);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new RemoteWriteException($"protobuf: {e.Message}", e);
            }
            entry = ProtoLabels.TryBuild(parsed.Labels, out LabelSet built, out string? error)
                ? new SeriesLabelCache.Entry(built, null)
                : new SeriesLabelCache.Entry(null, error);
            cache.Add(key.WrittenSpan, entry);
        }
        if (entry.Labels is not { } labels)
        {
            counts.InvalidSeries++;
            counts.SamplesInInvalidSeries += samples.Count;
            counts.FirstError ??= entry.Error;
            return;
        }
        foreach (var (t, v) in samples) appender.Append(labels, t, v);
    }

    /// <summary>Sample: value (field 1, fixed64 double) and timestamp (field 2, varint int64).</summary>
    private static (long T, double V) ReadSample(ReadOnlySpan<byte> sample)
    {
        long t = 0;
        double v = 0;
        var reader = new WireReader(sample);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == 1 && wireType == 1) v = BitConverter.UInt64BitsToDouble(reader.ReadFixed64());
            else if (field == 2 && wireType == 0) t = (long)reader.ReadVarint();
            else reader.Skip(wireType);
        }
        return (t, v);
    }
}

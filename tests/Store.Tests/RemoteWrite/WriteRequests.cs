using Google.Protobuf;
using IronSnappy;
using Metrics.Store.Abstractions;
using Metrics.Store.Labels;
using Metrics.Store.RemoteWrite.Proto;
using ProtoLabel = Metrics.Store.RemoteWrite.Proto.Label;
using ProtoSample = Metrics.Store.RemoteWrite.Proto.Sample;
using Sample = Metrics.Store.Samples.Sample;

namespace Metrics.Store.Tests.RemoteWrite;

/// <summary>Builds remote-write requests and bodies the way a sender would, and reads back what was stored.</summary>
internal static class WriteRequests
{
    /// <summary>A series from alternating label names and values, kept in the given order, plus (timestamp, value) samples.</summary>
    public static TimeSeries Series(string[] namesAndValues, params (long T, double V)[] samples)
    {
        var ts = new TimeSeries();
        for (int i = 0; i < namesAndValues.Length; i += 2)
            ts.Labels.Add(new ProtoLabel { Name = namesAndValues[i], Value = namesAndValues[i + 1] });
        foreach ((long t, double v) in samples)
            ts.Samples.Add(new ProtoSample { Timestamp = t, Value = v });
        return ts;
    }

    public static WriteRequest Request(params TimeSeries[] series)
    {
        var req = new WriteRequest();
        req.Timeseries.Add(series);
        return req;
    }

    /// <summary>The wire body: snappy block format around the protobuf bytes.</summary>
    public static byte[] Encode(WriteRequest request) => Snappy.Encode(request.ToByteArray());

    /// <summary>All samples of the series equal to <paramref name="labels"/>, or an empty array.</summary>
    public static Sample[] Stored(ISeriesQueryable storage, LabelSet labels)
    {
        var matchers = new List<LabelMatcher>();
        foreach (Metrics.Store.Labels.Label l in labels.AsSpan()) matchers.Add(LabelMatcher.Equal(l.Name, l.Value));
        using ISeriesQuerier q = storage.Querier(long.MinValue, long.MaxValue);
        foreach (ISeries s in q.Select(matchers))
        {
            if (!s.Labels.Equals(labels)) continue;
            var samples = new List<Sample>();
            ISampleIterator it = s.Iterator();
            while (it.MoveNext()) samples.Add(it.At());
            return [.. samples];
        }
        return [];
    }
}

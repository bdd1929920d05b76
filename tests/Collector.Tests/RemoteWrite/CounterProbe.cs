using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Metrics.Collector.RemoteWrite;

namespace Metrics.Collector.Tests.RemoteWrite;

/// <summary>Sums the remote-write counters of one queue (by its unique name), so parallel tests do not see each other.</summary>
internal sealed class CounterProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public CounterProbe(string queueName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RemoteWriteMetrics.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? name = null;
            string reason = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "remote_name") name = tag.Value as string;
                if (tag.Key == "reason") reason = (string)tag.Value!;
            }
            if (name != queueName || instrument is not Counter<long>) return;
            string key = reason.Length == 0 ? instrument.Name : $"{instrument.Name}{{{reason}}}";
            _totals.AddOrUpdate(key, value, (_, old) => old + value);
        });
        _listener.Start();
    }

    public long this[string key] => _totals.GetValueOrDefault(key);

    public void Dispose() => _listener.Dispose();
}

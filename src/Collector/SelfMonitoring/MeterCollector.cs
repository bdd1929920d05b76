using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Metrics.Collector.SelfMonitoring;

/// <summary>
/// Listens to our own <see cref="Meter"/>s and keeps cumulative aggregates, so that /metrics can
/// write them in the Prometheus text format. Instrument names are already Prometheus names.
/// </summary>
public sealed class MeterCollector : IDisposable
{
    private static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();

    /// <param name="includeMeter">Which meters to publish, by name.</param>
    public MeterCollector(Func<string, bool> includeMeter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!includeMeter(instrument.Meter.Name)) return;
            var state = new InstrumentState(instrument);
            _instruments[instrument] = state;
            listener.EnableMeasurementEvents(instrument, state);
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _);
        _listener.SetMeasurementEventCallback<long>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.SetMeasurementEventCallback<float>((i, v, tags, s) => ((InstrumentState)s!).Record(v, tags));
        _listener.Start();
    }

    /// <summary>Polls observable instruments, then writes every family sorted by name.</summary>
    public void WriteTo(TextExpositionWriter writer)
    {
        _listener.RecordObservableInstruments();
        foreach (InstrumentState state in _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
            state.WriteTo(writer);
    }

    public void Dispose() => _listener.Dispose();

    private sealed class InstrumentState
    {
        private readonly ConcurrentDictionary<string, AggregatedSeries> _series = new(StringComparer.Ordinal);
        private readonly InstrumentKind _kind;
        private readonly double[] _bounds = [];

        public InstrumentState(Instrument instrument)
        {
            Name = Sanitize(instrument.Name);
            Help = string.IsNullOrEmpty(instrument.Description) ? instrument.Name : instrument.Description;
            Type type = instrument.GetType();
            string generic = type.IsGenericType ? type.GetGenericTypeDefinition().Name : type.Name;
            _kind = generic switch
            {
                "Counter`1" or "UpDownCounter`1" => InstrumentKind.Sum,
                "Histogram`1" => InstrumentKind.Histogram,
                _ => InstrumentKind.LastValue,
            };
            IsCounter = generic is "Counter`1" or "ObservableCounter`1";
            if (_kind == InstrumentKind.Histogram)
                _bounds = HistogramBounds(instrument) ?? DefaultBounds;
        }

        public string Name { get; }
        public string Help { get; }
        public bool IsCounter { get; }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            AggregatedSeries series = SeriesFor(tags);
            switch (_kind)
            {
                case InstrumentKind.Sum: series.Add(value); break;
                case InstrumentKind.LastValue: series.Set(value); break;
                default: series.Observe(value, _bounds); break;
            }
        }

        public void WriteTo(TextExpositionWriter w)
        {
            if (_series.IsEmpty) return;
            var all = _series.Values.OrderBy(s => Key(s.Labels), StringComparer.Ordinal).ToList();
            if (_kind == InstrumentKind.Histogram)
            {
                w.WriteFamilyHeader(Name, Help, "histogram");
                foreach (AggregatedSeries s in all)
                {
                    (long[] buckets, double sum, long count) = s.HistogramSnapshot();
                    long cumulative = 0;
                    for (int i = 0; i < _bounds.Length; i++)
                    {
                        cumulative += buckets[i];
                        w.WriteSample(Name + "_bucket", s.Labels, cumulative, "le", Store.Samples.PromFloat.Format(_bounds[i]));
                    }
                    w.WriteSample(Name + "_bucket", s.Labels, count, "le", "+Inf");
                    w.WriteSample(Name + "_sum", s.Labels, sum);
                    w.WriteSample(Name + "_count", s.Labels, count);
                }
                return;
            }
            w.WriteFamilyHeader(Name, Help, IsCounter ? "counter" : "gauge");
            foreach (AggregatedSeries s in all) w.WriteSample(Name, s.Labels, s.Value);
        }

        private AggregatedSeries SeriesFor(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = new KeyValuePair<string, string>[tags.Length];
            for (int i = 0; i < tags.Length; i++)
                labels[i] = new(Sanitize(tags[i].Key), Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
            Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            string key = Key(labels);
            int bucketCount = _kind == InstrumentKind.Histogram ? _bounds.Length + 1 : 0;
            return _series.GetOrAdd(key, static (_, arg) => new AggregatedSeries(arg.labels, arg.bucketCount), (labels, bucketCount));
        }

        private static string Key(KeyValuePair<string, string>[] labels)
        {
            var sb = new StringBuilder();
            foreach (var (k, v) in labels) sb.Append(k).Append('\u0001').Append(v).Append('\u0002');
            return sb.ToString();
        }

        private static double[]? HistogramBounds(Instrument instrument) => instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries?.ToArray(),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
            _ => null,
        };

        /// <summary>Maps characters Prometheus does not allow in names (such as '.') to '_'.</summary>
        private static string Sanitize(string name)
        {
            var chars = name.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                bool ok = char.IsAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && char.IsAsciiDigit(c));
                if (!ok) chars[i] = '_';
            }
            return new string(chars);
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Metrics.Collector.Exposition.OpenMetrics;

/// <summary>
/// Enforces the metric family rules of OpenMetrics: descriptors precede samples, a sample's name fits
/// its family's type, and every family (and every sample name it owns) appears in one contiguous run.
/// </summary>
/// <remarks>
/// A sample that does not fit the open family starts a new family of type unknown named after it, as the
/// specification allows. The names of finished families and their sample names go into a reusable set,
/// so the per-sample work is a prefix comparison and nothing is allocated in steady state.
/// </remarks>
internal sealed class OpenMetricsFamilies
{
    private readonly MetricNameSet _used = new();
    // The open family's name, followed by room to append a suffix when its sample names are recorded.
    private byte[] _name = new byte[128];
    private int _nameLength;
    private bool _open;
    private OpenMetricsType _type;
    private Descriptors _described;
    private bool _sampled;

    [Flags]
    private enum Descriptors { None = 0, Type = 1, Help = 2, Unit = 4 }

    private ReadOnlySpan<byte> Name => _name.AsSpan(0, _nameLength);

    public void Reset()
    {
        _used.Clear();
        _open = false;
    }

    /// <summary>Accounts for a TYPE, HELP or UNIT line of family <paramref name="name"/>.</summary>
    public void OnDescriptor(ReadOnlySpan<byte> name, OpenMetricsEntryKind kind, int line)
    {
        Descriptors flag = kind switch
        {
            OpenMetricsEntryKind.Type => Descriptors.Type,
            OpenMetricsEntryKind.Help => Descriptors.Help,
            _ => Descriptors.Unit,
        };
        if (!_open || !name.SequenceEqual(Name))
        {
            Start(name, line, fromSample: false);
        }
        else if (_sampled)
        {
            ExpositionErrors.Throw(line, $"{Keyword(kind)} line for metric family {ExpositionErrors.Quote(name)} after its samples; descriptors must come first");
        }
        else if ((_described & flag) != 0)
        {
            ExpositionErrors.Throw(line, $"second {Keyword(kind)} line for metric family {ExpositionErrors.Quote(name)}");
        }
        _described |= flag;
    }

    /// <summary>Sets the type of the family whose TYPE line was just accounted for.</summary>
    public void SetType(OpenMetricsType type) => _type = type;

    /// <summary>Accounts for a sample named <paramref name="metricName"/> and returns its family's type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public OpenMetricsType OnSample(ReadOnlySpan<byte> metricName, int line)
    {
        if (_open && metricName.StartsWith(Name) && Fits(_type, metricName[_nameLength..]))
        {
            _sampled = true;
            return _type;
        }
        return StartFromSample(metricName, line);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private OpenMetricsType StartFromSample(ReadOnlySpan<byte> metricName, int line)
    {
        // A typed family followed by a sample spelled like one of its own (the bare name, or the name with
        // another type's suffix) is a mistake in the exposition, not the start of an unrelated family.
        if (_open && (_described & Descriptors.Type) != 0 && _type != OpenMetricsType.Unknown
            && metricName.StartsWith(Name) && IsAnySuffix(metricName[_nameLength..]))
        {
            MisfitSample(metricName, line);
        }
        Start(metricName, line, fromSample: true);
        _sampled = true;
        return OpenMetricsType.Unknown;
    }

    private void Start(ReadOnlySpan<byte> name, int line, bool fromSample)
    {
        if (_open) RecordSampleNames();
        if (!_used.Add(name))
        {
            ExpositionErrors.Throw(line, fromSample
                ? $"sample {ExpositionErrors.Quote(name)} belongs to a metric family that ended earlier; the samples of a family must be contiguous"
                : $"metric family {ExpositionErrors.Quote(name)} appeared earlier; the lines of a family must be contiguous");
        }
        if (_name.Length < name.Length + MaxSuffixLength) _name = new byte[Math.Max(_name.Length * 2, name.Length + MaxSuffixLength)];
        name.CopyTo(_name);
        _nameLength = name.Length;
        _open = true;
        _type = OpenMetricsType.Unknown;
        _described = Descriptors.None;
        _sampled = false;
    }

    // The family name itself went in when the family started; its typed sample names go in now that its type is final.
    private void RecordSampleNames()
    {
        foreach (string suffix in Suffixes(_type))
        {
            int n = Encoding.ASCII.GetBytes(suffix, _name.AsSpan(_nameLength));
            _used.Add(_name.AsSpan(0, _nameLength + n));
        }
    }

    private const int MaxSuffixLength = 8;

    private static readonly string[] CounterSuffixes = ["_total", "_created"];
    private static readonly string[] HistogramSuffixes = ["_bucket", "_count", "_sum", "_created"];
    private static readonly string[] GaugeHistogramSuffixes = ["_bucket", "_gcount", "_gsum"];
    private static readonly string[] SummarySuffixes = ["_count", "_sum", "_created"];
    private static readonly string[] InfoSuffixes = ["_info"];

    private static string[] Suffixes(OpenMetricsType type) => type switch
    {
        OpenMetricsType.Counter => CounterSuffixes,
        OpenMetricsType.Histogram => HistogramSuffixes,
        OpenMetricsType.GaugeHistogram => GaugeHistogramSuffixes,
        OpenMetricsType.Summary => SummarySuffixes,
        OpenMetricsType.Info => InfoSuffixes,
        _ => [],
    };

    /// <summary>Whether a sample named family name + <paramref name="suffix"/> belongs to a family of <paramref name="type"/>.</summary>
    private static bool Fits(OpenMetricsType type, ReadOnlySpan<byte> suffix) => type switch
    {
        OpenMetricsType.Counter => suffix.SequenceEqual("_total"u8) || suffix.SequenceEqual("_created"u8),
        OpenMetricsType.Histogram => suffix.SequenceEqual("_bucket"u8) || suffix.SequenceEqual("_count"u8)
            || suffix.SequenceEqual("_sum"u8) || suffix.SequenceEqual("_created"u8),
        OpenMetricsType.GaugeHistogram => suffix.SequenceEqual("_bucket"u8) || suffix.SequenceEqual("_gcount"u8)
            || suffix.SequenceEqual("_gsum"u8),
        OpenMetricsType.Summary => suffix.IsEmpty || suffix.SequenceEqual("_count"u8)
            || suffix.SequenceEqual("_sum"u8) || suffix.SequenceEqual("_created"u8),
        OpenMetricsType.Info => suffix.SequenceEqual("_info"u8),
        _ => suffix.IsEmpty,
    };

    private static bool IsAnySuffix(ReadOnlySpan<byte> suffix) =>
        suffix.IsEmpty || suffix.SequenceEqual("_total"u8) || suffix.SequenceEqual("_created"u8)
        || suffix.SequenceEqual("_bucket"u8) || suffix.SequenceEqual("_count"u8) || suffix.SequenceEqual("_sum"u8)
        || suffix.SequenceEqual("_gcount"u8) || suffix.SequenceEqual("_gsum"u8) || suffix.SequenceEqual("_info"u8);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private void MisfitSample(ReadOnlySpan<byte> metricName, int line)
    {
        string family = Encoding.ASCII.GetString(Name);
        IEnumerable<string> names = Suffixes(_type).Select(s => family + s);
        if (_type is OpenMetricsType.Gauge or OpenMetricsType.StateSet or OpenMetricsType.Summary) names = names.Prepend(family);
        string expected = string.Join(" or ", names);
        ExpositionErrors.Throw(line,
            $"sample {ExpositionErrors.Quote(metricName)} does not fit the {TypeWord(_type)} family {ExpositionErrors.Quote(Name)}; expected {expected}");
    }

    private static string Keyword(OpenMetricsEntryKind kind) => kind switch
    {
        OpenMetricsEntryKind.Type => "TYPE",
        OpenMetricsEntryKind.Help => "HELP",
        _ => "UNIT",
    };

    internal static string TypeWord(OpenMetricsType type) => type switch
    {
        OpenMetricsType.Counter => "counter",
        OpenMetricsType.Gauge => "gauge",
        OpenMetricsType.Histogram => "histogram",
        OpenMetricsType.GaugeHistogram => "gaugehistogram",
        OpenMetricsType.StateSet => "stateset",
        OpenMetricsType.Info => "info",
        OpenMetricsType.Summary => "summary",
        _ => "unknown",
    };
}

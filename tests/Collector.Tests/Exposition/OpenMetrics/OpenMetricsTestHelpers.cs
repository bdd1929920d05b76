using System.Text;
using Metrics.Collector.Exposition;
using Metrics.Collector.Exposition.OpenMetrics;

namespace Metrics.Collector.Tests.Exposition.OpenMetrics;

/// <summary>A heap copy of an <see cref="OpenMetricsEntry"/>, which as a ref struct cannot be collected into a list.</summary>
internal sealed record OmSnapshot(
    OpenMetricsEntryKind Kind, string MetricName, string Series, string Text, string HelpText,
    double Value, long? TimestampMs, OpenMetricsType Type,
    bool HasExemplar, string ExemplarLabels, double ExemplarValue, long? ExemplarTimestampMs, int LineNumber);

internal static class OpenMetricsTestHelpers
{
    public static readonly string PeerDirectory = Metrics.Tests.Shared.RepoPaths.Fixture("peer", "exposition");

    /// <summary>The folder of these tests, which holds their own small fixtures.</summary>
    public static readonly string OwnDirectory =
        Path.Combine(Metrics.Tests.Shared.RepoPaths.Root, "tests", "Collector.Tests", "Exposition", "OpenMetrics");

    public static List<OmSnapshot> ReadAll(string payload) => ReadAll(Encoding.UTF8.GetBytes(payload));

    public static List<OmSnapshot> ReadAll(byte[] payload)
    {
        var entries = new List<OmSnapshot>();
        var reader = new OpenMetricsReader(payload);
        while (reader.TryRead(out OpenMetricsEntry e))
        {
            entries.Add(new OmSnapshot(
                e.Kind,
                Encoding.UTF8.GetString(e.MetricName),
                Encoding.UTF8.GetString(e.Series),
                Encoding.UTF8.GetString(e.Text),
                e.GetHelpText(),
                e.Value,
                e.TimestampMs,
                e.Type,
                e.HasExemplar,
                Encoding.UTF8.GetString(e.ExemplarLabels),
                e.ExemplarValue,
                e.ExemplarTimestampMs,
                reader.LineNumber));
        }
        return entries;
    }

    /// <summary>The single entry of <paramref name="lines"/> followed by <c># EOF</c>.</summary>
    public static OmSnapshot Single(string lines) => Assert.Single(ReadAll(lines + "# EOF\n"));

    public static ExpositionFormatException Rejects(string payload) => Rejects(Encoding.UTF8.GetBytes(payload));

    public static ExpositionFormatException Rejects(byte[] payload) =>
        Assert.Throws<ExpositionFormatException>(() => ReadAll(payload));

    /// <summary>Samples collected by <see cref="OpenMetricsFile"/>, copied out of the spans it lends.</summary>
    public static List<(string Series, double Value, long TimestampMs)> StreamAll(byte[] payload, int bufferSize)
    {
        var samples = new List<(string, double, long)>();
        using var stream = new MemoryStream(payload);
        long count = OpenMetricsFile.ReadSamples(stream, (series, value, ts) => samples.Add((Encoding.UTF8.GetString(series), value, ts)),
            new OpenMetricsFileOptions { BufferSize = bufferSize });
        Assert.Equal(samples.Count, count);
        return samples;
    }

    // Counted with plain string handling, independent of the parser under test.
    public static int CountSampleLines(string path) => File.ReadAllLines(path).Count(l => l.Length > 0 && !l.StartsWith('#'));
}

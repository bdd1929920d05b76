using System.Text;
using Metrics.Collector.Exposition;

namespace Metrics.Collector.Tests.Exposition;

/// <summary>A heap copy of an <see cref="ExpositionEntry"/>, which as a ref struct cannot be collected into a list.</summary>
internal sealed record EntrySnapshot(
    ExpositionEntryKind Kind, string MetricName, string Series, string Text, string HelpText,
    double Value, long? TimestampMs, MetricType MetricType, int LineNumber);

internal static class ExpositionTestHelpers
{
    public static readonly string PeerDirectory = Metrics.Tests.Shared.RepoPaths.Fixture("peer", "exposition");

    public static List<EntrySnapshot> ReadAll(string payload) => ReadAll(Encoding.UTF8.GetBytes(payload));

    public static List<EntrySnapshot> ReadAll(byte[] payload)
    {
        var entries = new List<EntrySnapshot>();
        var reader = new TextExpositionReader(payload);
        while (reader.TryRead(out ExpositionEntry e))
        {
            entries.Add(new EntrySnapshot(
                e.Kind,
                Encoding.UTF8.GetString(e.MetricName),
                Encoding.UTF8.GetString(e.Series),
                Encoding.UTF8.GetString(e.Text),
                e.GetHelpText(),
                e.Value,
                e.TimestampMs,
                e.MetricType,
                reader.LineNumber));
        }
        return entries;
    }

    public static EntrySnapshot Single(string payload) => Assert.Single(ReadAll(payload));

    public static ExpositionFormatException Rejects(string payload) => Rejects(Encoding.UTF8.GetBytes(payload));

    public static ExpositionFormatException Rejects(byte[] payload) =>
        Assert.Throws<ExpositionFormatException>(() => ReadAll(payload));
}

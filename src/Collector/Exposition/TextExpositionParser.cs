namespace Metrics.Collector.Exposition;

/// <summary>Convenience over <see cref="TextExpositionReader"/> that materialises every sample of a payload.</summary>
public static class TextExpositionParser
{
    /// <summary>Parses every sample line of a text format 0.0.4 payload; HELP and TYPE lines are validated and dropped.</summary>
    /// <exception cref="ExpositionFormatException">Any line is malformed; nothing is returned then.</exception>
    public static List<ScrapedSample> ParseAll(ReadOnlySpan<byte> payload)
    {
        var samples = new List<ScrapedSample>();
        ParseAll(payload, samples);
        return samples;
    }

    /// <summary>Appends every sample of <paramref name="payload"/> to <paramref name="into"/>, which may be a reused list.</summary>
    /// <remarks>On a malformed line the samples before it have already been appended.</remarks>
    public static void ParseAll(ReadOnlySpan<byte> payload, List<ScrapedSample> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var reader = new TextExpositionReader(payload);
        while (reader.TryRead(out ExpositionEntry entry))
        {
            if (entry.Kind != ExpositionEntryKind.Sample) continue;
            into.Add(new ScrapedSample(SeriesParser.Parse(entry.Series, reader.LineNumber), entry.Value, entry.TimestampMs));
        }
    }
}

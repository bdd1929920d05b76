using System.Globalization;
using System.Text;

namespace Metrics.Store.RemoteWrite;

/// <summary>What one remote-write request stored and what it dropped, by reason.</summary>
public sealed record RemoteWriteResult
{
    /// <summary>Series in the request, valid or not.</summary>
    public int Series { get; init; }

    /// <summary>Float samples in the request, including those of invalid series.</summary>
    public int SamplesReceived { get; init; }

    /// <summary>Samples the storage accepted; a re-send of a series' newest sample (same time and value) is neither accepted nor dropped.</summary>
    public int SamplesAccepted { get; init; }

    public int SamplesOutOfOrder { get; init; }

    /// <summary>Samples whose timestamp the series already has with a different value.</summary>
    public int SamplesDuplicateTimestamp { get; init; }

    /// <summary>Series skipped because of a missing or invalid metric name, an invalid or a repeated label name.</summary>
    public int InvalidSeries { get; init; }

    /// <summary>Samples skipped with <see cref="InvalidSeries"/>.</summary>
    public int SamplesInInvalidSeries { get; init; }

    /// <summary>Native histogram samples, which the store does not keep.</summary>
    public int HistogramsDropped { get; init; }

    /// <summary>The first reason something was dropped, for the sender; null when nothing was.</summary>
    public string? FirstError { get; init; }

    public int SamplesRejected => SamplesOutOfOrder + SamplesDuplicateTimestamp;

    /// <summary>True when every sample was stored (or was an exact re-send of a stored one).</summary>
    public bool IsComplete => SamplesRejected == 0 && InvalidSeries == 0 && HistogramsDropped == 0;

    /// <summary>One line naming what was dropped and how much was stored, e.g. for a 400 answer.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        CultureInfo inv = CultureInfo.InvariantCulture;
        if (SamplesRejected > 0)
        {
            sb.Append(inv, $"{SamplesRejected} samples rejected (out of order: {SamplesOutOfOrder}, duplicate timestamp: {SamplesDuplicateTimestamp}); ");
        }
        if (InvalidSeries > 0)
        {
            sb.Append(inv, $"{InvalidSeries} series with invalid labels dropped ({SamplesInInvalidSeries} samples); ");
        }
        if (HistogramsDropped > 0)
        {
            sb.Append(inv, $"{HistogramsDropped} native histogram samples dropped (not supported); ");
        }
        sb.Append(inv, $"{SamplesAccepted} samples stored");
        if (FirstError is not null) sb.Append("; first error: ").Append(FirstError);
        return sb.ToString();
    }
}

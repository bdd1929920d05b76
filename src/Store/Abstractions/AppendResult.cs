namespace Metrics.Store.Abstractions;

/// <summary>The outcome of a committed batch: accepted samples and refusals by reason.</summary>
public readonly record struct AppendResult(int Accepted, int OutOfOrder, int DuplicateTimestamp)
{
    public int Rejected => OutOfOrder + DuplicateTimestamp;
}

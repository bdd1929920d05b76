namespace Metrics.Store.Index;

/// <summary>An inverted index: for each label pair, the sorted references of the series that carry it.</summary>
public interface IPostingsSource
{
    /// <summary>All label names, sorted.</summary>
    IReadOnlyList<string> LabelNames();

    /// <summary>All values of one label, sorted.</summary>
    IReadOnlyList<string> LabelValues(string name);

    /// <summary>Sorted references of series with <c>name="value"</c>; empty when none.</summary>
    ReadOnlySpan<ulong> Postings(string name, string value);

    /// <summary>Sorted references of every series.</summary>
    ReadOnlySpan<ulong> AllPostings();
}

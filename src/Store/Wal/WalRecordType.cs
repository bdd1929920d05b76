namespace Metrics.Store.Wal;

/// <summary>The kinds of WAL records; 0 is never written, so a zero-filled tail reads as corruption.</summary>
public enum WalRecordType : byte
{
    Invalid = 0,
    /// <summary>New series: reference and labels.</summary>
    Series = 1,
    /// <summary>Float samples: series reference, timestamp, value bits.</summary>
    Samples = 2,
}

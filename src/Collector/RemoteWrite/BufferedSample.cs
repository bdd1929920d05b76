namespace Metrics.Collector.RemoteWrite;

/// <summary>Where one sample's ready-to-send protobuf entry sits inside a <see cref="ShipmentRound"/>.</summary>
public readonly record struct BufferedSample(int Offset, int Length, ulong SeriesHash, long TimestampMs);

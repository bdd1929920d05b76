using System.Text.Json;
using System.Text.Json.Serialization;

namespace Metrics.Store.Blocks;

/// <summary>The <c>meta.json</c> of a block: its identity, time range [MinTime, MaxTime) and statistics.</summary>
public sealed record BlockMeta
{
    public const string FileName = "meta.json";

    [JsonPropertyName("ulid")] public required string Ulid { get; init; }
    [JsonPropertyName("minTime")] public long MinTime { get; init; }
    /// <summary>Exclusive, as in Prometheus.</summary>
    [JsonPropertyName("maxTime")] public long MaxTime { get; init; }
    [JsonPropertyName("stats")] public BlockStats Stats { get; init; } = new();
    [JsonPropertyName("compaction")] public BlockCompaction Compaction { get; init; } = new();
    [JsonPropertyName("version")] public int Version { get; init; } = 1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static BlockMeta Read(string blockDir)
    {
        string path = Path.Combine(blockDir, FileName);
        return JsonSerializer.Deserialize<BlockMeta>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path}: empty meta.json");
    }

    /// <summary>Writes and fsyncs meta.json; the block folder is renamed into place only after this.</summary>
    public void Write(string blockDir)
    {
        using var file = new FileStream(Path.Combine(blockDir, FileName), FileMode.CreateNew, FileAccess.Write);
        JsonSerializer.Serialize(file, this, Json);
        file.Flush(flushToDisk: true);
    }
}

public sealed record BlockStats
{
    [JsonPropertyName("numSamples")] public long NumSamples { get; init; }
    [JsonPropertyName("numSeries")] public long NumSeries { get; init; }
    [JsonPropertyName("numChunks")] public long NumChunks { get; init; }
}

public sealed record BlockCompaction
{
    [JsonPropertyName("level")] public int Level { get; init; } = 1;
    [JsonPropertyName("sources")] public IReadOnlyList<string> Sources { get; init; } = [];
}

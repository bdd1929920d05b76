using System.Buffers.Binary;
using System.Globalization;

namespace Metrics.Store.Wal;

/// <summary>
/// Framing of WAL records and names of WAL files (docs/storage-format.md): each record is
/// <c>type:u8 | length:u32le | crc32c(payload):u32le | payload</c>; segments are files named by an
/// 8-digit sequence number; a checkpoint is a folder <c>checkpoint.NNNNNNNN</c> that replaces
/// every segment up to NNNNNNNN.
/// </summary>
public static class WalFormat
{
    public const int HeaderSize = 9;

    /// <summary>The largest payload a record may have; anything larger is treated as corruption.</summary>
    public const int MaxPayload = 64 << 20;

    public const string CheckpointPrefix = "checkpoint.";

    public static string SegmentName(int index) => index.ToString("D8", CultureInfo.InvariantCulture);

    public static void WriteHeader(Span<byte> header, WalRecordType type, ReadOnlySpan<byte> payload)
    {
        header[0] = (byte)type;
        BinaryPrimitives.WriteUInt32LittleEndian(header[1..], (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[5..], Crc32C.Compute(payload));
    }

    /// <summary>Segment files in a folder, in sequence order; other files are ignored.</summary>
    public static List<(int Index, string Path)> ListSegments(string dir)
    {
        var result = new List<(int, string)>();
        if (!Directory.Exists(dir)) return result;
        foreach (string path in Directory.EnumerateFiles(dir))
        {
            string name = Path.GetFileName(path);
            if (name.Length == 8 && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                result.Add((index, path));
        }
        result.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return result;
    }

    /// <summary>The newest complete checkpoint folder and the last segment it covers, or null.</summary>
    public static (int Index, string Path)? LatestCheckpoint(string dir)
    {
        (int, string)? best = null;
        if (!Directory.Exists(dir)) return null;
        foreach (string path in Directory.EnumerateDirectories(dir, CheckpointPrefix + "*"))
        {
            string suffix = Path.GetFileName(path)[CheckpointPrefix.Length..];
            // A ".tmp" folder is a checkpoint that was interrupted: never read it.
            if (suffix.Length == 8 && int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                && (best is null || index > best.Value.Item1))
                best = (index, path);
        }
        return best;
    }
}

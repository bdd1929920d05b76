namespace Metrics.Store.Blocks;

/// <summary>Constants of the block files; the format is described in docs/storage-format.md.</summary>
public static class BlockFormat
{
    public const string IndexFile = "index";
    public const string ChunksDir = "chunks";
    public const uint IndexMagic = 0x4D494458;   // "MIDX"
    public const uint ChunksMagic = 0x4D43484B;  // "MCHK"
    public const byte Version = 1;
    public const int ChunksHeaderSize = 8;       // magic, version, 3 bytes padding
    public const long MaxChunkFileSize = 512L << 20;
    public const int TocSize = 5 * 8 + 4;        // five section offsets and a CRC32C of them

    /// <summary>Folders being written end with this; any found at startup are leftovers of a crash.</summary>
    public const string TempSuffix = ".tmp-for-creation";

    public static string ChunkFileName(int index) => (index + 1).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A chunk reference: the file index in the high 32 bits, the byte offset in the low 32.</summary>
    public static ulong ChunkRef(int file, long offset) => ((ulong)file << 32) | (ulong)offset;

    public static (int File, int Offset) SplitRef(ulong reference) => ((int)(reference >> 32), (int)(reference & 0xFFFFFFFF));
}

using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace Metrics.Store.Wal;

/// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of Prometheus's WAL records and chunk files.</summary>
/// <remarks>
/// Uses the SSE4.2 or ARMv8 CRC32C instruction when the CPU has one and a slicing-by-8 table
/// otherwise; both produce the same values. <see cref="Append"/> continues a checksum, so
/// <c>Append(Compute(a), b) == Compute(a + b)</c>.
/// </remarks>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78;

    // Eight 256-entry tables: s_table[k * 256 + b] is the CRC of byte b followed by k zero bytes.
    private static readonly uint[] s_table = BuildTable();

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Extends <paramref name="crc"/>, the CRC-32C of earlier bytes, with <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            return ~UpdateSse42(~crc, data);
        }
        if (ArmCrc32.Arm64.IsSupported)
        {
            return ~UpdateArm64(~crc, data);
        }
        return ~UpdateTable(~crc, data);
    }

    /// <summary>True when <see cref="Append"/> runs on a CRC instruction rather than the table.</summary>
    public static bool IsHardwareAccelerated => Sse42.X64.IsSupported || ArmCrc32.Arm64.IsSupported;

    /// <summary>The table path on the raw (pre-inverted) register, exposed so tests can compare it with the instruction path.</summary>
    internal static uint UpdateTable(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] table = s_table;
        while (data.Length >= 8)
        {
            uint low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = table[(7 * 256) + (low & 0xFF)] ^ table[(6 * 256) + ((low >> 8) & 0xFF)]
                ^ table[(5 * 256) + ((low >> 16) & 0xFF)] ^ table[(4 * 256) + (low >> 24)]
                ^ table[(3 * 256) + (high & 0xFF)] ^ table[(2 * 256) + ((high >> 8) & 0xFF)]
                ^ table[256 + ((high >> 16) & 0xFF)] ^ table[high >> 24];
            data = data[8..];
        }
        foreach (byte b in data)
        {
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return crc;
    }

    /// <summary>The instruction path on the raw register; callers check <see cref="IsHardwareAccelerated"/>.</summary>
    internal static uint UpdateHardware(uint crc, ReadOnlySpan<byte> data) =>
        Sse42.X64.IsSupported ? UpdateSse42(crc, data)
        : ArmCrc32.Arm64.IsSupported ? UpdateArm64(crc, data)
        : throw new PlatformNotSupportedException();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint UpdateSse42(uint crc, ReadOnlySpan<byte> data)
    {
        // The instruction consumes bytes in memory order, which a little-endian 8-byte read preserves.
        ulong wide = crc;
        while (data.Length >= 8)
        {
            wide = Sse42.X64.Crc32(wide, MemoryMarshal.Read<ulong>(data));
            data = data[8..];
        }
        crc = (uint)wide;
        foreach (byte b in data)
        {
            crc = Sse42.Crc32(crc, b);
        }
        return crc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint UpdateArm64(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = ArmCrc32.Arm64.ComputeCrc32C(crc, MemoryMarshal.Read<ulong>(data));
            data = data[8..];
        }
        foreach (byte b in data)
        {
            crc = ArmCrc32.ComputeCrc32C(crc, b);
        }
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint b = 0; b < 256; b++)
        {
            uint crc = b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
            }
            table[b] = crc;
        }
        for (int k = 1; k < 8; k++)
        {
            for (int b = 0; b < 256; b++)
            {
                uint previous = table[((k - 1) * 256) + b];
                table[(k * 256) + b] = table[previous & 0xFF] ^ (previous >> 8);
            }
        }
        return table;
    }
}

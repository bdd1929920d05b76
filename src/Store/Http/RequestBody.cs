using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace Metrics.Store.Http;

/// <summary>A request body read whole into a pooled array, refused early once it passes a size limit.</summary>
public sealed class RequestBody : IDisposable
{
    private const int InitialSize = 64 << 10;
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    /// <summary>The bytes read; valid until <see cref="Dispose"/> returns the array to the pool.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>Reads the body, or returns null as soon as it is known to exceed <paramref name="limit"/> bytes.</summary>
    public static async Task<RequestBody?> ReadAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        long? declared = request.ContentLength;
        if (declared > limit) return null;

        // A declared length sizes the buffer exactly; otherwise grow by doubling, never past limit + 1
        // (one byte over is enough to know the body is too large).
        long cap = Math.Min((long)limit + 1, Array.MaxLength);
        int size = (int)Math.Min(declared is { } d ? d + 1 : InitialSize, cap);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit) break;
                    byte[] bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                int read = await request.Body.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > limit) break;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length > limit)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }
        return new RequestBody(buffer, length);
    }

    public void Dispose()
    {
        byte[]? buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
    }
}

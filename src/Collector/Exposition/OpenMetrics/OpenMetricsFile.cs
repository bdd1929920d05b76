using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Metrics.Collector.Exposition.OpenMetrics;

/// <summary>
/// Streams the samples of an OpenMetrics file of any size (as written for backfilling, where every
/// sample has a timestamp) through one pooled buffer, never holding the whole file in memory.
/// </summary>
public static class OpenMetricsFile
{
    private static readonly OpenMetricsFileOptions Defaults = new();

    /// <summary>Calls <paramref name="onSample"/> for every sample of the file at <paramref name="path"/>; returns the sample count.</summary>
    /// <exception cref="ExpositionFormatException">A line is malformed, a sample has no timestamp, or the file does not end with <c># EOF</c>.</exception>
    public static long ReadSamples(string path, Action<ReadOnlySpan<byte>, double, long> onSample, OpenMetricsFileOptions? options = null)
    {
        using FileStream stream = OpenSequential(path);
        return ReadSamples(stream, onSample, options);
    }

    /// <summary>Calls <paramref name="onSample"/> for every sample read from <paramref name="stream"/>; returns the sample count.</summary>
    /// <exception cref="ExpositionFormatException">A line is malformed, a sample has no timestamp, or the stream does not end with <c># EOF</c>.</exception>
    public static long ReadSamples(Stream stream, Action<ReadOnlySpan<byte>, double, long> onSample, OpenMetricsFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(onSample);
        var visitor = new CallbackVisitor(onSample);
        return ReadSamples(stream, ref visitor, options);
    }

    /// <summary>Hands every sample of the file at <paramref name="path"/> to <paramref name="visitor"/>; returns the sample count.</summary>
    public static long ReadSamples<TVisitor>(string path, ref TVisitor visitor, OpenMetricsFileOptions? options = null)
        where TVisitor : struct, IOpenMetricsSampleVisitor
    {
        using FileStream stream = OpenSequential(path);
        return ReadSamples(stream, ref visitor, options);
    }

    /// <summary>Hands every sample read from <paramref name="stream"/> to <paramref name="visitor"/>; returns the sample count.</summary>
    /// <remarks>Samples before a malformed line have already been handed over when the exception is thrown.</remarks>
    /// <exception cref="ExpositionFormatException">A line is malformed, a sample has no timestamp, or the stream does not end with <c># EOF</c>.</exception>
    public static long ReadSamples<TVisitor>(Stream stream, ref TVisitor visitor, OpenMetricsFileOptions? options = null)
        where TVisitor : struct, IOpenMetricsSampleVisitor
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= Defaults;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BufferSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLineLength, options.BufferSize, nameof(options));

        // The pool may hand out a larger array; only `capacity` bytes are used so a small configured
        // size really does split lines (which the tests rely on).
        int capacity = options.BufferSize;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(capacity);
        var state = new OpenMetricsReaderState();
        int filled = 0;
        long samples = 0;
        bool ended = false;
        try
        {
            while (!ended)
            {
                while (filled < capacity)
                {
                    int n = stream.Read(buffer, filled, capacity - filled);
                    if (n == 0)
                    {
                        ended = true;
                        break;
                    }
                    filled += n;
                }

                // Hand the reader whole lines only; the partial last line waits for the next read.
                int usable = filled;
                if (!ended)
                {
                    int lastLineFeed = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n');
                    if (lastLineFeed < 0)
                    {
                        if (capacity >= options.MaxLineLength)
                            ExpositionErrors.Throw(state.LineNumber + 1, $"line longer than {options.MaxLineLength} bytes");
                        capacity = (int)Math.Min(2L * capacity, options.MaxLineLength);
                        if (capacity > buffer.Length) buffer = Grow(buffer, filled, capacity);
                        continue;
                    }
                    usable = lastLineFeed + 1;
                }

                samples += ReadChunk(buffer.AsSpan(0, usable), state, ended, ref visitor);
                filled -= usable;
                buffer.AsSpan(usable, filled).CopyTo(buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return samples;
    }

    private static long ReadChunk<TVisitor>(ReadOnlySpan<byte> chunk, OpenMetricsReaderState state, bool isLastChunk, ref TVisitor visitor)
        where TVisitor : struct, IOpenMetricsSampleVisitor
    {
        var reader = new OpenMetricsReader(chunk, state, isLastChunk);
        long samples = 0;
        while (reader.TryRead(out OpenMetricsEntry entry))
        {
            if (entry.Kind != OpenMetricsEntryKind.Sample) continue;
            long? timestampMs = entry.TimestampMs;
            if (!timestampMs.HasValue) MissingTimestamp(reader.LineNumber);
            visitor.OnSample(entry.Series, entry.Value, timestampMs.GetValueOrDefault());
            samples++;
        }
        return samples;
    }

    private static byte[] Grow(byte[] buffer, int filled, int capacity)
    {
        byte[] bigger = ArrayPool<byte>.Shared.Rent(capacity);
        buffer.AsSpan(0, filled).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    // The reader buffers by itself, so the FileStream should not copy through a buffer of its own.
    private static FileStream OpenSequential(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void MissingTimestamp(int lineNumber) =>
        ExpositionErrors.Throw(lineNumber, "sample without a timestamp; every sample of a backfill file needs one");

    private readonly struct CallbackVisitor(Action<ReadOnlySpan<byte>, double, long> onSample) : IOpenMetricsSampleVisitor
    {
        public void OnSample(ReadOnlySpan<byte> series, double value, long timestampMs) => onSample(series, value, timestampMs);
    }
}

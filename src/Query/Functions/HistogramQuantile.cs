namespace Metrics.Query.Functions;

/// <summary><c>histogram_quantile</c> and <c>histogram_fraction</c> over the buckets of one classic histogram, as Prometheus's <c>BucketQuantile</c> and <c>BucketFraction</c>.</summary>
/// <remarks>
/// The caller groups the <c>_bucket</c> series of one histogram (same labels apart from
/// <c>le</c>) and passes their upper bounds and values in any order. Both methods sort and
/// coalesce the span in place, so its contents are scrambled afterwards.
/// </remarks>
public static class HistogramQuantile
{
    // Relative differences between adjacent buckets below this are floating-point noise
    // (seen with sharded queries in Mimir) and are ignored in either direction.
    private const double SmallDeltaTolerance = 1e-12;

    /// <summary>Estimates the <paramref name="q"/>-quantile by linear interpolation inside the bucket holding rank <c>q * count</c>.</summary>
    /// <remarks>
    /// Rules, in Prometheus's order: NaN q gives NaN; q &lt; 0 gives -Inf; q &gt; 1 gives +Inf;
    /// no +Inf bucket gives NaN; after merging equal bounds and repairing monotonicity, fewer
    /// than two buckets or zero observations give NaN. A rank in the +Inf bucket returns the
    /// second-highest bound; the lowest bucket interpolates from 0 if its bound is positive and
    /// returns its bound otherwise.
    /// </remarks>
    public static BucketQuantileResult BucketQuantile(double q, Span<ClassicBucket> buckets)
    {
        if (double.IsNaN(q))
        {
            return new BucketQuantileResult(double.NaN, false, false, 0, 0, 0);
        }
        if (q < 0)
        {
            return new BucketQuantileResult(double.NegativeInfinity, false, false, 0, 0, 0);
        }
        if (q > 1)
        {
            return new BucketQuantileResult(double.PositiveInfinity, false, false, 0, 0, 0);
        }
        if (buckets.IsEmpty)
        {
            // Prometheus never calls it without buckets (it would index past the end).
            return new BucketQuantileResult(double.NaN, false, false, 0, 0, 0);
        }
        SortByUpperBound(buckets);
        if (!double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return new BucketQuantileResult(double.NaN, false, false, 0, 0, 0);
        }

        buckets = buckets[..Coalesce(buckets)];
        MonotonicityRepair repair = EnsureMonotonicAndIgnoreSmallDeltas(buckets);

        // These exits come after the repair on purpose: Prometheus reports the repair flags even here.
        if (buckets.Length < 2)
        {
            return repair.ToResult(double.NaN);
        }
        double observations = buckets[^1].Count;
        if (observations == 0)
        {
            return repair.ToResult(double.NaN);
        }

        double rank = q * observations;
        // Binary search over all but the +Inf bucket for the first cumulative count >= rank.
        int b = FirstCountAtLeast(buckets[..^1], rank);
        if (b == buckets.Length - 1)
        {
            return repair.ToResult(buckets[^2].UpperBound);
        }
        if (b == 0 && buckets[0].UpperBound <= 0)
        {
            return repair.ToResult(buckets[0].UpperBound);
        }

        double bucketStart = 0;
        double bucketEnd = buckets[b].UpperBound;
        double count = buckets[b].Count;
        if (b > 0)
        {
            bucketStart = buckets[b - 1].UpperBound;
            count -= buckets[b - 1].Count;
            rank -= buckets[b - 1].Count;
        }
        return repair.ToResult(bucketStart + (bucketEnd - bucketStart) * (rank / count));
    }

    /// <summary>Estimates the fraction of observations between <paramref name="lower"/> and <paramref name="upper"/>, interpolating linearly inside buckets.</summary>
    /// <remarks>
    /// The lowest bucket spans from 0 if its bound is positive, else from -Inf. Nothing is
    /// interpolated inside an infinite bucket: a bound falling into the -Inf bucket counts that
    /// whole bucket, one falling into the +Inf bucket counts none of it. NaN bounds, zero
    /// observations or a missing +Inf bucket give NaN; <c>lower &gt;= upper</c> gives 0.
    /// </remarks>
    public static double BucketFraction(double lower, double upper, Span<ClassicBucket> buckets)
    {
        if (buckets.IsEmpty)
        {
            return double.NaN;
        }
        SortByUpperBound(buckets);
        if (!double.IsPositiveInfinity(buckets[^1].UpperBound))
        {
            return double.NaN;
        }
        buckets = buckets[..Coalesce(buckets)];

        double count = buckets[^1].Count;
        if (count == 0 || double.IsNaN(lower) || double.IsNaN(upper))
        {
            return double.NaN;
        }
        if (lower >= upper)
        {
            return 0;
        }

        double rank = 0, lowerRank = 0, upperRank = 0;
        bool lowerSet = false, upperSet = false;
        double lowerBound = buckets[0].UpperBound <= 0 ? double.NegativeInfinity : 0;
        for (int i = 0; i < buckets.Length; i++)
        {
            if (i > 0)
            {
                lowerBound = buckets[i - 1].UpperBound;
            }
            double upperBound = buckets[i].UpperBound;
            double cumulative = buckets[i].Count;

            if (!lowerSet && lowerBound >= lower)
            {
                lowerRank = rank;
                lowerSet = true;
            }
            if (!upperSet && lowerBound >= upper)
            {
                upperRank = rank;
                upperSet = true;
            }
            if (lowerSet && upperSet)
            {
                break;
            }
            if (!lowerSet && lowerBound < lower && upperBound > lower)
            {
                lowerRank = Interpolate(lower, rank, cumulative, lowerBound, upperBound);
                lowerSet = true;
            }
            if (!upperSet && lowerBound < upper && upperBound > upper)
            {
                upperRank = Interpolate(upper, rank, cumulative, lowerBound, upperBound);
                upperSet = true;
            }
            if (lowerSet && upperSet)
            {
                break;
            }
            // Classic counts are cumulative, so the rank below the next bucket is this count.
            rank = cumulative;
        }
        if (!lowerSet || lowerRank > count)
        {
            lowerRank = count;
        }
        if (!upperSet || upperRank > count)
        {
            upperRank = count;
        }
        return (upperRank - lowerRank) / count;
    }

    // Linear interpolation of the cumulative count at v inside (lowerBound, upperBound]. Inside the
    // -Inf bucket the whole bucket is taken; inside the +Inf bucket the term is finite/Inf = 0.
    private static double Interpolate(double v, double rankBelow, double cumulative, double lowerBound, double upperBound)
    {
        if (double.IsNegativeInfinity(lowerBound))
        {
            return cumulative;
        }
        return rankBelow + (cumulative - rankBelow) * (v - lowerBound) / (upperBound - lowerBound);
    }

    // Merges buckets with equal upper bounds (e.g. le="0.2" and le="2e-1") by adding their
    // counts; the span must be sorted. Returns the new length.
    private static int Coalesce(Span<ClassicBucket> buckets)
    {
        ClassicBucket last = buckets[0];
        int i = 0;
        for (int j = 1; j < buckets.Length; j++)
        {
            ClassicBucket b = buckets[j];
            if (b.UpperBound == last.UpperBound)
            {
                last.Count += b.Count;
            }
            else
            {
                buckets[i] = last;
                last = b;
                i++;
            }
        }
        buckets[i] = last;
        return i + 1;
    }

    // Counts must not decrease with the bound, or the binary search returns nonsense. Tiny
    // relative differences are flattened first (either direction), then the "envelope" is taken:
    // any remaining decrease is raised to the last accepted count.
    private static MonotonicityRepair EnsureMonotonicAndIgnoreSmallDeltas(Span<ClassicBucket> buckets)
    {
        var repair = new MonotonicityRepair(double.PositiveInfinity, double.NegativeInfinity);
        double previous = buckets[0].Count;
        for (int i = 1; i < buckets.Length; i++)
        {
            double current = buckets[i].Count;
            if (current == previous)
            {
                continue;
            }
            if (AlmostEqual(previous, current, SmallDeltaTolerance))
            {
                // previous stays: the difference is ignored, not accepted.
                buckets[i].Count = previous;
                repair.FixedPrecision = true;
                continue;
            }
            if (current < previous)
            {
                buckets[i].Count = previous;
                repair.Forced = true;
                double bound = buckets[i].UpperBound;
                if (bound < repair.MinBucket)
                {
                    repair.MinBucket = bound;
                }
                if (bound > repair.MaxBucket)
                {
                    repair.MaxBucket = bound;
                }
                double diff = previous - current;
                if (diff > repair.MaxDiff)
                {
                    repair.MaxDiff = diff;
                }
                continue;
            }
            previous = current;
        }
        return repair;
    }

    // Prometheus's util/almost.Equal: relative difference against the sum of magnitudes.
    private static bool AlmostEqual(double a, double b, double epsilon)
    {
        const double MinNormal = 2.2250738585072014e-308;
        if (double.IsNaN(a) && double.IsNaN(b))
        {
            return true;
        }
        if (a == b)
        {
            return true;
        }
        double absSum = Math.Abs(a) + Math.Abs(b);
        double diff = Math.Abs(a - b);
        if (a == 0 || b == 0 || absSum < MinNormal)
        {
            return diff < epsilon * MinNormal;
        }
        return diff / Math.Min(absSum, double.MaxValue) < epsilon;
    }

    // Go's sort.Search: the smallest index whose count is >= rank, or the length if none.
    private static int FirstCountAtLeast(ReadOnlySpan<ClassicBucket> buckets, double rank)
    {
        int low = 0, high = buckets.Length;
        while (low < high)
        {
            int mid = (int)((uint)(low + high) >> 1);
            if (buckets[mid].Count >= rank)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }
        return low;
    }

    private struct MonotonicityRepair(double minBucket, double maxBucket)
    {
        public bool Forced;
        public bool FixedPrecision;
        public double MinBucket = minBucket;
        public double MaxBucket = maxBucket;
        public double MaxDiff;

        public readonly BucketQuantileResult ToResult(double value)
            => new(value, Forced, FixedPrecision, MinBucket, MaxBucket, MaxDiff);
    }

    // Orders by upper bound. Classic histograms have a few dozen buckets, so an insertion sort
    // is fast and, unlike Span.Sort with a comparer, allocation-free. Prometheus's comparator
    // treats a NaN bound as equal to everything, which is no total order; here NaN sorts first.
    private static void SortByUpperBound(Span<ClassicBucket> buckets)
    {
        if (buckets.Length > 64)
        {
            buckets.Sort(static (x, y) => x.UpperBound.CompareTo(y.UpperBound));
            return;
        }
        for (int i = 1; i < buckets.Length; i++)
        {
            ClassicBucket current = buckets[i];
            int j = i - 1;
            while (j >= 0 && buckets[j].UpperBound.CompareTo(current.UpperBound) > 0)
            {
                buckets[j + 1] = buckets[j];
                j--;
            }
            buckets[j + 1] = current;
        }
    }
}

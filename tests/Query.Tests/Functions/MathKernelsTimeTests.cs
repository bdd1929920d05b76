using Metrics.Query.Functions;

namespace Metrics.Query.Tests.Functions;

/// <summary>The calendar kernels against Prometheus's functions.test and, over DateTime's range, against .NET's calendar.</summary>
public class MathKernelsTimeTests
{
    [Fact]
    public void Epoch_fields()
    {
        Assert.Equal(1970.0, MathKernels.Year(0));
        Assert.Equal(1.0, MathKernels.Month(0));
        Assert.Equal(1.0, MathKernels.DayOfMonth(0));
        Assert.Equal(1.0, MathKernels.DayOfYear(0));
        Assert.Equal(4.0, MathKernels.DayOfWeek(0)); // Thursday.
        Assert.Equal(0.0, MathKernels.Hour(0));
        Assert.Equal(0.0, MathKernels.Minute(0));
        Assert.Equal(31.0, MathKernels.DaysInMonth(0));
    }

    [Fact]
    public void Fixture_timestamps()
    {
        const double t = 1136239445; // 2006-01-02 22:04:05 UTC, a Monday.
        Assert.Equal(2006.0, MathKernels.Year(t));
        Assert.Equal(1.0, MathKernels.Month(t));
        Assert.Equal(2.0, MathKernels.DayOfMonth(t));
        Assert.Equal(2.0, MathKernels.DayOfYear(t));
        Assert.Equal(1.0, MathKernels.DayOfWeek(t));
        Assert.Equal(22.0, MathKernels.Hour(t));
        Assert.Equal(4.0, MathKernels.Minute(t));

        Assert.Equal(2008.0, MathKernels.Year(1230767999));
        Assert.Equal(2009.0, MathKernels.Year(1230768000));
        Assert.Equal(2.29, MathKernels.Month(1456790399) + MathKernels.DayOfMonth(1456790399) / 100);
        Assert.Equal(3.01, MathKernels.Month(1456790400) + MathKernels.DayOfMonth(1456790400) / 100);
        Assert.Equal(366.0, MathKernels.DayOfYear(1483191420));
        Assert.Equal(365.0, MathKernels.DayOfYear(1672493820));
        Assert.Equal(29.0, MathKernels.DaysInMonth(1454284800));
        Assert.Equal(28.0, MathKernels.DaysInMonth(1485907200));
    }

    [Fact]
    public void Values_truncate_towards_zero_like_gos_int64_conversion()
    {
        Assert.Equal(1970.0, MathKernels.Year(-0.9));
        Assert.Equal(0.0, MathKernels.Minute(59.9));
        Assert.Equal(1969.0, MathKernels.Year(-1));
        Assert.Equal(12.0, MathKernels.Month(-1));
        Assert.Equal(31.0, MathKernels.DayOfMonth(-1));
        Assert.Equal(23.0, MathKernels.Hour(-1));
        Assert.Equal(59.0, MathKernels.Minute(-1));
        Assert.Equal(3.0, MathKernels.DayOfWeek(-1)); // Wednesday.
        Assert.Equal(365.0, MathKernels.DayOfYear(-1));
    }

    [Fact]
    public void Non_finite_values_give_nan()
    {
        Assert.True(double.IsNaN(MathKernels.Year(double.NaN)));
        Assert.True(double.IsNaN(MathKernels.Hour(double.PositiveInfinity)));
        Assert.True(double.IsNaN(MathKernels.Month(-1e300)));
    }

    [Fact]
    public void Far_years_use_the_proleptic_gregorian_calendar()
    {
        // Beyond DateTime the calendar repeats every 400 years (146097 days), in both directions.
        const double t = 1136239445;
        const double cycles = 500_000; // keeps every shifted value below 2^53, so it is exact.
        const double cycleSeconds = 146_097.0 * 86_400;
        foreach (double shifted in new[] { t + cycles * cycleSeconds, t - cycles * cycleSeconds })
        {
            double years = shifted > t ? 400 * cycles : -400 * cycles;
            Assert.Equal(2006 + years, MathKernels.Year(shifted));
            Assert.Equal(1.0, MathKernels.Month(shifted));
            Assert.Equal(2.0, MathKernels.DayOfMonth(shifted));
            Assert.Equal(1.0, MathKernels.DayOfWeek(shifted));
            Assert.Equal(22.0, MathKernels.Hour(shifted));
        }
        Assert.Equal(0.0, MathKernels.Year(-62_167_219_200)); // 0000-01-01, astronomical year 0.
        Assert.Equal(29.0, MathKernels.DaysInMonth(-62_167_219_200 + 31 * 86_400)); // Year 0 is a leap year.
    }

    [Fact]
    public void Agrees_with_dotnet_calendar_over_datetime_range()
    {
        var random = new Random(1234);
        long min = DateTimeOffset.MinValue.ToUnixTimeSeconds();
        long max = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
        for (int i = 0; i < 20_000; i++)
        {
            long s = random.NextInt64(min, max);
            DateTime d = DateTimeOffset.FromUnixTimeSeconds(s).UtcDateTime;
            Assert.Equal(d.Year, MathKernels.Year(s));
            Assert.Equal(d.Month, MathKernels.Month(s));
            Assert.Equal(d.Day, MathKernels.DayOfMonth(s));
            Assert.Equal(d.DayOfYear, MathKernels.DayOfYear(s));
            Assert.Equal((int)d.DayOfWeek, MathKernels.DayOfWeek(s));
            Assert.Equal(d.Hour, MathKernels.Hour(s));
            Assert.Equal(d.Minute, MathKernels.Minute(s));
            Assert.Equal(DateTime.DaysInMonth(d.Year, d.Month), MathKernels.DaysInMonth(s));
        }
    }
}

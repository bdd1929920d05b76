namespace Metrics.Query.Functions;

/// <summary>The <c>avg</c> aggregation: a Kahan-compensated direct mean that switches to an incremental mean once the running sum would overflow, as Prometheus does.</summary>
public struct AvgAccumulator : IFloatAccumulator
{
    private double _count;
    private double _sum;
    private double _compensation;
    private double _mean;
    private bool _incremental;

    /// <inheritdoc />
    public void Add(double value)
    {
        if (_count == 0)
        {
            _count = 1;
            _sum = value;
            _mean = value;
            return;
        }
        _count++;
        if (!_incremental)
        {
            double newCompensation = _compensation;
            double newSum = KahanSummation.Inc(value, _sum, ref newCompensation);
            if (!double.IsInfinity(newSum))
            {
                _sum = newSum;
                _compensation = newCompensation;
                return;
            }
            // The sum would overflow: continue with the mean of what was summed so far.
            _incremental = true;
            _mean = _sum / (_count - 1);
            _compensation /= _count - 1;
        }
        double q = (_count - 1) / _count;
        double scaledCompensation = q * _compensation;
        _mean = KahanSummation.Inc(value / _count, q * _mean, ref scaledCompensation);
        _compensation = scaledCompensation;
    }

    /// <inheritdoc />
    public readonly double Result => _incremental ? _mean + _compensation : _sum / _count + _compensation / _count;
}

namespace Metrics.Query.Functions;

/// <summary>Population variance by Welford's method, exactly as Prometheus's <c>stddev</c>/<c>stdvar</c> aggregations compute it (no Kahan compensation there, unlike <c>stdvar_over_time</c>).</summary>
internal struct WelfordVariance
{
    private double _count;
    private double _mean;
    private double _sumOfSquares;

    public void Add(double value)
    {
        if (_count == 0)
        {
            _count = 1;
            _mean = value;
            // Prometheus marks a group that starts with NaN or ±Inf as NaN outright.
            _sumOfSquares = double.IsNaN(value) || double.IsInfinity(value) ? double.NaN : 0;
            return;
        }
        _count++;
        double delta = value - _mean;
        _mean += delta / _count;
        _sumOfSquares += delta * (value - _mean);
    }

    public readonly double Variance => _sumOfSquares / _count;
}

using Metrics.Store.Abstractions;

namespace Metrics.Query.Engine;

/// <summary>What an expression evaluates to inside the evaluator, over all steps of the query.</summary>
internal abstract class EvalValue
{
}

/// <summary>A scalar per step.</summary>
internal sealed class ScalarSteps(double[] values) : EvalValue
{
    public double[] Values { get; } = values;
}

/// <summary>An instant vector per step: series with a value at some steps.</summary>
internal sealed class VectorSteps(List<StepSeries> series) : EvalValue
{
    public List<StepSeries> Series { get; } = series;
}

/// <summary>A range vector of raw samples, the result of a top-level range selector or subquery in an instant query.</summary>
internal sealed class RawMatrix(List<ArraySeries> series) : EvalValue
{
    public List<ArraySeries> Series { get; } = series;
}

/// <summary>A string literal's value.</summary>
internal sealed class StringResult(string value) : EvalValue
{
    public string Value { get; } = value;
}

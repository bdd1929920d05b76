using System.Collections.Frozen;

namespace Metrics.Query.Ast;

/// <summary>
/// The PromQL function catalogue of Prometheus 3.x (float and histogram functions alike), with the
/// argument types the parser checks calls against. Names are case-sensitive, unlike keywords.
/// </summary>
public static class Functions
{
    private const ValueType S = ValueType.Scalar;
    private const ValueType V = ValueType.Vector;
    private const ValueType M = ValueType.Matrix;
    private const ValueType Str = ValueType.String;

    private static readonly FrozenDictionary<string, FunctionInfo> Catalogue = Build(
    [
        F("abs", V), F("absent", V), F("absent_over_time", M),
        F("acos", V), F("acosh", V), F("asin", V), F("asinh", V), F("atan", V), F("atanh", V),
        F("avg_over_time", M), F("ceil", V), F("changes", M),
        F("clamp", V, S, S), F("clamp_max", V, S), F("clamp_min", V, S),
        F("cos", V), F("cosh", V), F("count_over_time", M),
        Optional("days_in_month", V), Optional("day_of_month", V), Optional("day_of_week", V), Optional("day_of_year", V),
        F("deg", V), F("delta", M), F("deriv", M),
        Experimental("double_exponential_smoothing", M, S, S),
        F("exp", V), F("floor", V),
        Experimental("first_over_time", M),
        F("histogram_avg", V), F("histogram_count", V), F("histogram_fraction", S, S, V),
        F("histogram_quantile", S, V),
        new FunctionInfo("histogram_quantiles", [V, Str, S], -1, V, Experimental: true),
        F("histogram_stddev", V), F("histogram_stdvar", V), F("histogram_sum", V),
        Optional("hour", V), F("idelta", M), F("increase", M),
        new FunctionInfo("info", [V, V], 1, V, Experimental: true),
        F("irate", M),
        F("label_replace", V, Str, Str, Str, Str),
        new FunctionInfo("label_join", [V, Str, Str, Str], -1, V, Experimental: false),
        F("last_over_time", M), F("ln", V), F("log10", V), F("log2", V),
        Experimental("mad_over_time", M),
        F("max_over_time", M), F("min_over_time", M),
        Optional("minute", V), Optional("month", V),
        new FunctionInfo("pi", [], 0, S, Experimental: false),
        F("predict_linear", M, S), F("present_over_time", M), F("quantile_over_time", S, M),
        F("rad", V), F("rate", M), F("resets", M),
        new FunctionInfo("round", [V, S], 1, V, Experimental: false),
        new FunctionInfo("scalar", [V], 0, S, Experimental: false),
        F("sgn", V), F("sin", V), F("sinh", V), F("sort", V),
        new FunctionInfo("sort_by_label", [V, Str], -1, V, Experimental: true),
        new FunctionInfo("sort_by_label_desc", [V, Str], -1, V, Experimental: true),
        F("sort_desc", V), F("sqrt", V),
        Experimental("start_timestamp", V),
        F("stddev_over_time", M), F("stdvar_over_time", M), F("sum_over_time", M),
        F("tan", V), F("tanh", V),
        new FunctionInfo("time", [], 0, S, Experimental: false),
        F("timestamp", V),
        Experimental("ts_of_first_over_time", M), Experimental("ts_of_last_over_time", M),
        Experimental("ts_of_max_over_time", M), Experimental("ts_of_min_over_time", M),
        F("vector", S), Optional("year", V),
    ]);

    /// <summary>Every known function by name.</summary>
    public static IReadOnlyDictionary<string, FunctionInfo> All => Catalogue;

    public static bool TryGet(string name, out FunctionInfo function)
    {
        bool found = Catalogue.TryGetValue(name, out FunctionInfo? f);
        function = f!;
        return found;
    }

    // A plain function returning an instant vector.
    private static FunctionInfo F(string name, params ValueType[] args) => new(name, args, 0, V, Experimental: false);

    // The date functions: one optional instant-vector argument, defaulting to vector(time()).
    private static FunctionInfo Optional(string name, ValueType arg) => new(name, [arg], 1, V, Experimental: false);

    private static FunctionInfo Experimental(string name, params ValueType[] args) => new(name, args, 0, V, Experimental: true);

    private static FrozenDictionary<string, FunctionInfo> Build(FunctionInfo[] functions) =>
        functions.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
}

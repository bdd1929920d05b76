using System.Text;
using System.Text.RegularExpressions;
using Metrics.Query.Ast;
using Metrics.Query.Functions;
using Metrics.Store.Labels;
using Metrics.Store.Samples;

namespace Metrics.Query.Engine;

internal sealed partial class Evaluator
{
    private EvalValue EvalCall(Call call)
    {
        string name = call.Func.Name;
        if (RangeFunctions.TryGetValue(name, out var range)) return CallRange(call, range.Kernel, range.KeepName);
        if (ElementwiseFunctions.TryGetValue(name, out Func<double, double>? f)) return MapVector(call.Args.Count > 0 ? Eval(call.Args[0]) : TimeVector(), f, dropName: true);
        switch (name)
        {
            case "time": return new ScalarSteps(StepTimes(t => t / 1000.0));
            case "pi": return Constant(Math.PI);
            case "vector": return VectorOf((ScalarSteps)Eval(call.Args[0]));
            case "scalar": return ScalarOf((VectorSteps)Eval(call.Args[0]));
            case "timestamp": return Timestamp(call.Args[0]);
            case "round": return Round(call);
            case "clamp": return Clamp((VectorSteps)Eval(call.Args[0]), Scalar(call.Args[1]), Scalar(call.Args[2]));
            case "clamp_min": return Clamp((VectorSteps)Eval(call.Args[0]), Scalar(call.Args[1]), null);
            case "clamp_max": return Clamp((VectorSteps)Eval(call.Args[0]), null, Scalar(call.Args[1]));
            case "absent": return Absent(call, Eval(call.Args[0]) is VectorSteps { Series.Count: > 0 } v ? v : null);
            case "absent_over_time": return AbsentOverTime(call);
            case "sort" or "sort_desc" or "sort_by_label" or "sort_by_label_desc":
                if (_query.StepMs > 0) _query.Warn(call, "sort is ineffective for range queries since results are always ordered by labels");
                return name.StartsWith("sort_by_label", StringComparison.Ordinal)
                    ? SortByLabel(call, descending: name == "sort_by_label_desc")
                    : SortByValue((VectorSteps)Eval(call.Args[0]), descending: name == "sort_desc");
            case "label_replace": return LabelReplace(call);
            case "label_join": return LabelJoin(call);
            case "histogram_quantile": return HistogramQuantileCall(call);
            case "histogram_fraction": return HistogramFractionCall(call);
            case "info": return Info(call);
            case "histogram_quantiles": return HistogramQuantilesCall(call);
            case "minute" or "hour" or "day_of_week" or "day_of_month" or "day_of_year" or "days_in_month" or "month" or "year":
                return MapVector(call.Args.Count > 0 ? Eval(call.Args[0]) : TimeVector(), DateFunction(name), dropName: true);
            default:
                throw new QueryException(QueryErrorType.Execution, $"function \"{name}\" is not supported yet");
        }
    }

    private double[] Scalar(Expr e) => Eval(e) is ScalarSteps s ? s.Values : throw new QueryException(QueryErrorType.Execution, "expected a scalar argument");

    private double[] StepTimes(Func<long, double> f)
    {
        var values = new double[_steps];
        for (int i = 0; i < _steps; i++) values[i] = f(StepTime(i));
        return values;
    }

    /// <summary>vector(time()): the default argument of the date functions.</summary>
    private VectorSteps TimeVector() => VectorOf(new ScalarSteps(StepTimes(t => t / 1000.0)));

    private VectorSteps VectorOf(ScalarSteps s)
    {
        var series = new StepSeries(LabelSet.Empty, _steps);
        for (int i = 0; i < _steps; i++) series.Set(i, s.Values[i]);
        return new VectorSteps([series]);
    }

    /// <summary>scalar(v): the value of a single-element vector, NaN otherwise.</summary>
    private ScalarSteps ScalarOf(VectorSteps v)
    {
        var values = new double[_steps];
        for (int i = 0; i < _steps; i++)
        {
            int n = 0;
            double value = double.NaN;
            foreach (StepSeries s in v.Series)
            {
                if (!s.Present[i]) continue;
                n++;
                value = s.Values[i];
            }
            values[i] = n == 1 ? value : double.NaN;
        }
        return new ScalarSteps(values);
    }

    private VectorSteps MapVector(EvalValue input, Func<double, double> f, bool dropName)
    {
        var v = (VectorSteps)input;
        var result = new List<StepSeries>(v.Series.Count);
        foreach (StepSeries s in v.Series)
        {
            var output = new StepSeries(s.Labels, _steps, dropName || s.DropName);
            for (int i = 0; i < _steps; i++)
                if (s.Present[i]) output.Set(i, f(s.Values[i]));
            result.Add(output);
        }
        return new VectorSteps(result);
    }

    private VectorSteps Timestamp(Expr arg)
    {
        Expr inner = arg;
        while (inner is ParenExpr p) inner = p.Expr;
        // timestamp() of a selector reports the sample's own time, not the step's.
        VectorSteps v = inner is VectorSelector selector ? EvalVectorSelector(selector, sampleTimestamps: true) : (VectorSteps)Eval(arg);
        if (inner is not VectorSelector)
        {
            foreach (StepSeries s in v.Series)
                for (int i = 0; i < _steps; i++)
                    if (s.Present[i]) s.Values[i] = StepTime(i) / 1000.0;
        }
        foreach (StepSeries s in v.Series) s.DropName = true;
        return v;
    }

    private VectorSteps Round(Call call)
    {
        var v = (VectorSteps)Eval(call.Args[0]);
        double[]? toNearest = call.Args.Count > 1 ? Scalar(call.Args[1]) : null;
        foreach (StepSeries s in v.Series)
        {
            s.DropName = true;
            for (int i = 0; i < _steps; i++)
            {
                if (!s.Present[i]) continue;
                s.Values[i] = MathKernels.Round(s.Values[i], toNearest?[i] ?? 1);
            }
        }
        return v;
    }

    private VectorSteps Clamp(VectorSteps v, double[]? min, double[]? max)
    {
        var result = new List<StepSeries>();
        foreach (StepSeries s in v.Series)
        {
            var output = new StepSeries(s.Labels, _steps, dropName: true);
            for (int i = 0; i < _steps; i++)
            {
                if (!s.Present[i]) continue;
                double lo = min?[i] ?? double.NegativeInfinity, hi = max?[i] ?? double.PositiveInfinity;
                if (MathKernels.Clamp(s.Values[i], lo, hi) is { } clamped) output.Set(i, clamped);   // min > max: no output
            }
            if (output.Count > 0) result.Add(output);
        }
        return new VectorSteps(result);
    }

    /// <summary>absent(): 1 with the labels of the argument's equality matchers where the argument is empty.</summary>
    private VectorSteps Absent(Call call, VectorSteps? v)
    {
        var output = new StepSeries(AbsentLabels(call.Args[0]), _steps);
        for (int i = 0; i < _steps; i++)
        {
            bool any = false;
            if (v is not null)
                foreach (StepSeries s in v.Series) any |= s.Present[i];
            if (!any) output.Set(i, 1);
        }
        return new VectorSteps(output.Count > 0 ? [output] : []);
    }

    private VectorSteps AbsentOverTime(Call call)
    {
        RangeSource source = ReadRange(call.Args[0]);
        VectorSteps present = EvalRangeFunction(source, static (w, in _) => 1, dropName: true);
        return Absent(call, present);
    }

    private static LabelSet AbsentLabels(Expr arg)
    {
        while (arg is ParenExpr p) arg = p.Expr;
        VectorSelector? selector = arg switch
        {
            VectorSelector v => v,
            MatrixSelector m => m.Selector,
            _ => null,
        };
        if (selector is null) return LabelSet.Empty;
        var b = new LabelSetBuilder();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (LabelMatcher m in selector.Matchers)
        {
            if (m.Name == LabelNames.MetricName) continue;
            seen[m.Name] = seen.GetValueOrDefault(m.Name) + 1;
            if (m.Type == MatcherType.Equal) b.Set(m.Name, m.Value);
        }
        // A label matched twice is ambiguous: Prometheus leaves it out.
        foreach (var (name, count) in seen)
            if (count > 1) b.Delete(name);
        return b.Build();
    }

    /// <summary>sort()/sort_desc(): only an instant query's order changes; NaN goes last either way.</summary>
    private VectorSteps SortByValue(VectorSteps v, bool descending)
    {
        if (_steps != 1) return v;
        var sorted = v.Series.OrderBy(s => double.IsNaN(s.Values[0]) ? 1 : 0)
            .ThenBy(s => descending ? -s.Values[0] : s.Values[0]).ToList();
        return new VectorSteps(sorted);
    }

    private VectorSteps SortByLabel(Call call, bool descending)
    {
        var v = (VectorSteps)Eval(call.Args[0]);
        var names = call.Args.Skip(1).Select(a => ((StringResult)Eval(a)).Value).ToList();
        Comparison<StepSeries> compare = (a, b) =>
        {
            foreach (string name in names)
            {
                int c = NaturalCompare(a.Labels.Get(name), b.Labels.Get(name));
                if (c != 0) return c;
            }
            return a.Labels.CompareTo(b.Labels);
        };
        var sorted = new List<StepSeries>(v.Series);
        sorted.Sort(descending ? (a, b) => compare(b, a) : compare);
        return new VectorSteps(sorted);
    }

    /// <summary>Natural order as Prometheus's sort_by_label: digit runs compare as numbers.</summary>
    private static int NaturalCompare(string a, string b)
    {
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            if (char.IsAsciiDigit(a[i]) && char.IsAsciiDigit(b[j]))
            {
                int si = i, sj = j;
                while (i < a.Length && char.IsAsciiDigit(a[i])) i++;
                while (j < b.Length && char.IsAsciiDigit(b[j])) j++;
                string na = a[si..i].TrimStart('0'), nb = b[sj..j].TrimStart('0');
                int c = na.Length != nb.Length ? na.Length.CompareTo(nb.Length) : string.CompareOrdinal(na, nb);
                if (c != 0) return c;
                continue;
            }
            if (a[i] != b[j]) return a[i].CompareTo(b[j]);
            i++;
            j++;
        }
        return (a.Length - i).CompareTo(b.Length - j);
    }

    private VectorSteps LabelReplace(Call call)
    {
        var v = (VectorSteps)Eval(call.Args[0]);
        string dst = ((StringResult)Eval(call.Args[1])).Value;
        string replacement = ((StringResult)Eval(call.Args[2])).Value;
        string src = ((StringResult)Eval(call.Args[3])).Value;
        string pattern = ((StringResult)Eval(call.Args[4])).Value;
        Regex regex;
        try
        {
            regex = new Regex("^(?s:" + pattern + ")$", RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new QueryException(QueryErrorType.Execution, $"invalid regular expression in label_replace(): {pattern}: {e.Message}");
        }
        if (!LabelNames.IsValidLabelName(dst)) throw new QueryException(QueryErrorType.Execution, $"invalid destination label name in label_replace(): {dst}");
        var result = new List<StepSeries>(v.Series.Count);
        foreach (StepSeries s in v.Series)
        {
            Match match = regex.Match(s.Labels.Get(src));
            if (match.Success)
            {
                string value = GoExpand(match, replacement);
                s.Labels = s.Labels.ToBuilder().Set(dst, value).Build();
                if (dst == LabelNames.MetricName) s.DropName = false;
            }
            result.Add(s);
        }
        return CheckDuplicates(new VectorSteps(result), "label_replace");
    }

    private VectorSteps LabelJoin(Call call)
    {
        var v = (VectorSteps)Eval(call.Args[0]);
        string dst = ((StringResult)Eval(call.Args[1])).Value;
        string separator = ((StringResult)Eval(call.Args[2])).Value;
        var sources = call.Args.Skip(3).Select(a => ((StringResult)Eval(a)).Value).ToList();
        if (!LabelNames.IsValidLabelName(dst)) throw new QueryException(QueryErrorType.Execution, $"invalid destination label name in label_join(): {dst}");
        foreach (StepSeries s in v.Series)
        {
            string value = string.Join(separator, sources.Select(src => s.Labels.Get(src)));
            s.Labels = s.Labels.ToBuilder().Set(dst, value).Build();
            if (dst == LabelNames.MetricName) s.DropName = false;
        }
        return CheckDuplicates(v, "label_join");
    }

    private VectorSteps CheckDuplicates(VectorSteps v, string function)
    {
        var seen = new Dictionary<LabelSet, StepSeries>();
        foreach (StepSeries s in v.Series)
        {
            LabelSet key = s.VisibleLabels;
            if (seen.TryGetValue(key, out StepSeries? other))
            {
                for (int i = 0; i < _steps; i++)
                    if (s.Present[i] && other.Present[i])
                        throw new QueryException(QueryErrorType.Execution, "vector cannot contain metrics with the same labelset");
            }
            else seen[key] = s;
        }
        return v;
    }

    /// <summary>Go's regexp Expand: $1, ${1}, $name, ${name}; $$ is a dollar; an unknown group is empty.</summary>
    internal static string GoExpand(Match match, string template)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c != '$' || i + 1 >= template.Length)
            {
                sb.Append(c);
                continue;
            }
            if (template[i + 1] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }
            string name;
            if (template[i + 1] == '{')
            {
                int close = template.IndexOf('}', i + 2);
                if (close < 0)
                {
                    sb.Append(c);
                    continue;
                }
                name = template[(i + 2)..close];
                i = close;
            }
            else
            {
                int j = i + 1;
                while (j < template.Length && (char.IsAsciiLetterOrDigit(template[j]) || template[j] == '_')) j++;
                if (j == i + 1)
                {
                    sb.Append(c);
                    continue;
                }
                name = template[(i + 1)..j];
                i = j - 1;
            }
            Group g = int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n)
                ? match.Groups[n] : match.Groups[name];
            if (g.Success) sb.Append(g.Value);
        }
        return sb.ToString();
    }

    private static Func<double, double> DateFunction(string name) => name switch
    {
        "minute" => MathKernels.Minute,
        "hour" => MathKernels.Hour,
        "day_of_week" => MathKernels.DayOfWeek,
        "day_of_month" => MathKernels.DayOfMonth,
        "day_of_year" => MathKernels.DayOfYear,
        "days_in_month" => MathKernels.DaysInMonth,
        "month" => MathKernels.Month,
        _ => MathKernels.Year,
    };

    private static readonly Dictionary<string, Func<double, double>> ElementwiseFunctions = new(StringComparer.Ordinal)
    {
        ["abs"] = MathKernels.Abs, ["ceil"] = MathKernels.Ceil, ["floor"] = MathKernels.Floor, ["exp"] = MathKernels.Exp,
        ["sqrt"] = MathKernels.Sqrt, ["ln"] = MathKernels.Ln, ["log2"] = MathKernels.Log2, ["log10"] = MathKernels.Log10,
        ["sgn"] = MathKernels.Sgn,
        ["sin"] = MathKernels.Sin, ["cos"] = MathKernels.Cos, ["tan"] = MathKernels.Tan,
        ["asin"] = MathKernels.Asin, ["acos"] = MathKernels.Acos, ["atan"] = MathKernels.Atan,
        ["sinh"] = MathKernels.Sinh, ["cosh"] = MathKernels.Cosh, ["tanh"] = MathKernels.Tanh,
        ["asinh"] = MathKernels.Asinh, ["acosh"] = MathKernels.Acosh, ["atanh"] = MathKernels.Atanh,
        ["deg"] = MathKernels.Deg, ["rad"] = MathKernels.Rad,
    };
}

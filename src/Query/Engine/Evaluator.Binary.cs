using Metrics.Query.Ast;
using Metrics.Store.Labels;

namespace Metrics.Query.Engine;

internal sealed partial class Evaluator
{
    private EvalValue EvalBinary(BinaryExpr b)
    {
        EvalValue lhs = Eval(b.Lhs);
        EvalValue rhs = Eval(b.Rhs);
        return (lhs, rhs) switch
        {
            (ScalarSteps l, ScalarSteps r) => ScalarScalar(b, l, r),
            (VectorSteps l, ScalarSteps r) => VectorScalar(b, l, r.Values, scalarOnLeft: false),
            (ScalarSteps l, VectorSteps r) => VectorScalar(b, r, l.Values, scalarOnLeft: true),
            (VectorSteps l, VectorSteps r) => b.Op is BinaryOp.And or BinaryOp.Or or BinaryOp.Unless ? SetOperation(b, l, r) : VectorVector(b, l, r),
            _ => throw new QueryException(QueryErrorType.Execution, "binary expression must contain only scalar and instant vector types"),
        };
    }

    private static bool IsComparison(BinaryOp op) => op is BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.GreaterThan
        or BinaryOp.LessThan or BinaryOp.GreaterEqual or BinaryOp.LessEqual;

    /// <summary>Arithmetic result, or for comparisons 1/0 (true/false) in <paramref name="keep"/>.</summary>
    private static double Apply(BinaryOp op, double l, double r, out bool keep)
    {
        keep = true;
        switch (op)
        {
            case BinaryOp.Add: return l + r;
            case BinaryOp.Sub: return l - r;
            case BinaryOp.Mul: return l * r;
            case BinaryOp.Div: return l / r;
            case BinaryOp.Mod: return GoMod(l, r);
            case BinaryOp.Pow: return Math.Pow(l, r);
            case BinaryOp.Atan2: return Math.Atan2(l, r);
            case BinaryOp.Equal: keep = l == r; return l;
            case BinaryOp.NotEqual: keep = l != r; return l;
            case BinaryOp.GreaterThan: keep = l > r; return l;
            case BinaryOp.LessThan: keep = l < r; return l;
            case BinaryOp.GreaterEqual: keep = l >= r; return l;
            case BinaryOp.LessEqual: keep = l <= r; return l;
            default: throw new QueryException(QueryErrorType.Execution, $"operator \"{op.Text()}\" not allowed here");
        }
    }

    /// <summary>
    /// One vector-vector element: arithmetic gives its result; a comparison keeps the left value
    /// when true (a filter) or gives 1/0 with bool. False when a filter drops the element.
    /// </summary>
    private static bool TryCombine(BinaryExpr b, double vl, double vr, out double value)
    {
        value = Apply(b.Op, vl, vr, out bool keep);
        if (!IsComparison(b.Op)) return keep;
        if (b.ReturnBool)
        {
            value = keep ? 1 : 0;
            return true;
        }
        value = vl;
        return keep;
    }

    /// <summary>Go's math.Mod: the result has the sign of the dividend, like C#'s % on doubles.</summary>
    private static double GoMod(double l, double r) => l % r;

    private static ScalarSteps ScalarScalar(BinaryExpr b, ScalarSteps l, ScalarSteps r)
    {
        var values = new double[l.Values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = Apply(b.Op, l.Values[i], r.Values[i], out bool keep);
            values[i] = IsComparison(b.Op) ? (keep ? 1 : 0) : v;
        }
        return new ScalarSteps(values);
    }

    private VectorSteps VectorScalar(BinaryExpr b, VectorSteps vector, double[] scalar, bool scalarOnLeft)
    {
        bool comparison = IsComparison(b.Op);
        var result = new List<StepSeries>(vector.Series.Count);
        foreach (StepSeries s in vector.Series)
        {
            var output = new StepSeries(s.Labels, _steps, s.DropName || !comparison || b.ReturnBool);
            for (int i = 0; i < _steps; i++)
            {
                if (!s.Present[i]) continue;
                double l = scalarOnLeft ? scalar[i] : s.Values[i];
                double r = scalarOnLeft ? s.Values[i] : scalar[i];
                double v = Apply(b.Op, l, r, out bool keep);
                if (comparison)
                {
                    if (b.ReturnBool) output.Set(i, keep ? 1 : 0);
                    else if (keep) output.Set(i, s.Values[i]);   // a filter keeps the vector's own value
                }
                else output.Set(i, v);
            }
            if (output.Count > 0) result.Add(output);
        }
        return new VectorSteps(result);
    }

    /// <summary>The labels two series are matched on: only the on() labels, or all but ignoring() ones and the name.</summary>
    private static LabelSet Signature(LabelSet labels, VectorMatching? matching)
    {
        var b = new LabelSetBuilder();
        if (matching is { On: true })
        {
            foreach (string name in matching.MatchingLabels)
            {
                string v = labels.Get(name);
                if (v.Length > 0) b.Set(name, v);
            }
            return b.Build();
        }
        b.Reset(StepSeries.WithoutName(labels));
        if (matching is not null)
            foreach (string name in matching.MatchingLabels) b.Delete(name);
        return b.Build();
    }

    private VectorSteps SetOperation(BinaryExpr b, VectorSteps lhs, VectorSteps rhs)
    {
        LabelSet[] sigL = lhs.Series.ConvertAll(s => Signature(s.Labels, b.Matching)).ToArray();
        LabelSet[] sigR = rhs.Series.ConvertAll(s => Signature(s.Labels, b.Matching)).ToArray();
        var outL = lhs.Series.ConvertAll(s => new StepSeries(s.Labels, _steps, s.DropName));
        var outR = rhs.Series.ConvertAll(s => new StepSeries(s.Labels, _steps, s.DropName));
        var present = new HashSet<LabelSet>();
        for (int i = 0; i < _steps; i++)
        {
            present.Clear();
            if (b.Op == BinaryOp.Or)
            {
                for (int l = 0; l < sigL.Length; l++)
                {
                    if (!lhs.Series[l].Present[i]) continue;
                    present.Add(sigL[l]);
                    outL[l].Set(i, lhs.Series[l].Values[i]);
                }
                for (int r = 0; r < sigR.Length; r++)
                    if (rhs.Series[r].Present[i] && !present.Contains(sigR[r])) outR[r].Set(i, rhs.Series[r].Values[i]);
                continue;
            }
            for (int r = 0; r < sigR.Length; r++)
                if (rhs.Series[r].Present[i]) present.Add(sigR[r]);
            for (int l = 0; l < sigL.Length; l++)
            {
                if (!lhs.Series[l].Present[i]) continue;
                bool matched = present.Contains(sigL[l]);
                if (matched == (b.Op == BinaryOp.And)) outL[l].Set(i, lhs.Series[l].Values[i]);
            }
        }
        var result = outL.Where(s => s.Count > 0).ToList();
        result.AddRange(outR.Where(s => s.Count > 0));
        return new VectorSteps(result);
    }

    private VectorSteps VectorVector(BinaryExpr b, VectorSteps lhsIn, VectorSteps rhsIn)
    {
        VectorMatching matching = b.Matching ?? new VectorMatching(VectorMatchCardinality.OneToOne, [], false, []);
        bool swap = matching.Card == VectorMatchCardinality.OneToMany;
        // group_right is group_left with the sides exchanged; values keep their original order.
        VectorSteps many = swap ? rhsIn : lhsIn, one = swap ? lhsIn : rhsIn;
        LabelSet[] sigMany = many.Series.ConvertAll(s => Signature(s.Labels, matching)).ToArray();
        LabelSet[] sigOne = one.Series.ConvertAll(s => Signature(s.Labels, matching)).ToArray();
        bool comparison = IsComparison(b.Op);
        var outputs = new Dictionary<(int, int), StepSeries>();
        var byLabels = new Dictionary<LabelSet, StepSeries>();
        var oneBySig = new Dictionary<LabelSet, int>();
        var matchedOne = new HashSet<LabelSet>();
        var seenOutput = new HashSet<LabelSet>();
        bool fills = matching.FillLeft is not null || matching.FillRight is not null;
        var usedMany = new bool[sigMany.Length];
        var usedOne = new bool[sigOne.Length];
        var filled = new Dictionary<(bool FromMany, int Index), StepSeries>();
        for (int i = 0; i < _steps; i++)
        {
            oneBySig.Clear();
            matchedOne.Clear();
            seenOutput.Clear();
            if (fills)
            {
                Array.Clear(usedMany);
                Array.Clear(usedOne);
            }
            for (int r = 0; r < sigOne.Length; r++)
            {
                if (!one.Series[r].Present[i]) continue;
                if (!oneBySig.TryAdd(sigOne[r], r))
                {
                    string side = swap ? "left" : "right";
                    throw new QueryException(QueryErrorType.Execution,
                        $"found duplicate series for the match group {StepSeries.Describe(sigOne[r])} on the {side} hand-side of the operation: [{StepSeries.Describe(one.Series[oneBySig[sigOne[r]]].Labels)}, {StepSeries.Describe(one.Series[r].Labels)}];many-to-many matching not allowed: matching labels must be unique on one side");
                }
            }
            for (int l = 0; l < sigMany.Length; l++)
            {
                if (!many.Series[l].Present[i] || !oneBySig.TryGetValue(sigMany[l], out int r)) continue;
                usedMany[l] = true;
                usedOne[r] = true;
                if (matching.Card == VectorMatchCardinality.OneToOne && !matchedOne.Add(sigMany[l]))
                    throw new QueryException(QueryErrorType.Execution, "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                double vl = many.Series[l].Values[i], vr = one.Series[r].Values[i];
                if (swap) (vl, vr) = (vr, vl);
                if (!TryCombine(b, vl, vr, out double value)) continue;
                if (!outputs.TryGetValue((l, r), out StepSeries? output))
                {
                    LabelSet labels = ResultLabels(many.Series[l].Labels, one.Series[r].Labels, matching);
                    bool dropName = (!comparison || b.ReturnBool) || many.Series[l].DropName;
                    if (!byLabels.TryGetValue(labels, out output))
                    {
                        output = new StepSeries(labels, _steps, dropName);
                        byLabels[labels] = output;
                    }
                    outputs[(l, r)] = output;
                }
                if (!seenOutput.Add(output.Labels) && matching.Card != VectorMatchCardinality.OneToOne)
                    throw new QueryException(QueryErrorType.Execution, "multiple matches for labels: grouping labels must ensure unique matches");
                output.Set(i, value);
            }
            if (fills) FillUnmatched(b, matching, swap, many, one, usedMany, usedOne, filled, i);
        }
        var result = byLabels.Values.Where(s => s.Count > 0).ToList();
        result.AddRange(filled.Values.Where(s => s.Count > 0));
        return new VectorSteps(result);
    }

    /// <summary>
    /// The experimental fill modifiers: a series without a partner on the other side is combined
    /// with the fill value instead (fill_right when the right side is missing, fill_left when the left is).
    /// </summary>
    private void FillUnmatched(BinaryExpr b, VectorMatching matching, bool swap, VectorSteps many, VectorSteps one,
        bool[] usedMany, bool[] usedOne, Dictionary<(bool, int), StepSeries> filled, int i)
    {
        bool comparison = IsComparison(b.Op);
        void Fill(bool fromMany, int index, StepSeries source)
        {
            bool fromLeft = fromMany != swap;
            double? fill = fromLeft ? matching.FillRight : matching.FillLeft;
            if (fill is not { } f || !source.Present[i]) return;
            double vl = fromLeft ? source.Values[i] : f, vr = fromLeft ? f : source.Values[i];
            if (!TryCombine(b, vl, vr, out double value)) return;
            if (!filled.TryGetValue((fromMany, index), out StepSeries? output))
            {
                LabelSet labels = ResultLabels(source.Labels, LabelSet.Empty, matching);
                // The missing left side has no name to keep, so a series that came from the right never does.
                bool dropName = !comparison || b.ReturnBool || !fromLeft || source.DropName;
                filled[(fromMany, index)] = output = new StepSeries(labels, _steps, dropName);
            }
            output.Set(i, value);
        }
        for (int l = 0; l < usedMany.Length; l++)
            if (!usedMany[l]) Fill(true, l, many.Series[l]);
        for (int r = 0; r < usedOne.Length; r++)
            if (!usedOne[r]) Fill(false, r, one.Series[r]);
    }

    private static LabelSet ResultLabels(LabelSet many, LabelSet one, VectorMatching matching)
    {
        LabelSetBuilder b = many.ToBuilder();
        if (matching.Card == VectorMatchCardinality.OneToOne)
        {
            if (matching.On)
            {
                var keep = new HashSet<string>(matching.MatchingLabels, StringComparer.Ordinal);
                foreach (Label l in many.AsSpan())
                    if (!keep.Contains(l.Name)) b.Delete(l.Name);
            }
            else
            {
                foreach (string name in matching.MatchingLabels) b.Delete(name);
            }
        }
        foreach (string name in matching.Include)
        {
            string v = one.Get(name);
            b.Set(name, v);   // an empty value removes the label, as Prometheus does
        }
        return b.Build();
    }
}
